package dev.kiln.warmer;

import dev.kiln.executor.BuildFailedException;
import dev.kiln.executor.UsageException;
import dev.kiln.executor.Version;
import dev.kiln.executor.cli.GoDuration;
import dev.kiln.executor.cli.KeyValue;
import dev.kiln.executor.cli.LoggingOptions;
import dev.kiln.executor.cli.RegistryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The {@code warmer} command: kaniko's cache warmer flags and messages. It fills {@code --cache-dir} with
 * base images so that executors started later with the same {@code --cache-dir} pull nothing.
 * Not thread-safe; one instance per invocation. Reference: kaniko's {@code cmd/warmer/cmd/root.go}.
 */
@Command(name = "warmer", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = true, abbreviateSynopsis = true,
        usageHelpAutoWidth = true, description = "Downloads base images into a local cache directory for later builds.")
public final class WarmerCommand implements Callable<Integer> {

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

    public WarmerCommand() {
        this(System::getenv);
    }

    WarmerCommand(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        logging.apply();
        validate();
        throw new BuildFailedException("Failed warming cache: the base-image cache is not part of this Kiln version yet;"
                + " the flags were checked and nothing was written");
    }

    /** kaniko's checks, with its messages. */
    void validate() {
        registry.applyEnvironment(env);
        if (images.isEmpty() && dockerfile == null) {
            throw new UsageException("You must select at least one image to cache or a dockerfile to parse");
        }
        if (dockerfile != null && !Files.isRegularFile(Path.of(dockerfile))) {
            throw new UsageException("Failed warming cache: dockerfile " + dockerfile + " does not exist");
        }
        try {
            GoDuration.parse(cacheTtl);
            KeyValue.buildArgs(buildArgs, env);
            registry.certificates();
            registry.clientCertificates();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
