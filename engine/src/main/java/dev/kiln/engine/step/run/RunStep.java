package dev.kiln.engine.step.run;

import dev.kiln.engine.dockerfile.instruction.NetworkMode;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.RunDevice;
import dev.kiln.engine.dockerfile.instruction.SecurityMode;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.run.MountSpec;
import dev.kiln.engine.run.RunSpec;
import dev.kiln.engine.snapshot.IgnoreList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prepares {@code RUN} steps: from a planned {@link Step} and the image config before it to a
 * {@link PreparedRun} whose {@link RunSpec} an {@link dev.kiln.engine.run.Isolation} can start.
 *
 * <p>Thread-safe: it holds only the immutable options; cache coordination is shared per JVM
 * ({@link CacheStore}). {@link #prepare} blocks (it copies, reads secrets, may wait for a locked cache):
 * call it on a virtual thread, never on an event loop.
 */
public final class RunStep {

    /** BuildKit's default {@code PATH} for a run whose environment has none (Linux). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final RunStepOptions options;
    private final CacheStore caches;

    public RunStep(RunStepOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.caches = new CacheStore(options.cacheRoot());
    }

    /**
     * Resolves a {@code RUN} step: argv, environment, user, working directory, network and mounts. Creates
     * (and for {@code sharing=locked} waits for) cache directories, copies {@code rw} bind sources to
     * scratch space, reads secrets. On failure everything taken so far is released.
     *
     * @param step      the planned step; its instruction must be a {@link Run}
     * @param config    the image config before the step ({@code Shell}, {@code User}, {@code WorkingDir})
     * @param sources   where mount sources live
     * @param stageName the stage's name or index, for output lines
     * @param stepNo    the step's number in the stage, for output lines
     * @throws StepException naming {@code Dockerfile:<line>}, the option and the problem
     */
    public PreparedRun prepare(Step step, ImageConfig config, MountSources sources, String stageName, int stepNo)
            throws StepException {
        if (!(step.instruction() instanceof Run run)) {
            throw new IllegalArgumentException("not a RUN step: " + step.instruction().getClass().getSimpleName()
                    + " at " + step.location());
        }
        SourceRange at = step.location();
        if (run.security() == SecurityMode.INSECURE) {
            throw new StepException(at, StepException.Reason.UNSUPPORTED, "RUN --security=insecure: privileged "
                    + "execution is not supported by Kiln (it runs without a daemon and never grants privileges)");
        }
        List<String> warnings = new ArrayList<>();
        for (RunDevice d : run.devices()) {
            if (d.required()) {
                throw new StepException(at, StepException.Reason.UNSUPPORTED, "RUN --device=" + d.name()
                        + ",required: devices (CDI) are not supported by Kiln");
            }
            warnings.add(at + ": RUN --device=" + d.name() + ": devices (CDI) are not supported by Kiln; skipped");
        }
        ContainerConfig c = config.config();
        RunCommand command;
        try {
            command = RunCommand.of(run.command(), c.shell());
        } catch (IllegalArgumentException e) {
            throw new StepException(at, StepException.Reason.INVALID, "RUN: " + e.getMessage(), e);
        }
        String workingDir = c.workingDir().isEmpty() ? "/" : MountResolver.clean("/" + c.workingDir());
        NetworkMode network = run.network();
        if (network == NetworkMode.NONE && !options.allowNetworkNone()) {
            warnings.add(at + ": RUN --network=none: this host's isolation has no network namespace; "
                    + "the command runs with the default network");
            network = NetworkMode.DEFAULT;
        }

        Resources resources = new Resources(options.scratchRoot(), scratchName(stageName, stepNo));
        try {
            MountResolver mounts = new MountResolver(options, caches, sources, resources, workingDir);
            for (int i = 0; i < step.mounts().size(); i++) {
                Source source = i < step.sources().size() ? step.sources().get(i) : new Source.Scratch();
                mounts.add(step.mounts().get(i), source);
            }
            if (command.script().isPresent()) {
                mounts.mounts.add(scriptMount(command.script().get(), resources));
            }
            Env env = step.scope().env();
            for (var proxy : options.proxyEnv().asMap().entrySet()) {
                if (!env.contains(proxy.getKey())) {
                    env = env.with(proxy.getKey(), proxy.getValue());
                }
            }
            if (!env.contains("PATH")) {
                env = env.with("PATH", DEFAULT_PATH);
            }
            for (MountResolver.SecretEnv s : mounts.secretEnv) {
                env = env.with(s.name(), s.value());
            }
            RunSpec.Builder spec = RunSpec.builder(command.argv()).env(env.toList()).workingDir(workingDir)
                    .user(c.user()).network(network).step(stageName, stepNo);
            mounts.mounts.forEach(spec::mount);
            options.timeout().ifPresent(spec::timeout);
            RunSpec built;
            try {
                built = spec.build();
            } catch (IllegalArgumentException e) {
                throw new StepException(at, StepException.Reason.INVALID, e.getMessage(), e);
            }
            IgnoreList ignores = IgnoreList.none().withRunMounts(built.mounts().stream().map(MountSpec::target).toList());
            return new PreparedRun(built, ignores, warnings, resources);
        } catch (MountResolver.Problem p) {
            resources.close();
            throw new StepException(at, p.reason, p.getMessage(), p.getCause());
        } catch (InterruptedException e) {
            resources.close();
            Thread.currentThread().interrupt();
            throw new StepException(at, StepException.Reason.IO, "RUN: interrupted while waiting for a cache mount", e);
        } catch (IOException e) {
            resources.close();
            throw new StepException(at, StepException.Reason.IO, "RUN: prepare the run's files under "
                    + options.scratchRoot() + ": " + e.getMessage(), e);
        } catch (StepException | RuntimeException | Error e) {
            resources.close();
            throw e;
        }
    }

    /** A heredoc script in a scratch directory (0755), mounted read-only on {@code /dev/pipes}. */
    private static MountSpec scriptMount(RunCommand.Script script, Resources resources) throws IOException {
        Path dir = resources.directory("heredoc-", 0755);
        Path file = dir.resolve(script.name());
        Files.writeString(file, script.content(), StandardCharsets.UTF_8);
        Posix.chmod(file, 0755);
        return new MountSpec.Bind(dir, RunCommand.SCRIPT_DIR, true);
    }

    private static String scratchName(String stage, int step) {
        String safe = stage.replaceAll("[^A-Za-z0-9._-]", "_");
        return "run-" + (safe.length() > 40 ? safe.substring(0, 40) : safe) + "-" + step;
    }
}
