package dev.kiln.executor;

import dev.kiln.executor.cli.HelpSections;
import dev.kiln.executor.cli.HelpSections.Section;
import dev.kiln.executor.cli.RegistryOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every kaniko executor flag, with kaniko's names, short forms, deprecated camelCase spellings and
 * defaults, so that a kaniko command line runs unchanged. Mutable: picocli fills it once on the main thread.
 * Reference: kaniko's {@code cmd/executor/cmd/root.go}.
 */
public final class ExecutorOptions {

    /** kaniko's {@code constants.DefaultKanikoPath}: the work directory inside the executor image. */
    static final String KANIKO_DEFAULT_DIR = "/kaniko";

    /** How {@code --help} groups the flags (this class's, the registry and the logging mixins'). */
    static final List<Section> HELP_SECTIONS = List.of(
            Section.of("Build", "--dockerfile", "--context", "--context-sub-path", "--bucket", "--build-arg",
                    "--target", "--custom-platform", "--label", "--secret", "--skip-unused-stages", "--git", "--reproducible",
                    "--image-fs-extract-retry", "--kaniko-dir"),
            Section.of("Outputs & push", "--destination", "--no-push", "--tar-path", "--digest-file",
                    "--image-name-with-digest-file", "--image-name-tag-with-digest-file", "--oci-layout-path",
                    "--push-retry", "--push-ignore-immutable-tag-errors", "--skip-push-permission-check",
                    "--compression", "--compression-level", "--image-format"),
            Section.of("Cache", "--cache", "--cache-repo", "--cache-dir", "--cache-ttl", "--cache-copy-layers",
                    "--cache-run-layers", "--compressed-caching", "--no-push-cache"),
            Section.of("Registry", "--insecure", "--skip-tls-verify", "--insecure-pull", "--skip-tls-verify-pull",
                    "--insecure-registry", "--skip-tls-verify-registry", "--registry-certificate",
                    "--registry-client-cert", "--registry-mirror", "--registry-map", "--skip-default-registry-fallback",
                    "--image-download-retry"),
            Section.of("Snapshot & run", "--snapshot-mode", "--single-snapshot", "--use-new-run", "--ignore-var-run",
                    "--ignore-path", "--force-build-metadata", "--cleanup", "--force", "--isolation"),
            Section.of("Logging", "--verbosity", "--log-format", "--log-timestamp"));

    /** Groups the command's {@code --help} by {@link #HELP_SECTIONS}; picocli calls it with the command's spec. */
    @Spec(Spec.Target.MIXEE)
    void groupHelp(CommandSpec mixee) {
        HelpSections.install(mixee, HELP_SECTIONS);
    }

    @Option(names = {"-f", "--dockerfile"}, paramLabel = "PATH", defaultValue = "Dockerfile",
            description = "Path to the dockerfile to be built. Default: ${DEFAULT-VALUE}.")
    String dockerfile;

    @Option(names = {"-c", "--context"}, paramLabel = "CONTEXT", defaultValue = "/workspace/",
            description = "Path to the dockerfile build context (dir://, tar://, git://, s3://, gs://, https:// ...)."
                    + " Default: ${DEFAULT-VALUE}.")
    String context;

    @Option(names = "--context-sub-path", paramLabel = "PATH", description = "Sub path within the given context.")
    String contextSubPath;

    @Option(names = {"-b", "--bucket"}, hidden = true, paramLabel = "BUCKET",
            description = "Name of the GCS bucket from which to access build context as tarball.")
    String bucket;

    @Option(names = {"-d", "--destination"}, paramLabel = "IMAGE",
            description = "Registry the final image should be pushed to. Repeatable.")
    List<String> destinations = new ArrayList<>();

    /**
     * Unset means Kiln's exact mode (the whole stat tuple including ctime, no content hashing), which misses
     * nothing kaniko's default {@code full} catches; {@code full} given explicitly adds content hashes.
     */
    @Option(names = {"--snapshot-mode", "--snapshotMode"}, paramLabel = "MODE",
            description = "File attributes inspected during snapshotting (full, redo, time; exact when unset:"
                    + " the stat tuple including ctime, without reading contents).")
    String snapshotMode;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
            description = "ARG value at build time; a bare KEY takes its value from the environment. Repeatable.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--push-retry", paramLabel = "N", defaultValue = "0", description = "Number of retries for the push operation.")
    int pushRetry;

    @Option(names = "--push-ignore-immutable-tag-errors", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Known tag immutability errors are ignored and the push finishes with success.")
    boolean pushIgnoreImmutableTagErrors;

    @Option(names = "--image-fs-extract-retry", paramLabel = "N", defaultValue = "0",
            description = "Number of retries for image FS extraction.")
    int imageFsExtractRetry;

    @Option(names = "--kaniko-dir", paramLabel = "DIR", defaultValue = KANIKO_DEFAULT_DIR,
            description = "Path to the kaniko directory; takes precedence over KANIKO_DIR. Default: ${DEFAULT-VALUE}"
                    + " when it exists and is writable, else $XDG_CACHE_HOME/kiln (~/.cache/kiln).")
    String kanikoDir;

    @Option(names = {"--tar-path", "--tarPath"}, paramLabel = "PATH",
            description = "Path to save the image in as a tarball instead of pushing.")
    String tarPath;

    @Option(names = "--single-snapshot", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Take a single snapshot at the end of the build.")
    boolean singleSnapshot;

    @Option(names = "--reproducible", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Strip timestamps out of the image to make it reproducible.")
    boolean reproducible;

    @Option(names = "--target", paramLabel = "STAGE", description = "Set the target build stage to build.")
    String target;

    @Option(names = "--no-push", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Do not push the image to the registry; KANIKO_NO_PUSH, when set, overrides it.")
    boolean noPush;

    @Option(names = "--no-push-cache", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Do not push the cache layers to the registry.")
    boolean noPushCache;

    @Option(names = "--cache-repo", paramLabel = "REPO",
            description = "Repository to use as a cache (inferred from the destination otherwise); 'oci:PATH' writes an OCI layout.")
    String cacheRepo;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = "/cache",
            description = "Local directory to use as a base-image cache. Default: ${DEFAULT-VALUE}.")
    String cacheDir;

    @Option(names = "--digest-file", paramLabel = "PATH", description = "File to save the digest of the built image to.")
    String digestFile;

    @Option(names = "--image-name-with-digest-file", paramLabel = "PATH",
            description = "File to save the image name with digest of the built image to.")
    String imageNameDigestFile;

    @Option(names = "--image-name-tag-with-digest-file", paramLabel = "PATH",
            description = "File to save the image name with tag and digest of the built image to.")
    String imageNameTagDigestFile;

    @Option(names = "--oci-layout-path", paramLabel = "PATH", description = "Path to save the OCI image layout of the built image.")
    String ociLayoutPath;

    @Option(names = "--compression", paramLabel = "ALGO", description = "Compression algorithm (gzip, zstd).")
    String compression;

    @Option(names = "--compression-level", paramLabel = "N", defaultValue = "-1", description = "Compression level.")
    int compressionLevel;

    @Option(names = "--cache", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Use cache when building image.")
    boolean cache;

    @Option(names = "--compressed-caching", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Compress the cached layers. Default: ${DEFAULT-VALUE}.")
    boolean compressedCaching;

    @Option(names = "--cleanup", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Clean the filesystem at the end.")
    boolean cleanup;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "336h",
            description = "Cache timeout as a Go duration, e.g. 6h. Default: two weeks.")
    String cacheTtl;

    @Option(names = "--ignore-var-run", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Ignore /var/run when taking image snapshot. Default: ${DEFAULT-VALUE}.")
    boolean ignoreVarRun;

    @Option(names = "--whitelist-var-run", hidden = true, arity = "0..1", fallbackValue = "true",
            description = "Deprecated: use --ignore-var-run.")
    Boolean whitelistVarRun;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata for an image. Repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--skip-unused-stages", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Build only the stages the target needs.")
    boolean skipUnusedStages;

    @Option(names = "--use-new-run", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Detect RUN changes by modification time instead of full snapshots.")
    boolean useNewRun;

    @Option(names = "--git", paramLabel = "OPTIONS",
            description = "Git context options: branch=B,single-branch=true,recurse-submodules=true.")
    String git;

    @Option(names = "--cache-copy-layers", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Caches copy layers.")
    boolean cacheCopyLayers;

    @Option(names = "--cache-run-layers", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Caches run layers. Default: ${DEFAULT-VALUE}.")
    boolean cacheRunLayers;

    @Option(names = "--ignore-path", paramLabel = "PATH", description = "Ignore these paths when taking a snapshot. Repeatable.")
    List<String> ignorePaths = new ArrayList<>();

    @Option(names = "--force-build-metadata", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Force add metadata layers to build image.")
    boolean forceBuildMetadata;

    @Option(names = "--skip-push-permission-check", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Skip check of the push permission.")
    boolean skipPushPermissionCheck;

    @Option(names = "--force", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Force building outside of a container (only matters for the in-place mode).")
    boolean force;

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    /**
     * Applies kaniko's environment variables as its {@code validateFlags} does, before any flag is checked:
     * {@code KANIKO_NO_PUSH} overrides {@code --no-push} (either way: {@code false} turns a {@code --no-push}
     * off), {@code KANIKO_REGISTRY_MAP} and {@code KANIKO_REGISTRY_MIRROR} add to {@code --registry-map} and
     * {@code --registry-mirror} ({@link RegistryOptions#applyEnvironment}). Repeating the call changes nothing.
     *
     * <p>kaniko ignores a {@code KANIKO_NO_PUSH} that is not a Go boolean and then pushes; Kiln refuses it with
     * the message kaniko meant to print. An empty value counts as unset.
     *
     * @throws UsageException for a malformed {@code KANIKO_NO_PUSH} or {@code KANIKO_REGISTRY_MAP}
     */
    public void applyEnvironment(UnaryOperator<String> env) {
        String noPushEnv = env.apply("KANIKO_NO_PUSH");
        if (noPushEnv != null && !noPushEnv.isEmpty()) {
            noPush = goBool(noPushEnv);
        }
        try {
            registry.applyEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Go's {@code strconv.ParseBool}, which kaniko uses for {@code KANIKO_NO_PUSH}. */
    private static boolean goBool(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new UsageException("invalid value (true/false) for KANIKO_NO_PUSH environment variable: \""
                    + value + "\"");
        };
    }

    /**
     * The work directory (kaniko's {@code --kaniko-dir}): the flag when given (kaniko: any value but the default
     * {@code /kaniko}), else {@code KANIKO_DIR}, else {@code /kaniko} when it is a writable directory (inside the
     * executor image), else {@code $XDG_CACHE_HOME/kiln}, {@code XDG_CACHE_HOME} defaulting to {@code ~/.cache}
     * (https://specifications.freedesktop.org/basedir-spec/latest/) so that Kiln runs outside a container without
     * root. Unlike kaniko, Kiln does not move {@code /kaniko}'s content to another directory.
     */
    public Path workDir(Map<String, String> env) {
        return workDir(env, Path.of(KANIKO_DEFAULT_DIR));
    }

    /** {@link #workDir(Map)} with {@code kanikoDefault} standing for {@code /kaniko}, for tests. */
    Path workDir(Map<String, String> env, Path kanikoDefault) {
        if (kanikoDir != null && !kanikoDir.isEmpty() && !kanikoDir.equals(KANIKO_DEFAULT_DIR)) {
            return Path.of(kanikoDir);
        }
        String fromEnv = env.get("KANIKO_DIR");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        if (Files.isDirectory(kanikoDefault) && Files.isWritable(kanikoDefault)) {
            return kanikoDefault;
        }
        String xdg = env.get("XDG_CACHE_HOME");
        // The spec ignores relative values.
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "kiln");
        }
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".cache", "kiln");
    }
}
