package dev.kiln.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.Registries;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.RunResult;
import dev.kiln.testkit.tool.Runc;
import dev.kiln.testkit.tool.Skopeo;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole builds through {@link Build} against a real registry: stages as a graph (concurrent where
 * independent), layers per filesystem step, outputs, failures with the RUN's exit code, work-dir cleanup.
 * The Dockerfile-semantics corpus against buildah lives in the executor module (ConformanceIT).
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.RUNC})
class BuildIT {

    private static RegistryServer registry;
    private static Vertx vertx;
    private static String base;
    private RegistryClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "busybox:latest");
        base = registry.reference("busybox:latest");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
        registry.close();
    }

    @BeforeEach
    void newClient() {
        client = RegistryClient.create(vertx, Registries.optionsFor(registry).build(), Keychain.anonymous());
    }

    @AfterEach
    void closeClient() {
        Await.result(client.close());
    }

    private Path context(String dockerfile, String... files) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile.replace("BASE", base));
        for (int i = 0; i + 1 < files.length; i += 2) {
            Path f = ctx.resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
        return ctx;
    }

    private BuildRequest.Builder request(Path ctx) {
        return BuildRequest.builder(ctx.resolve("Dockerfile"), ctx).workDir(dir.resolve("work"))
                .ociLayoutPath(dir.resolve("out")).push(false);
    }

    private BuildResult build(BuildRequest request) {
        return Await.result(new Build(vertx, client, request).run());
    }

    @Test
    void multiStageBuildCopiesFromStagesAndRunsUnderRunc() throws Exception {
        Path ctx = context("""
                FROM BASE AS a
                RUN echo from-a > /a
                FROM BASE AS b
                RUN echo from-b > /b
                FROM BASE
                COPY --from=a /a /a
                COPY --from=b /b /b
                COPY hello.txt /hello.txt
                ENV GREETING=hi
                CMD ["sh", "-c", "cat /a /b /hello.txt; echo $GREETING"]
                """, "hello.txt", "hello\n");
        BuildResult result = build(request(ctx).build());

        Image image = result.image();
        assertThat(image.layers()).hasSize(4); // busybox + three COPYs
        List<History> history = image.config().history();
        assertThat(history.getLast().createdBy()).contains("CMD");
        assertThat(history.getLast().emptyLayer()).isTrue();
        assertThat(history.stream().filter(h -> !h.emptyLayer()).count()).isEqualTo(4);
        assertThat(image.config().config().env()).contains("GREETING=hi");

        RunResult run = Runc.run(dir.resolve("out"), "latest");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("from-a\nfrom-b\nhello\nhi\n");
        assertThat(result.manifest().digest()).isEqualTo(OciLayout.open(dir.resolve("out")).image("latest").digest());
    }

    @Test
    void independentStagesRunConcurrently() throws Exception {
        // Each stage waits for a marker the other one writes into a shared cache mount: run one after the
        // other, the first would give up after 20 s and fail the build.
        Path ctx = context("""
                FROM BASE AS a
                RUN --mount=type=cache,id=meet,target=/meet,sharing=shared touch /meet/a && \\
                    for i in $(seq 200); do [ -f /meet/b ] && echo a > /done && exit 0; sleep 0.1; done; exit 1
                FROM BASE AS b
                RUN --mount=type=cache,id=meet,target=/meet,sharing=shared touch /meet/b && \\
                    for i in $(seq 200); do [ -f /meet/a ] && echo b > /done && exit 0; sleep 0.1; done; exit 1
                FROM BASE
                COPY --from=a /done /a
                COPY --from=b /done /b
                """);
        BuildResult result = build(request(ctx).maxParallelStages(2).build());
        assertThat(result.image().layers()).hasSize(3);
    }

    @Test
    void failedRunNamesTheStepAndKeepsItsExitCodeAndWritesNothing() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo ok > /ok
                RUN exit 3
                """);
        Throwable failure = Await.failure(new Build(vertx, client, request(ctx)
                .destination(ImageReference.parse(registry.reference("app:failed"))).push(true).build()).run());

        assertThat(failure).isInstanceOf(BuildException.class);
        assertThat(((BuildException) failure).exitCode()).isEqualTo(3);
        assertThat(failure.getMessage()).contains("step 2/2").contains("/bin/sh -c exit 3").contains("exit code: 3");
        assertThat(dir.resolve("out")).doesNotExist();
        assertThatThrownBy(() -> Skopeo.copy("docker://" + registry.reference("app:failed"),
                "oci:" + dir.resolve("x") + ":x", List.of("--src-tls-verify=false")))
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void pushesToEveryDestinationAndRemovesTheBuildDirectory() throws Exception {
        Path ctx = context("""
                FROM BASE
                RUN echo pushed > /p
                LABEL stage=final
                """);
        BuildResult result = build(request(ctx).push(true)
                .destination(ImageReference.parse(registry.reference("app:one")))
                .destination(ImageReference.parse(registry.reference("other/app:two")))
                .labels(java.util.Map.of("from", "flag")).build());

        assertThat(result.pushed()).hasSize(2);
        assertThat(result.image().config().config().labels()).containsEntry("stage", "final").containsEntry("from", "flag");
        RunResult run = Runc.run(registry, "other/app:two", "cat", "/p");
        assertThat(run.stdout()).isEqualTo("pushed\n");
        try (Stream<Path> builds = Files.list(dir.resolve("work/builds"))) {
            assertThat(builds).isEmpty();
        }
    }

    @Test
    void metadataOnlyStageKeepsTheBaseLayersAndMarksEveryEntryEmpty() throws Exception {
        Path ctx = context("""
                FROM BASE
                ENV A=1
                USER 1000
                EXPOSE 8080
                WORKDIR /
                CMD ["true"]
                """);
        BuildResult result = build(request(ctx).build());
        Image image = result.image();
        assertThat(image.layers()).hasSize(1);
        assertThat(image.config().history().stream().filter(h -> h.comment().equals("buildkit.dockerfile.v0")))
                .allMatch(History::emptyLayer).hasSize(5);
        assertThat(image.config().config().user()).isEqualTo("1000");
        assertThat(image.config().config().exposedPorts()).containsExactly("8080/tcp");
    }

    @Test
    void cancelKillsTheRunningProcessTreeAndFailsTheBuild() throws Exception {
        String marker = "kiln-cancel-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path ctx = context("""
                FROM BASE
                RUN sh -c 'sleep 600; echo MARKER' & sleep 600
                """.replace("MARKER", marker));
        Build build = new Build(vertx, client, request(ctx).build());
        io.vertx.core.Future<BuildResult> running = build.run();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (sleepers(marker) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sleepers(marker)).as("the RUN's processes started").isGreaterThanOrEqualTo(1);
        build.cancel();
        Throwable failure = Await.failure(running);
        assertThat(failure).isInstanceOf(BuildException.class);
        deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sleepers(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sleepers(marker)).as("processes left after cancel").isZero();
    }

    /** Processes whose command line mentions {@code marker} (the RUN's shell and its children). */
    private static long sleepers(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)
                || p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false)).count();
    }

    @Test
    void reproducibleBuildsGiveTheSameDigest() throws Exception {
        Path ctx = context("""
                FROM BASE
                COPY a.txt /a.txt
                RUN echo built > /b
                """, "a.txt", "a\n");
        BuildResult first = build(request(ctx).reproducible(true).build());
        Files.writeString(ctx.resolve("Dockerfile"), Files.readString(ctx.resolve("Dockerfile")));
        BuildResult second = build(request(ctx).reproducible(true).ociLayoutPath(dir.resolve("out2")).build());
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
        assertThat(first.image().config().created()).isEqualTo(java.time.Instant.EPOCH);
    }
}
