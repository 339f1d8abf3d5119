package dev.kiln.warmer;

import dev.kiln.executor.BuildFailedException;
import dev.kiln.executor.UsageException;
import dev.kiln.executor.Version;
import dev.kiln.executor.cli.GoDuration;
import dev.kiln.executor.cli.KeyValue;
import dev.kiln.executor.cli.LoggingOptions;
import dev.kiln.executor.cli.RegistryOptions;
import dev.kiln.engine.cache.base.BaseImageCache;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.auth.DefaultKeychain;
import dev.kiln.engine.registry.auth.DockerConfigKeychain;
import dev.kiln.executor.cli.RegistrySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * The {@code warmer} command: kaniko's cache warmer flags and messages. It fills {@code --cache-dir} with
 * base images so that executors started later with the same {@code --cache-dir} pull nothing: every
 * {@code --image} and every base image of {@code --dockerfile}, concurrently ({@link Warmer}). Exit code 0 when
 * every image is cached; 1 otherwise, with one last line naming each failed image and why (the others are
 * still cached), as the executor reports a failed build ({@code dev.kiln.executor.Cli}).
 * Not thread-safe; one instance per invocation. Reference: kaniko's {@code cmd/warmer/cmd/root.go}.
 */
@Command(name = "warmer", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = true, abbreviateSynopsis = true,
        usageHelpAutoWidth = true, description = "Downloads base images into a local cache directory for later builds.")
public final class WarmerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WarmerCommand.class);

    @Option(names = {"-i", "--image"}, paramLabel = "IMAGE", description = "Image to cache. Repeatable.")
    List<String> images = new ArrayList<>();

    @Option(names = {"-c", "--cache-dir"}, paramLabel = "DIR", defaultValue = "/cache",
            description = "Directory of the cache. Default: ${DEFAULT-VALUE}.")
    String cacheDir;

    @Option(names = {"-f", "--force"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Force cache overwriting.")
    boolean force;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "336h",
            description = "Cache timeout as a Go duration, e.g. 6h. Default: two weeks.")
    String cacheTtl;

    @Option(names = {"-d", "--dockerfile"}, paramLabel = "PATH",
            description = "Dockerfile whose base images (FROM lines) are cached.")
    String dockerfile;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "ARG values used to resolve FROM lines. Repeatable.")
    List<String> buildArgs = new ArrayList<>();

    @Mixin
    final RegistryOptions registry = new RegistryOptions();

    @Mixin
    final LoggingOptions logging = new LoggingOptions();

    private final UnaryOperator<String> env;
    private final Map<String, String> environment;

    public WarmerCommand() {
        this(System.getenv());
    }

    /** A command reading {@code environment} instead of the process's (tests, embedding). */
    public WarmerCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.env = this.environment::get;
    }

    WarmerCommand(UnaryOperator<String> env) {
        this.env = env;
        this.environment = null;
    }

    @Override
    public Integer call() throws Exception {
        logging.apply();
        validate();
        Platform platform = platform();
        Map<String, String> args = KeyValue.buildArgs(buildArgs, env);
        BaseImageCache cache = new BaseImageCache(Path.of(cacheDir), GoDuration.parse(cacheTtl));
        Vertx vertx = Vertx.vertx();
        WebClient web = WebClient.create(vertx);
        DefaultKeychain keychain = DefaultKeychain.fromEnvironment(vertx, web, environment(),
                DockerConfigKeychain.KANIKO_CONFIG_DIR);
        RegistryClient client = RegistryClient.create(vertx, RegistrySettings.of(registry, 0), keychain);
        try {
            List<WarmTarget> targets = targets(vertx, web, platform, args);
            LOG.info("Kiln warmer {}: caching {} image(s) in {}", Version.current(), targets.size(), cache.directory());
            List<Warmer.Outcome> outcomes = await(new Warmer(vertx, client, cache, force).warm(targets));
            List<String> failed = new ArrayList<>();
            for (Warmer.Outcome o : outcomes) {
                if (o instanceof Warmer.Failed f) {
                    failed.add(f.target().reference() + ": " + f.reason());
                }
            }
            if (!failed.isEmpty()) {
                throw new BuildFailedException("Failed warming cache: " + failed.size() + " of " + outcomes.size()
                        + " image(s) failed: " + String.join("; ", failed));
            }
            return 0;
        } finally {
            keychain.close();
            web.close();
            await(client.close().eventually(vertx::close).recover(e -> Future.succeededFuture()));
        }
    }

    /** The images of {@code --image} and {@code --dockerfile}, each once, in that order. */
    private List<WarmTarget> targets(Vertx vertx, WebClient web, Platform platform, Map<String, String> args)
            throws BuildFailedException, InterruptedException {
        LinkedHashSet<WarmTarget> out = new LinkedHashSet<>();
        for (String image : images) {
            out.add(new WarmTarget(ImageReference.parse(image), platform));
        }
        if (dockerfile != null) {
            try {
                byte[] content = await(DockerfileImages.read(vertx, web, dockerfile));
                out.addAll(DockerfileImages.targets(dockerfile, content, args, platform));
            } catch (ExecutionException e) {
                throw new BuildFailedException("Failed warming cache: " + e.getCause().getMessage(), 1, e.getCause());
            } catch (RuntimeException e) {
                throw new BuildFailedException("Failed warming cache: " + e.getMessage(), 1, e);
            }
        }
        return new ArrayList<>(out);
    }

    private Platform platform() {
        if (registry.customPlatform == null || registry.customPlatform.isEmpty()) {
            return Platform.host();
        }
        return Platform.parse(registry.customPlatform);
    }

    /** The environment the keychain reads (credential helpers, Docker config, cloud credentials). */
    private Map<String, String> environment() {
        if (environment != null) {
            return environment;
        }
        Map<String, String> out = new HashMap<>();
        for (String name : List.of("DOCKER_CONFIG", "HOME", "PATH", "GOOGLE_APPLICATION_CREDENTIALS",
                "GCE_METADATA_HOST", "REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR")) {
            String v = env.apply(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException {
        return future.toCompletionStage().toCompletableFuture().get();
    }

    /** kaniko's checks, with its messages. */
    void validate() {
        registry.applyEnvironment(env);
        if (images.isEmpty() && dockerfile == null) {
            throw new UsageException("You must select at least one image to cache or a dockerfile to parse");
        }
        if (dockerfile != null && !DockerfileImages.isUrl(dockerfile) && !Files.isRegularFile(Path.of(dockerfile))) {
            throw new UsageException("Failed warming cache: dockerfile " + dockerfile + " does not exist");
        }
        try {
            GoDuration.parse(cacheTtl);
            KeyValue.buildArgs(buildArgs, env);
            for (String image : images) {
                ImageReference.parse(image);
            }
            platform();
            registry.certificates();
            registry.clientCertificates();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
