package dev.kiln.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.FaultProxy;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.Registries;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.RunResult;
import dev.kiln.testkit.tool.Runc;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Builds with {@code --cache} against a real registry seen through a recording proxy: what a warm rebuild
 * reuses, what it runs again, and that it downloads no layer when every step hits. Every rebuild uses a fresh
 * work directory, as a CI pod would: the registry is the only cache.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.RUNC})
class CacheBuildIT {

    private static final AtomicInteger REPOS = new AtomicInteger();
    private static RegistryServer registry;
    private static FaultProxy proxy;
    private static Vertx vertx;
    private static String base;
    private RegistryClient client;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger buildLogger;
    private Level previousLevel;
    private String repo;
    private int builds;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "busybox:latest");
        vertx = Vertx.vertx();
        proxy = FaultProxy.start(vertx, registry.port());
        base = proxy.hostPort() + "/busybox:latest";
    }

    @AfterAll
    static void stop() {
        proxy.close();
        Await.result(vertx.close());
        registry.close();
    }

    @BeforeEach
    void setUp() {
        client = RegistryClient.create(vertx, Registries.optionsFor(registry).insecureRegistry(proxy.hostPort())
                .build(), Keychain.anonymous());
        repo = "app" + REPOS.incrementAndGet();
        buildLogger = (Logger) LoggerFactory.getLogger("dev.kiln.engine.build");
        previousLevel = buildLogger.getLevel();
        buildLogger.setLevel(Level.INFO);
        logs.start();
        buildLogger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        buildLogger.detachAppender(logs);
        buildLogger.setLevel(previousLevel);
        Await.result(client.close());
    }

    private Path context(String dockerfile, String... files) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile.replace("BASE", base));
        write(ctx, files);
        return ctx;
    }

    private static void write(Path ctx, String... files) throws Exception {
        for (int i = 0; i + 1 < files.length; i += 2) {
            Path f = ctx.resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
    }

    /** A cached build pushing {@code <repo>:<n>}, in a work directory of its own. */
    private BuildRequest.Builder request(Path ctx) {
        builds++;
        return BuildRequest.builder(ctx.resolve("Dockerfile"), ctx).workDir(dir.resolve("work" + builds))
                .destination(ImageReference.parse(proxy.hostPort() + "/" + repo + ":" + builds))
                .cache(true).cacheOptions(CacheOptions.DEFAULTS.withCopyLayers(true));
    }

    private BuildResult build(BuildRequest request) {
        return build(request, Clock.systemUTC());
    }

    private BuildResult build(BuildRequest request, Clock clock) {
        logs.list.clear();
        return Await.result(new Build(vertx, client, request, clock).run());
    }

    private long logged(String text) {
        return logs.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    private static List<String> layerDigests(BuildResult result) {
        return result.image().layers().stream().map(Layer::digest).map(Object::toString).toList();
    }

    private RunResult run(int build) {
        return Runc.run(registry, repo + ":" + build);
    }

    @Test
    void aRebuildWithEveryStepCachedRunsNothingAndDownloadsNoLayer() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                COPY app.txt /app/app.txt
                WORKDIR /work
                RUN cat /one /app/app.txt > /work/out
                CMD ["cat", "/work/out"]
                """, "app.txt", "app\n");
        BuildResult cold = build(request(ctx).build());
        assertThat(logged("Running:")).isEqualTo(2);
        assertThat(logged("Stored cache entry")).isEqualTo(4);

        proxy.reset();
        BuildResult warm = build(request(ctx).build());

        assertThat(logged("Running:")).isZero();
        assertThat(logged("Using cached layer")).isEqualTo(4);
        assertThat(layerDigests(warm)).isEqualTo(layerDigests(cold));
        for (String layer : layerDigests(warm)) {
            // HEAD probes and POST ?mount= are fine; a GET is a download, a PUT ?digest= an upload
            assertThat(proxy.exchanges()).filteredOn(e -> e.uri().contains(layer))
                    .noneMatch(e -> e.method().equals("GET") || e.method().equals("PUT")
                            || e.method().equals("PATCH"));
        }
        assertThat(logged("Stored cache entry")).isZero();
        assertThat(run(2).stdout()).isEqualTo("one\napp\n");
    }

    @Test
    void changingTheLastCopyRerunsOnlyThatStep() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                COPY a.txt /a.txt
                RUN cat /a.txt > /b
                COPY last.txt /last.txt
                CMD ["cat", "/b", "/last.txt"]
                """, "a.txt", "a\n", "last.txt", "v1\n");
        build(request(ctx).build());
        write(ctx, "last.txt", "v2\n");

        build(request(ctx).build());

        assertThat(logged("Using cached layer")).isEqualTo(3);
        assertThat(logged("No cached layer")).isEqualTo(1);
        assertThat(logged("Running:")).isZero();
        assertThat(run(2).stdout()).isEqualTo("a\nv2\n");
    }

    @Test
    void aBuildArgRerunsTheRunsThatSeeItAndOnlyThose() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                ARG V
                RUN echo "$V" > /v
                CMD ["cat", "/v"]
                """);
        build(request(ctx).buildArgs(Map.of("V", "1")).build());
        build(request(ctx).buildArgs(Map.of("V", "2")).build());
        assertThat(logged("Using cached layer")).isEqualTo(1);
        assertThat(logged("Running:")).isEqualTo(1);
        assertThat(run(2).stdout()).isEqualTo("2\n");

        build(request(ctx).buildArgs(Map.of("V", "1")).build());
        assertThat(logged("Running:")).isZero();
        assertThat(run(3).stdout()).isEqualTo("1\n");
    }

    @Test
    void aStepThatChangesNothingIsCachedAsAnEmptyLayer() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN true
                RUN echo x > /x
                """);
        BuildResult cold = build(request(ctx).build());
        BuildResult warm = build(request(ctx).build());
        assertThat(logged("the step changed no file")).isEqualTo(1);
        assertThat(logged("Running:")).isZero();
        assertThat(layerDigests(warm)).isEqualTo(layerDigests(cold));
        assertThat(warm.image().config().history().stream().filter(h -> h.createdBy().contains("RUN true"))
                .allMatch(h -> h.emptyLayer())).isTrue();
    }

    @Test
    void entriesPastTheTtlAreMisses() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                """);
        Instant now = Instant.now();
        build(request(ctx).build(), Clock.fixed(now, ZoneOffset.UTC));
        build(request(ctx).cacheOptions(CacheOptions.DEFAULTS.withTtl(Duration.ofHours(1))).build(),
                Clock.fixed(now.plus(Duration.ofMinutes(59)), ZoneOffset.UTC));
        assertThat(logged("Running:")).isZero();
        build(request(ctx).cacheOptions(CacheOptions.DEFAULTS.withTtl(Duration.ofHours(1))).build(),
                Clock.fixed(now.plus(Duration.ofMinutes(61)), ZoneOffset.UTC));
        assertThat(logged("Running:")).isEqualTo(1);
    }

    @Test
    void anAllHitStageIsReadByCopyFromAndTheUncachedCopyStillRuns() throws Exception {
        Path ctx = context("""
                FROM BASE AS a
                RUN echo from-a > /a
                FROM BASE
                COPY --from=a /a /a
                RUN cat /a > /b
                CMD ["cat", "/b"]
                """);
        CacheOptions kanikoDefaults = CacheOptions.DEFAULTS; // COPY layers not cached
        build(request(ctx).cacheOptions(kanikoDefaults).build());
        build(request(ctx).cacheOptions(kanikoDefaults).build());
        // stage a hits and is extracted only for COPY --from; the COPY runs; the RUN after it still hits
        assertThat(logged("Using cached layer")).isEqualTo(2);
        assertThat(logged("Running:")).isZero();
        assertThat(run(2).stdout()).isEqualTo("from-a\n");
    }

    @Test
    void aCorruptCachedLayerIsAMissAndTheStageIsBuiltAgain() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one && date +%s%N > /stamp
                COPY a.txt /a.txt
                CMD ["cat", "/one", "/a.txt"]
                """, "a.txt", "a\n");
        BuildResult cold = build(request(ctx).cacheOptions(CacheOptions.DEFAULTS).build());
        String digest = layerDigests(cold).get(1).substring("sha256:".length());
        Path blob = registry.storageDir().resolve("docker/registry/v2/blobs/sha256")
                .resolve(digest.substring(0, 2)).resolve(digest).resolve("data");
        Files.write(blob, new byte[(int) Files.size(blob)]); // same size, other bytes

        // the RUN hits, the uncached COPY needs the files: the hit's layer fails its digest check
        BuildResult warm = build(request(ctx).cacheOptions(CacheOptions.DEFAULTS).build());

        assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("a cached layer could not be read"));
        assertThat(logged("Running:")).isEqualTo(1);
        assertThat(layerDigests(warm).get(1)).isNotEqualTo(layerDigests(cold).get(1));
        assertThat(run(2).stdout()).isEqualTo("one\na\n");
    }

    @Test
    void anOciLayoutCacheServesARebuildWithoutARegistryCache() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                CMD ["cat", "/one"]
                """);
        String cache = "oci:" + dir.resolve("oci-cache");
        build(request(ctx).cacheRepo(cache).build());
        assertThat(dir.resolve("oci-cache/index.json")).exists();
        build(request(ctx).cacheRepo(cache).build());
        assertThat(logged("Running:")).isZero();
        assertThat(run(2).stdout()).isEqualTo("one\n");
    }

    @Test
    void anUnreachableCacheIsAWarningNotAFailure() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                CMD ["cat", "/one"]
                """);
        BuildResult result = build(request(ctx).cacheRepo("127.0.0.1:9/nowhere/cache").build());
        assertThat(result.image().layers()).hasSize(2);
        assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)).anyMatch(m -> m.contains("Could not store cache entry"));
        assertThat(run(1).stdout()).isEqualTo("one\n");
    }

    @Test
    void noPushCacheLooksUpButStoresNothing() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo one > /one
                """);
        build(request(ctx).cacheOptions(CacheOptions.DEFAULTS.withPush(false)).build());
        assertThat(logged("Stored cache entry")).isZero();
        build(request(ctx).build());
        assertThat(logged("Running:")).isEqualTo(1);
    }
}
