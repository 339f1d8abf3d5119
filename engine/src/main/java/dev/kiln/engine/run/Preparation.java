package dev.kiln.engine.run;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.run.user.ExecUser;
import dev.kiln.engine.run.user.UserLookupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every isolation does before it starts a process, in runc's order: open the rootfs, resolve the
 * user in the image, complete the environment with {@code HOME}, create the working directory, and look
 * the command up.
 *
 * <p>Immutable result of a blocking static step.
 *
 * @param rootfs  the rootfs resolver
 * @param user    the resolved credentials
 * @param env     the run's environment, with {@code HOME} added if it was missing
 * @param cwd     the working directory (container path)
 * @param argv    the command line to execute (the name replaced by the found path when the environment
 *                has no {@code PATH}, so {@code execvp} need not guess)
 * @param failure the lookup failure, if the command cannot be executed
 */
record Preparation(Rootfs rootfs, ExecUser user, List<String> env, String cwd, List<String> argv,
        Optional<CommandLookup.Failed> failure) {

    static Preparation prepare(Path root, RunSpec spec) {
        Rootfs rootfs;
        try {
            rootfs = new Rootfs(root);
        } catch (IOException e) {
            throw new RunException(RunException.Reason.SETUP, "run " + quoted(spec) + ": rootfs " + root
                    + " is not a directory: " + e.getMessage(), e);
        }
        ExecUser user;
        try {
            user = ExecUser.resolve(rootfs, spec.user());
        } catch (UserLookupException e) {
            throw new RunException(RunException.Reason.USER, "run " + quoted(spec) + ": " + e.getMessage(), e);
        }
        List<String> env = new ArrayList<>(spec.env());
        if (spec.envValue("HOME").isEmpty()) {
            env.add("HOME=" + user.home());
        }
        String cwd = RunSpec.normalize(spec.workingDir());
        List<String> targets = spec.mounts().stream().map(m -> RunSpec.normalize(m.target())).toList();
        if (!CommandLookup.underMount(cwd, targets)) {
            createWorkingDir(rootfs, cwd, spec); // below a mount it is created inside the mount, by the setup
        }
        Optional<String> path = spec.envValue("PATH");
        CommandLookup.Result found = CommandLookup.lookup(rootfs, spec.argv().getFirst(), path.orElse(null), cwd, targets);
        List<String> argv = spec.argv();
        Optional<CommandLookup.Failed> failure = Optional.empty();
        switch (found) {
            case CommandLookup.Found f when path.isEmpty() -> {
                argv = new ArrayList<>(spec.argv());
                argv.set(0, f.path());
            }
            case CommandLookup.Failed f -> failure = Optional.of(f);
            default -> { }
        }
        return new Preparation(rootfs, user, List.copyOf(env), cwd, List.copyOf(argv), failure);
    }

    /** The result for a command that cannot be executed: nothing ran. */
    RunResult execFailed(RunSpec spec, IsolationKind kind, Instant started) {
        CommandLookup.Failed f = failure.orElseThrow();
        return new RunResult(spec.argv(), kind, RunResult.Status.EXEC_FAILED, f.exitCode(), Optional.of(f.message()),
                Duration.between(started, Instant.now()));
    }

    /**
     * Creates the working directory and missing parents as root with mode 0755, as runc does; they stay in
     * the rootfs (Docker's images show them too).
     */
    private static void createWorkingDir(Rootfs rootfs, String cwd, RunSpec spec) {
        try {
            Path host = rootfs.resolve(cwd);
            List<Path> missing = new ArrayList<>();
            for (Path p = host; p.startsWith(rootfs.root()); p = p.getParent()) {
                Statx st;
                try {
                    st = Posix.statx(p);
                } catch (PosixException.NotFound e) {
                    missing.addFirst(p);
                    continue;
                }
                if (st.type() != FileType.DIRECTORY) {
                    throw new RunException(RunException.Reason.WORKING_DIR, "run " + quoted(spec) + ": working directory "
                            + cwd + ": " + rootfs.containerPath(p) + " is not a directory");
                }
                break;
            }
            for (Path p : missing) {
                Files.createDirectory(p);
                Posix.lchown(p, 0, 0);
                Posix.chmod(p, 0755);
            }
        } catch (IOException e) {
            throw new RunException(RunException.Reason.WORKING_DIR, "run " + quoted(spec) + ": create working directory "
                    + cwd + ": " + e.getMessage(), e);
        }
    }

    static String quoted(RunSpec spec) {
        return "\"" + spec.displayCommand() + "\"";
    }
}
