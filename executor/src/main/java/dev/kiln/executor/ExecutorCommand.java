package dev.kiln.executor;

import dev.kiln.engine.build.BuildResult;
import dev.kiln.executor.cli.BuildFlags;
import dev.kiln.executor.cli.GoDuration;
import dev.kiln.executor.cli.KeyValue;
import dev.kiln.executor.cli.LoggingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The {@code executor} command: kaniko's flags, kaniko's validation messages and exit codes.
 *
 * <p>Not thread-safe; one instance per invocation. The flags are validated in kaniko's order so that a
 * wrong command line fails with the message a kaniko user already knows.
 */
@Command(name = "executor", mixinStandardHelpOptions = true, versionProvider = Version.class, abbreviateSynopsis = true,
        sortOptions = true, usageHelpAutoWidth = true,
        description = "Builds a container image from a Dockerfile without a Docker daemon and pushes it.",
        subcommands = {VersionCommand.class})
public final class ExecutorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorCommand.class);
    private static final Set<String> SNAPSHOT_MODES = Set.of("full", "redo", "time", "exact");
    private static final Set<String> COMPRESSIONS = Set.of("gzip", "zstd");

    @Mixin
    final ExecutorOptions opts = new ExecutorOptions();

    @Mixin
    final LoggingOptions logging = new LoggingOptions();

    @Mixin
    final BuildFlags buildFlags = new BuildFlags();

    @Spec
    CommandSpec spec;

    private final UnaryOperator<String> env;
    private final Map<String, String> environment;

    public ExecutorCommand() {
        this(System.getenv());
    }

    /** A command reading {@code environment} instead of the process's (tests, embedding). */
    public ExecutorCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.env = this.environment::get;
    }

    ExecutorCommand(UnaryOperator<String> env) {
        this.env = env;
        this.environment = System.getenv();
    }

    @Override
    public Integer call() throws Exception {
        logging.apply();
        warnDeprecated();
        ExecutorPlan plan = validate();
        LOG.info("Kiln executor {}: context {}, dockerfile {}, {}", Version.current(), plan.context(),
                plan.dockerfile(), plan.destinationsText());
        BuildResult result = new BuildRunner(opts, buildFlags, plan, environment).run();
        LOG.info("Built image {}", result.manifest().digest());
        return 0;
    }

    /** kaniko warns (and still honours) its camelCase spellings. */
    private void warnDeprecated() {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (String[] pair : new String[][]{{"--snapshotMode", "--snapshot-mode"}, {"--customPlatform", "--custom-platform"},
                {"--tarPath", "--tar-path"}, {"--whitelist-var-run", "--ignore-var-run"}}) {
            if (pr != null && pr.originalArgs().stream().anyMatch(a -> a.equals(pair[0]) || a.startsWith(pair[0] + "="))) {
                LOG.warn("Flag {} is deprecated. Use: {}", pair[0], pair[1]);
            }
        }
        if (opts.whitelistVarRun != null) {
            opts.ignoreVarRun = opts.whitelistVarRun;
        }
    }

    /**
     * Checks the flags as kaniko's PersistentPreRunE does and resolves the Dockerfile path.
     *
     * @throws UsageException with kaniko's message for the first problem found
     */
    ExecutorPlan validate() {
        opts.applyEnvironment(env);
        if (!opts.noPush && opts.destinations.isEmpty()) {
            throw new UsageException("you must provide --destination, or use --no-push");
        }
        if (opts.cache && (opts.cacheRepo == null || opts.cacheRepo.isEmpty()) && opts.noPush) {
            throw new UsageException("cache flags invalid: if using cache with --no-push, specify cache repo with --cache-repo");
        }
        if (opts.destinations.isEmpty() && opts.imageNameDigestFile != null) {
            throw new UsageException("you must provide --destination if setting ImageNameDigestFile");
        }
        if (opts.destinations.isEmpty() && opts.imageNameTagDigestFile != null) {
            throw new UsageException("you must provide --destination if setting ImageNameTagDigestFile");
        }
        if (opts.snapshotMode != null && !SNAPSHOT_MODES.contains(opts.snapshotMode)) {
            throw new UsageException("invalid --snapshot-mode \"" + opts.snapshotMode + "\" (full, redo, time, exact)");
        }
        if (opts.compression != null && !COMPRESSIONS.contains(opts.compression)) {
            throw new UsageException("invalid --compression \"" + opts.compression + "\" (gzip, zstd)");
        }
        try {
            GoDuration.parse(opts.cacheTtl);
            KeyValue.pairs(opts.labels, "--label");
            opts.registry.certificates();
            opts.registry.clientCertificates();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, String> buildArgs = KeyValue.buildArgs(opts.buildArgs, env);
        String context = opts.bucket != null && (opts.context == null || opts.context.equals("/workspace/"))
                ? (opts.bucket.contains("://") ? opts.bucket : "gs://" + opts.bucket) : opts.context;
        if (context == null || context.isEmpty()) {
            throw new UsageException("error resolving source context: please specify a path to the build context"
                    + " with the --context flag or a bucket with the --bucket flag");
        }
        return new ExecutorPlan(context, resolveDockerfile(context), opts.destinations, buildArgs);
    }

    /**
     * kaniko: the Dockerfile is found as given, or relative to the context. kaniko joins
     * {@code --context-sub-path} into the context before it looks, so the sub path is searched first; the context's
     * root stays a fallback (kaniko ignores the sub path of a local directory, so such command lines keep working).
     */
    private String resolveDockerfile(String context) {
        String df = opts.dockerfile;
        if (df.matches("^https?://.*") || isRemote(context)) {
            return df;
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(df));
        Path root = Path.of(localContextDir(context));
        if (opts.contextSubPath != null && !opts.contextSubPath.isEmpty()) {
            candidates.add(root.resolve(opts.contextSubPath).resolve(df));
        }
        candidates.add(root.resolve(df));
        for (Path candidate : candidates) {
            if (Files.exists(candidate)) {
                return candidate.toAbsolutePath().normalize().toString();
            }
        }
        List<String> looked = candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        throw new UsageException("error resolving dockerfile path: please provide a valid path to a Dockerfile"
                + " within the build context with --dockerfile (looked for "
                + String.join(", ", looked.subList(0, looked.size() - 1)) + " and " + looked.getLast() + ")");
    }

    private static boolean isRemote(String context) {
        return context.contains("://") && !context.startsWith("dir://");
    }

    private static String localContextDir(String context) {
        return context.startsWith("dir://") ? context.substring("dir://".length()) : context;
    }
}
