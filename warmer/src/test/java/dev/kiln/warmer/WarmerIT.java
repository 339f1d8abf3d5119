package dev.kiln.warmer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.build.Build;
import dev.kiln.engine.build.BuildRequest;
import dev.kiln.engine.build.BuildResult;
import dev.kiln.engine.cache.base.BaseImageCache;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryOptions;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warmer against a real registry: concurrent pulls into a cache directory, builds that then need no
 * registry, failures named in the last line, Dockerfiles from URLs, and two real warmer processes (one killed
 * with SIGKILL) on one cache directory.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class WarmerIT {

    private static final Platform AMD64 = Platform.of("linux", "amd64");

    private static RegistryServer registry;
    private static String busybox;
    private static String other;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        busybox = BaseImages.pushBusybox(registry, "busybox:latest").reference();
        other = BaseImages.pushBusyboxDocker(registry, "other:1").reference();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private Path cacheDir() {
        return dir.resolve("cache");
    }

    private static BaseImageCache cache(Path dir) {
        return new BaseImageCache(dir, Duration.ofHours(1));
    }

    private static WarmerRun warm(RegistryServer server, String... args) {
        String[] all = Stream.concat(Stream.of("--insecure-registry", server.hostPort(), "--custom-platform",
                "linux/amd64"), Stream.of(args)).toArray(String[]::new);
        return WarmerRun.of(Map.of(), all);
    }

    @Test
    void warmsTwoImagesAndABuildFromTheWarmedTagNeedsNoRegistry() throws Exception {
        // a registry of its own: it is stopped before the build
        RegistryServer own = RegistryServer.startPlain();
        String base;
        try {
            base = BaseImages.pushBusybox(own, "base:1").reference();
            String second = BaseImages.pushBusyboxDocker(own, "second:1").reference();
            WarmerRun run = warm(own, "--image", base, "--image", second, "--cache-dir", cacheDir().toString());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(cache(cacheDir()).lookup(ImageReference.parse(base), AMD64)).isPresent();
            assertThat(cache(cacheDir()).lookup(ImageReference.parse(second), AMD64)).isPresent();
        } finally {
            own.close();
        }
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo warmed > /warmed\n");
        Vertx vertx = Vertx.vertx();
        RegistryClient client = RegistryClient.create(vertx,
                RegistryOptions.builder().insecureRegistry(own.hostPort()).build(), Keychain.anonymous());
        try {
            BuildRequest request = BuildRequest.builder(ctx.resolve("Dockerfile"), ctx).workDir(dir.resolve("work"))
                    .ociLayoutPath(dir.resolve("out")).push(false).platform(AMD64)
                    .baseImageCache(Optional.of(cacheDir()), Duration.ofHours(1)).build();
            BuildResult result = await(new Build(vertx, client, request).run());
            assertThat(result.image().layers()).hasSize(2);
        } finally {
            await(client.close());
            await(vertx.close());
        }
    }

    @Test
    void oneMissingImageFailsTheRunNamingItWhileTheOtherIsCached() {
        String missing = registry.reference("missing:1");
        WarmerRun run = warm(registry, "--image", busybox, "--image", missing, "--cache-dir", cacheDir().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.lastLine()).startsWith("Failed warming cache: 1 of 2 image(s) failed: " + missing + ": ");
        assertThat(run.lastLine()).doesNotContain(busybox);
        assertThat(cache(cacheDir()).lookup(ImageReference.parse(busybox), AMD64)).isPresent();
    }

    @Test
    void freshImageIsSkippedUnlessForced() {
        assertThat(warm(registry, "-i", busybox, "-c", cacheDir().toString()).exitCode()).isZero();

        WarmerRun again = warm(registry, "-i", busybox, "-c", cacheDir().toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.logged("Image already in cache: " + busybox)).as(again.toString()).isTrue();
        assertThat(again.logged("Retrieving image manifest")).isFalse();

        WarmerRun forced = warm(registry, "-i", busybox, "-c", cacheDir().toString(), "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.logged("Retrieving image manifest " + busybox)).as(forced.toString()).isTrue();
    }

    @Test
    void dockerfileFromAnHttpUrlWarmsEveryStageBaseWithBuildArgs() throws Exception {
        String dockerfile = """
                ARG BASE=%s
                ARG TAG
                FROM $BASE AS one
                FROM one AS two
                FROM scratch
                COPY --from=two /bin/busybox /busybox
                FROM %s:${TAG}
                """.formatted(busybox, registry.reference("other"));
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
                if (req.path().equals("/Dockerfile")) {
                    req.response().end(dockerfile);
                } else {
                    req.response().setStatusCode(404).end();
                }
            }).listen(0, "127.0.0.1"));
            String url = "http://127.0.0.1:" + server.actualPort() + "/Dockerfile";

            WarmerRun run = warm(registry, "--dockerfile", url, "--build-arg", "TAG=1", "-c", cacheDir().toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(cache(cacheDir()).lookup(ImageReference.parse(busybox), AMD64)).isPresent();
            assertThat(cache(cacheDir()).lookup(ImageReference.parse(other), AMD64)).isPresent();
            assertThat(entries(cacheDir())).hasSize(2);

            WarmerRun notFound = warm(registry, "--dockerfile", url + "-nope", "-c", cacheDir().toString());
            assertThat(notFound.exitCode()).isEqualTo(1);
            assertThat(notFound.lastLine()).contains("Failed warming cache", url + "-nope", "404");
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void twoWarmerProcessesOnOneCacheDirectoryBothSucceed() throws Exception {
        Process a = warmerProcess(registry.hostPort(), dir.resolve("a.log"), busybox, other);
        Process b = warmerProcess(registry.hostPort(), dir.resolve("b.log"), other, busybox);
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(a.exitValue()).as(Files.readString(dir.resolve("a.log"))).isZero();
        assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.log"))).isZero();
        assertThat(entries(cacheDir())).hasSize(2);
        for (String ref : List.of(busybox, other)) {
            Image image = cache(cacheDir()).lookup(ImageReference.parse(ref), AMD64).orElseThrow();
            for (Layer layer : image.layers()) {
                try (InputStream in = layer.openCompressed()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // verified at the end of the stream
                }
            }
        }
        assertThat(temps(cacheDir())).isEmpty();
    }

    @Test
    void warmerKilledMidDownloadLeavesNoEntryALookupUses() throws Exception {
        try (ThrottlingProxy slow = new ThrottlingProxy(registry.port(), 4096)) {
            String throughProxy = slow.hostPort() + "/busybox:latest";
            Process p = warmerProcess(slow.hostPort(), dir.resolve("killed.log"), throughProxy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // well into the layer: manifests and config are a few kB
            while (slow.downstreamBytes() < 100_000 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as(Files.readString(dir.resolve("killed.log"))).isTrue();
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);

            assertThat(cache(cacheDir()).lookup(ImageReference.parse(throughProxy), AMD64)).isEmpty();
            assertThat(entries(cacheDir())).isEmpty();
            List<Path> leftovers = temps(cacheDir());
            assertThat(leftovers).isNotEmpty();

            // a later warmer succeeds, and the leftover goes once it is old
            assertThat(warm(registry, "-i", busybox, "-c", cacheDir().toString()).exitCode()).isZero();
            assertThat(cache(cacheDir()).lookup(ImageReference.parse(busybox), AMD64)).isPresent();
            for (Path leftover : leftovers) {
                Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(
                        java.time.Instant.now().minus(Duration.ofHours(2))));
            }
            cache(cacheDir()).removeStaleTemps();
            assertThat(temps(cacheDir())).isEmpty();
        }
    }

    /** {@code bin/warmer} as a real process (its own JVM), output to {@code log}. */
    private Process warmerProcess(String insecureRegistry, Path log, String... images) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> argv = new java.util.ArrayList<>(List.of(root.resolve("bin/warmer").toString(),
                "--insecure-registry", insecureRegistry, "--custom-platform", "linux/amd64",
                "--cache-dir", cacheDir().toString(), "--verbosity", "debug"));
        for (String image : images) {
            argv.add("--image");
            argv.add(image);
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("KILN_AOT", "off");
        return pb.start();
    }

    private static List<Path> entries(Path cacheDir) throws Exception {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("sha256-")).toList();
        }
    }

    private static List<Path> temps(Path cacheDir) throws Exception {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
