package dev.kiln.engine.build;

import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.base.BaseImageCache;
import dev.kiln.engine.dockerfile.plan.StageSelection;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.run.IsolationKind;
import dev.kiln.engine.snapshot.SnapshotMode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one build needs to know besides the registry client: the Dockerfile and context, the plan's
 * inputs, where to work, how to snapshot and write layers, and where the image goes.
 *
 * <p>Immutable; made with {@link #builder(Path, Path)}. The executor maps kaniko's flags onto it one to
 * one (the flag is named on each builder method).
 *
 * @param dockerfile      the Dockerfile, an existing file
 * @param context         the build context directory ({@code .dockerignore} next to the Dockerfile or at
 *                        the context root applies)
 * @param buildArgs       {@code --build-arg}s in the order given
 * @param target          {@code --target}
 * @param selection       {@link StageSelection#ALL_UP_TO_TARGET} (kaniko's default) or
 *                        {@link StageSelection#NEEDED} ({@code --skip-unused-stages})
 * @param platform        the target platform ({@code --custom-platform}, else the host's)
 * @param workDir         the executor's work directory ({@code --kaniko-dir}); stage roots, blobs, cache
 *                        mounts and downloads live below it
 * @param destinations    {@code --destination}s (tags or digests)
 * @param push            false for {@code --no-push}
 * @param tarPath         {@code --tar-path}: a docker-save tarball
 * @param ociLayoutPath   {@code --oci-layout-path}: an OCI image layout directory
 * @param labels          {@code --label}s, applied after the last step
 * @param imageFormat     {@code --image-format}; empty to inherit the base image's media types
 * @param compression     {@code --compression}
 * @param compressionLevel {@code --compression-level}, {@link Compression#DEFAULT_LEVEL} for the default
 * @param reproducible    {@code --reproducible}: no timestamps in layers or config
 * @param singleSnapshot  {@code --single-snapshot}: one layer per stage, taken at its end
 * @param snapshotMode    {@code --snapshot-mode}
 * @param ignorePaths     {@code --ignore-path}s
 * @param ignoreVarRun    {@code --ignore-var-run}
 * @param secrets         {@code --secret id=..,src=..|env=..} values
 * @param environment     the executor's environment, for {@code env=} secrets and nothing else
 * @param isolation       a forced RUN isolation, or empty to choose per host
 * @param maxParallelStages how many stages may run at once
 * @param cleanup         {@code --cleanup}: delete the work directory's build state afterwards
 * @param ignoreImmutableTags {@code --push-ignore-immutable-tag-errors}: a destination whose registry refuses
 *                        to overwrite an immutable tag is a warning, not a failure
 * @param checkPushPermission check that every destination accepts our uploads before the first step runs
 *                        (kaniko's default; {@code --skip-push-permission-check} turns it off)
 * @param force           {@code --force}: build in place in {@code /} even where no container is detected
 * @param inPlaceRoot     the directory standing for {@code /} in an in-place build ({@code isolation}
 *                        {@link IsolationKind#IN_PLACE}): {@code /} itself, or another directory for tests and
 *                        sandboxes only
 * @param cache           {@code --cache}: look each step up in the layer cache, store what runs
 * @param cacheRepo       {@code --cache-repo}: a repository or {@code oci:PATH}; empty for
 *                        {@code <first destination>/cache}
 * @param cacheOptions    {@code --cache-ttl}, {@code --cache-run-layers}, {@code --cache-copy-layers},
 *                        {@code --no-push-cache}
 * @param baseImageCache  {@code --cache-dir} with {@code --cache}: base images are looked up there before any
 *                        registry is asked; empty to always pull
 */
public record BuildRequest(Path dockerfile, Path context, Map<String, String> buildArgs, Optional<String> target,
        StageSelection selection, Platform platform, Path workDir, List<ImageReference> destinations, boolean push,
        Optional<Path> tarPath, Optional<Path> ociLayoutPath, Map<String, String> labels,
        Optional<ImageFormat> imageFormat, Compression compression, int compressionLevel, boolean reproducible,
        boolean singleSnapshot, SnapshotMode snapshotMode, List<String> ignorePaths, boolean ignoreVarRun,
        List<String> secrets, Map<String, String> environment, Optional<IsolationKind> isolation,
        int maxParallelStages, boolean cleanup, boolean ignoreImmutableTags, boolean checkPushPermission,
        boolean force, Path inPlaceRoot, boolean cache, Optional<String> cacheRepo, CacheOptions cacheOptions,
        Optional<BaseImageCache> baseImageCache) {

    /** Copies the collections (keeping order) and rejects nulls. */
    public BuildRequest {
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(context, "context");
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(workDir, "workDir");
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(tarPath, "tarPath");
        Objects.requireNonNull(ociLayoutPath, "ociLayoutPath");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        Objects.requireNonNull(imageFormat, "imageFormat");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(snapshotMode, "snapshotMode");
        ignorePaths = List.copyOf(ignorePaths);
        secrets = List.copyOf(secrets);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(isolation, "isolation");
        if (maxParallelStages < 1) {
            throw new IllegalArgumentException("maxParallelStages must be at least 1, got " + maxParallelStages);
        }
        Objects.requireNonNull(inPlaceRoot, "inPlaceRoot");
        Objects.requireNonNull(cacheRepo, "cacheRepo");
        Objects.requireNonNull(cacheOptions, "cacheOptions");
        Objects.requireNonNull(baseImageCache, "baseImageCache");
    }

    /** A builder with kaniko's defaults: all stages up to the target, host platform, gzip, no outputs. */
    public static Builder builder(Path dockerfile, Path context) {
        return new Builder(dockerfile, context);
    }

    /** Whether the stages run kaniko-style in {@link #inPlaceRoot()} ({@code --isolation=in-place}). */
    public boolean inPlace() {
        return isolation.equals(Optional.of(IsolationKind.IN_PLACE));
    }

    /** Whether the image goes anywhere a registry is involved. */
    public boolean pushes() {
        return push && !destinations.isEmpty();
    }

    /** Collects a {@link BuildRequest}. Not thread-safe. */
    public static final class Builder {
        private final Path dockerfile;
        private final Path context;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private String target;
        private StageSelection selection = StageSelection.ALL_UP_TO_TARGET;
        private Platform platform = Platform.host();
        private Path workDir;
        private final List<ImageReference> destinations = new ArrayList<>();
        private boolean push = true;
        private Path tarPath;
        private Path ociLayoutPath;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private ImageFormat imageFormat;
        private Compression compression = Compression.GZIP;
        private int compressionLevel = Compression.DEFAULT_LEVEL;
        private boolean reproducible;
        private boolean singleSnapshot;
        private SnapshotMode snapshotMode = SnapshotMode.DEFAULT;
        private final List<String> ignorePaths = new ArrayList<>();
        private boolean ignoreVarRun = true;
        private final List<String> secrets = new ArrayList<>();
        private Map<String, String> environment = Map.of();
        private IsolationKind isolation;
        private int maxParallelStages = Math.max(2, Runtime.getRuntime().availableProcessors());
        private boolean cleanup;
        private boolean ignoreImmutableTags;
        private boolean checkPushPermission;
        private boolean force;
        private Path inPlaceRoot = Path.of("/");
        private boolean cache;
        private String cacheRepo;
        private CacheOptions cacheOptions = CacheOptions.DEFAULTS;
        private BaseImageCache baseImageCache;

        private Builder(Path dockerfile, Path context) {
            this.dockerfile = dockerfile;
            this.context = context;
            this.workDir = context.resolveSibling(".kiln-work");
        }

        /** {@code --build-arg}. */
        public Builder buildArgs(Map<String, String> v) { buildArgs.putAll(v); return this; }
        /** {@code --target}. */
        public Builder target(String v) { target = v; return this; }
        /** {@code --skip-unused-stages} gives {@link StageSelection#NEEDED}. */
        public Builder selection(StageSelection v) { selection = v; return this; }
        /** {@code --custom-platform}. */
        public Builder platform(Platform v) { platform = v; return this; }
        /** {@code --kaniko-dir}. */
        public Builder workDir(Path v) { workDir = v; return this; }
        /** {@code --destination}. */
        public Builder destination(ImageReference v) { destinations.add(v); return this; }
        /** {@code --destination}s. */
        public Builder destinations(List<ImageReference> v) { destinations.addAll(v); return this; }
        /** {@code --no-push} is {@code push(false)}. */
        public Builder push(boolean v) { push = v; return this; }
        /** {@code --tar-path}. */
        public Builder tarPath(Path v) { tarPath = v; return this; }
        /** {@code --oci-layout-path}. */
        public Builder ociLayoutPath(Path v) { ociLayoutPath = v; return this; }
        /** {@code --label}. */
        public Builder labels(Map<String, String> v) { labels.putAll(v); return this; }
        /** {@code --image-format}. */
        public Builder imageFormat(ImageFormat v) { imageFormat = v; return this; }
        /** {@code --compression} and {@code --compression-level}. */
        public Builder compression(Compression c, int level) { compression = c; compressionLevel = level; return this; }
        /** {@code --reproducible}. */
        public Builder reproducible(boolean v) { reproducible = v; return this; }
        /** {@code --single-snapshot}. */
        public Builder singleSnapshot(boolean v) { singleSnapshot = v; return this; }
        /** {@code --snapshot-mode}. */
        public Builder snapshotMode(SnapshotMode v) { snapshotMode = v; return this; }
        /** {@code --ignore-path}s. */
        public Builder ignorePaths(List<String> v) { ignorePaths.addAll(v); return this; }
        /** {@code --ignore-var-run}. */
        public Builder ignoreVarRun(boolean v) { ignoreVarRun = v; return this; }
        /** {@code --secret}s. */
        public Builder secrets(List<String> v) { secrets.addAll(v); return this; }
        /** The environment {@code env=} secrets read. */
        public Builder environment(Map<String, String> v) { environment = v; return this; }
        /** A forced RUN isolation. */
        public Builder isolation(IsolationKind v) { isolation = v; return this; }
        /** How many stages may run at once. */
        public Builder maxParallelStages(int v) { maxParallelStages = v; return this; }
        /** {@code --cleanup}. */
        public Builder cleanup(boolean v) { cleanup = v; return this; }
        /** {@code --push-ignore-immutable-tag-errors}. */
        public Builder ignoreImmutableTags(boolean v) { ignoreImmutableTags = v; return this; }
        /** The push-permission check before the first step ({@code --skip-push-permission-check} is false). */
        public Builder checkPushPermission(boolean v) { checkPushPermission = v; return this; }
        /** {@code --force}: an in-place build in {@code /} even outside a detected container. */
        public Builder force(boolean v) { force = v; return this; }
        /** The directory standing for / in an in-place build (default {@code /}) — tests and sandboxes only. */
        public Builder inPlaceRoot(Path v) { inPlaceRoot = v; return this; }
        /** {@code --cache-dir} and {@code --cache-ttl} with {@code --cache}: the base-image cache, or none. */
        public Builder baseImageCache(Optional<Path> dir, java.time.Duration ttl) {
            baseImageCache = dir.map(d -> new BaseImageCache(d, ttl)).orElse(null);
            return this;
        }
        /** A base-image cache made by the caller (e.g. with its own clock). */
        public Builder baseImageCache(BaseImageCache v) { baseImageCache = v; return this; }

        /** {@code --cache}: look layers up in, and store them into, the layer cache. */
        public Builder cache(boolean v) { cache = v; return this; }
        /** {@code --cache-repo}: a repository, or {@code oci:PATH}; default {@code <first destination>/cache}. */
        public Builder cacheRepo(String v) { cacheRepo = v; return this; }
        /** {@code --cache-ttl}, {@code --cache-run-layers}, {@code --cache-copy-layers}, {@code --no-push-cache}. */
        public Builder cacheOptions(CacheOptions v) { cacheOptions = v; return this; }

        public BuildRequest build() {
            return new BuildRequest(dockerfile, context, buildArgs, Optional.ofNullable(target), selection, platform,
                    workDir, destinations, push, Optional.ofNullable(tarPath), Optional.ofNullable(ociLayoutPath),
                    labels, Optional.ofNullable(imageFormat), compression, compressionLevel, reproducible,
                    singleSnapshot, snapshotMode, ignorePaths, ignoreVarRun, secrets, environment,
                    Optional.ofNullable(isolation), maxParallelStages, cleanup, ignoreImmutableTags,
                    checkPushPermission, force, inPlaceRoot, cache, Optional.ofNullable(cacheRepo), cacheOptions,
                    Optional.ofNullable(baseImageCache));
        }
    }
}
