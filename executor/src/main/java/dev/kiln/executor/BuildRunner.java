package dev.kiln.executor;

import dev.kiln.engine.build.Build;
import dev.kiln.engine.build.BuildException;
import dev.kiln.engine.build.BuildRequest;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.executor.cli.GoDuration;
import dev.kiln.engine.build.BuildResult;
import dev.kiln.engine.build.PushAccessException;
import dev.kiln.engine.oci.Digest;
import dev.kiln.executor.output.BuilderOutput;
import dev.kiln.executor.output.DigestFiles;
import dev.kiln.executor.output.DigestOutputs;
import dev.kiln.engine.dockerfile.plan.StageSelection;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.auth.DefaultKeychain;
import dev.kiln.engine.run.IsolationKind;
import dev.kiln.engine.snapshot.SnapshotMode;
import dev.kiln.executor.cli.BuildFlags;
import dev.kiln.executor.cli.GoDuration;
import dev.kiln.executor.cli.KeyValue;
import dev.kiln.executor.cli.RegistrySettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Turns a validated executor command line into a {@link BuildRequest}, runs the build on its own Vert.x
 * instance and waits for it: the bridge between picocli's main thread and the engine's futures.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
final class BuildRunner {

    private final ExecutorOptions opts;
    private final BuildFlags flags;
    private final ExecutorPlan plan;
    private final Map<String, String> env;

    BuildRunner(ExecutorOptions opts, BuildFlags flags, ExecutorPlan plan, Map<String, String> env) {
        this.opts = opts;
        this.flags = flags;
        this.plan = plan;
        this.env = env;
    }

    /** Runs the build; the result, or a {@link BuildFailedException} with kaniko's wording and exit code. */
    BuildResult run() throws BuildFailedException, InterruptedException {
        BuildRequest request = request();
        Vertx vertx = Vertx.vertx();
        WebClient web = WebClient.create(vertx);
        DefaultKeychain keychain = DefaultKeychain.fromEnvironment(vertx, web, env,
                request.workDir().resolve(".docker"));
        RegistryClient client = RegistryClient.create(vertx, RegistrySettings.of(opts.registry, opts.pushRetry),
                keychain);
        try {
            Build build = new Build(vertx, client, request);
            // SIGTERM (a cancelled CI job, a deleted pod): kill the RUNs' process trees before the JVM exits.
            Thread hook = new Thread(build::cancel, "kiln-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            BuildResult result;
            try {
                result = build.run().toCompletionStage().toCompletableFuture().get();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs already
                }
            }
            writeDigests(result);
            return result;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int code = cause instanceof BuildException b ? b.exitCode() : 1;
            throw new BuildFailedException(cause instanceof PushAccessException ? message(cause)
                    : "error building image: " + message(cause), code, cause);
        } finally {
            // Closing is best effort and not waited for: the outcome is decided, and the executor's process
            // exits right after (waiting would add a few hundred milliseconds to every build).
            keychain.close();
            client.close().eventually(vertx::close);
        }
    }

    /** {@code --digest-file}, {@code --image-name-with-digest-file}, {@code --image-name-tag-with-digest-file}. */
    private void writeDigests(BuildResult result) throws BuildFailedException {
        Digest digest = result.manifest().digest();
        try {
            DigestFiles.write(new DigestOutputs(opts.digestFile, opts.imageNameDigestFile, opts.imageNameTagDigestFile),
                    digest, destinations());
            if (!result.pushed().isEmpty()) {
                BuilderOutput.write(env, digest, opts.destinations);
            }
        } catch (RuntimeException e) {
            throw new BuildFailedException("error writing digest files: " + message(e), 1, e);
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** The request for the flags; bad values are {@link UsageException}s naming the flag. */
    BuildRequest request() {
        Path context = contextDir();
        BuildRequest.Builder b = BuildRequest.builder(Path.of(plan.dockerfile()), context)
                .buildArgs(plan.buildArgs())
                .selection(opts.skipUnusedStages ? StageSelection.NEEDED : StageSelection.ALL_UP_TO_TARGET)
                .workDir(workDir())
                .destinations(destinations())
                .push(!opts.noPush)
                .labels(KeyValue.pairs(opts.labels, "--label"))
                .reproducible(opts.reproducible)
                .singleSnapshot(opts.singleSnapshot)
                .snapshotMode(opts.snapshotMode == null ? SnapshotMode.DEFAULT : SnapshotMode.forFlag(opts.snapshotMode))
                .ignorePaths(opts.ignorePaths)
                .ignoreVarRun(opts.ignoreVarRun)
                .secrets(flags.secrets)
                .environment(env)
                .cleanup(opts.cleanup)
                .ignoreImmutableTags(opts.pushIgnoreImmutableTagErrors)
                .checkPushPermission(!opts.skipPushPermissionCheck)
                .force(opts.force)
                .cache(opts.cache)
                .cacheOptions(CacheOptions.DEFAULTS.withTtl(GoDuration.parse(opts.cacheTtl))
                        .withRunLayers(opts.cacheRunLayers).withCopyLayers(opts.cacheCopyLayers)
                        .withPush(!opts.noPushCache))
                // kaniko reads --cache-dir only with --cache=true
                .baseImageCache(opts.cache ? Optional.of(Path.of(opts.cacheDir)) : Optional.empty(),
                        GoDuration.parse(opts.cacheTtl));
        if (opts.cacheRepo != null && !opts.cacheRepo.isEmpty()) {
            b.cacheRepo(opts.cacheRepo);
        }
        if (opts.target != null && !opts.target.isEmpty()) {
            b.target(opts.target);
        }
        if (opts.registry.customPlatform != null && !opts.registry.customPlatform.isEmpty()) {
            try {
                b.platform(Platform.parse(opts.registry.customPlatform));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid --custom-platform \"" + opts.registry.customPlatform + "\": "
                        + e.getMessage());
            }
        }
        if (opts.tarPath != null && !opts.tarPath.isEmpty()) {
            b.tarPath(Path.of(opts.tarPath));
        }
        if (opts.ociLayoutPath != null && !opts.ociLayoutPath.isEmpty()) {
            b.ociLayoutPath(Path.of(opts.ociLayoutPath));
        }
        if (opts.compression != null) {
            b.compression(opts.compression.equals("zstd") ? Compression.ZSTD : Compression.GZIP, opts.compressionLevel);
        } else if (opts.compressionLevel != Compression.DEFAULT_LEVEL) {
            b.compression(Compression.GZIP, opts.compressionLevel);
        }
        boolean zstd = "zstd".equals(opts.compression);
        if (flags.imageFormat != null) {
            ImageFormat format = switch (flags.imageFormat.toLowerCase(Locale.ROOT)) {
                case "oci" -> ImageFormat.OCI;
                case "docker" -> ImageFormat.DOCKER;
                default -> throw new UsageException("invalid --image-format \"" + flags.imageFormat
                        + "\" (oci, docker)");
            };
            if (zstd && format == ImageFormat.DOCKER) {
                throw new UsageException("--compression=zstd needs --image-format=oci: Docker schema 2 has no zstd"
                        + " layer type");
            }
            b.imageFormat(format);
        } else if (zstd) {
            // As BuildKit's compression=zstd forces oci-mediatypes: a Docker base could not carry zstd layers.
            b.imageFormat(ImageFormat.OCI);
        }
        if (flags.isolation != null) {
            b.isolation(switch (flags.isolation.toLowerCase(Locale.ROOT)) {
                case "namespaced" -> IsolationKind.NAMESPACED;
                case "chroot" -> IsolationKind.CHROOT;
                case "in-place", "inplace" -> IsolationKind.IN_PLACE;
                default -> throw new UsageException("invalid --isolation \"" + flags.isolation
                        + "\" (namespaced, chroot, in-place)");
            });
        }
        return b.build();
    }

    private List<ImageReference> destinations() {
        List<ImageReference> out = new ArrayList<>();
        for (String d : opts.destinations) {
            try {
                out.add(ImageReference.parse(d));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid --destination \"" + d + "\": " + e.getMessage());
            }
        }
        return out;
    }

    /** The local context directory with {@code --context-sub-path} applied. */
    private Path contextDir() {
        String c = plan.context();
        if (c.contains("://") && !c.startsWith("dir://")) {
            throw new UsageException("error resolving source context: context \"" + c
                    + "\" is not supported by this Kiln version (use a local directory or dir://)");
        }
        Path dir = Path.of(c.startsWith("dir://") ? c.substring("dir://".length()) : c);
        if (opts.contextSubPath != null && !opts.contextSubPath.isEmpty()) {
            dir = dir.resolve(opts.contextSubPath);
        }
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UsageException("error resolving source context: " + dir + " is not a directory");
        }
        return dir;
    }

    private Path workDir() {
        return opts.workDir(env);
    }
}
