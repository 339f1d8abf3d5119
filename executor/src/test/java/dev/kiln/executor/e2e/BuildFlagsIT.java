package dev.kiln.executor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryHttpClient.Manifest;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flags that shape what is built: stage selection ({@code --target}, {@code --skip-unused-stages}),
 * {@code --build-arg}, {@code --label}, {@code --context-sub-path}, {@code --custom-platform},
 * {@code --image-format}, {@code --compression}, {@code --single-snapshot}, {@code --reproducible},
 * {@code --snapshot-mode}, {@code --ignore-path} and {@code --secret}. Most builds write an OCI layout and are
 * judged from its JSON and layer tars.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class BuildFlagsIT {

    private static RegistryServer registry;
    private static String base;
    private static String dockerBase;

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        base = BaseImages.pushBusybox(registry, "busybox:latest").reference();
        dockerBase = BaseImages.pushBusyboxDocker(registry, "docker-busybox:latest").reference();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void workspace() {
        ws = new Workspace(dir, base);
    }

    /** Builds without pushing into an OCI layout; the run (asserted successful) and the image. */
    private LayoutImage build(Workspace w, String... flags) {
        ExecutorRun r = run(w, flags);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return LayoutImage.read(layoutOf(w), "latest");
    }

    private static ExecutorRun run(Workspace w, String... flags) {
        List<String> args = new ArrayList<>(List.of("--no-push", "--insecure-pull", "--oci-layout-path=" + layoutOf(w)));
        args.addAll(List.of(flags));
        return w.run(args.toArray(String[]::new));
    }

    private static Path layoutOf(Workspace w) {
        return w.out("layout");
    }

    private static final String UNUSED_STAGE = """
            FROM BASE AS unused
            RUN echo unused-ran && exit 7
            FROM BASE
            RUN echo final > /final
            """;

    @Test
    void withoutSkipUnusedStagesEveryStageIsBuiltAsKanikoDoes() {
        ws.dockerfile(UNUSED_STAGE);
        ExecutorRun r = run(ws);

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(7);
        assertThat(r.lastLine()).startsWith("error building image: ").contains("unused");
    }

    @Test
    void skipUnusedStagesDoesNotRunAnUnusedStage() {
        ws.dockerfile(UNUSED_STAGE);
        ExecutorRun r = run(ws, "--skip-unused-stages");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.logged("unused-ran")).isFalse();
        assertThat(r.logged("Building stage unused")).isFalse();
        assertThat(LayoutImage.read(layoutOf(ws), "latest").topFiles()).containsEntry("final", "final\n");
    }

    @Test
    void targetBuildsUpToTheTargetStageAndNotBeyond() {
        ws.dockerfile("""
                FROM BASE AS first
                RUN echo first > /first
                FROM first AS after
                RUN echo after-ran && exit 9
                """);
        LayoutImage image = build(ws, "--target=first");

        assertThat(image.layers()).hasSize(2);
        assertThat(image.topFiles()).containsEntry("first", "first\n");
    }

    @Test
    void buildArgsReachArgInstructionsAndBareOnesComeFromTheEnvironment() {
        ws.dockerfile("""
                FROM BASE
                ARG GREETING=default
                ARG FROM_ENV
                ARG UNSET=fallback
                RUN echo "$GREETING $FROM_ENV $UNSET" > /args
                """).env("FROM_ENV", "env-value");
        LayoutImage image = build(ws, "--build-arg=GREETING=hello", "--build-arg", "FROM_ENV");

        assertThat(image.topFiles()).containsEntry("args", "hello env-value fallback\n");
    }

    @Test
    void labelsAreSetInTheConfigAndWinOverTheDockerfile() {
        ws.dockerfile("""
                FROM BASE
                LABEL org.example.a=dockerfile org.example.kept=yes
                """);
        LayoutImage image = build(ws, "--label=org.example.a=flag", "--label", "org.example.b=two words");

        JsonObject labels = image.config().getJsonObject("config").getJsonObject("Labels");
        assertThat(labels.getMap()).containsEntry("org.example.a", "flag").containsEntry("org.example.b", "two words")
                .containsEntry("org.example.kept", "yes");
    }

    @Test
    void contextSubPathIsTheContextAndHoldsTheDockerfile() {
        ws.file("app/Dockerfile", "FROM " + base + "\nCOPY . /app/\n")
                .file("app/inside.txt", "inside\n").file("outside.txt", "outside\n");
        LayoutImage image = build(ws, "--context-sub-path=app");

        Map<String, String> files = image.topFiles();
        assertThat(files).containsEntry("app/inside.txt", "inside\n").doesNotContainKey("app/outside.txt")
                .doesNotContainKey("app/app/inside.txt");
    }

    @Test
    void customPlatformBuildsOnTheIndexEntryForThatPlatform() {
        BaseImages.pushBusyboxIndex(registry, "multi:latest");
        ws.file("Dockerfile", "FROM " + registry.reference("multi:latest") + "\nCOPY hello.txt /hello.txt\n")
                .file("hello.txt", "hello arm\n");
        LayoutImage image = build(ws, "--custom-platform=linux/arm64");

        assertThat(image.config().getString("architecture")).isEqualTo("arm64");
        assertThat(image.config().getString("os")).isEqualTo("linux");
        assertThat(image.layers().getFirst().getString("digest")).isEqualTo(layerOf("multi", Arch.ARM64.ociName()));
        assertThat(image.topFiles()).containsEntry("hello.txt", "hello arm\n");
    }

    /** The first layer's digest of {@code arch}'s manifest in the index at {@code repository:latest}. */
    private static String layerOf(String repository, String arch) {
        JsonArray manifests = new JsonObject(registry.client().manifest(repository, "latest").body()).getJsonArray("manifests");
        for (int i = 0; i < manifests.size(); i++) {
            JsonObject d = manifests.getJsonObject(i);
            if (arch.equals(d.getJsonObject("platform").getString("architecture"))) {
                JsonObject m = new JsonObject(registry.client().manifest(repository, d.getString("digest")).body());
                return m.getJsonArray("layers").getJsonObject(0).getString("digest");
            }
        }
        throw new IllegalStateException("no " + arch + " manifest in " + repository);
    }

    @ParameterizedTest(name = "--image-format={0}")
    @ValueSource(strings = {"docker", "oci"})
    void imageFormatSetsTheManifestMediaTypes(String format) {
        ws.dockerfile("FROM BASE\nRUN echo x > /x\n");
        String tag = "format-" + format;
        ExecutorRun r = ws.run("--insecure", "--insecure-pull", "--destination=" + registry.reference(tag + ":1"),
                "--image-format=" + format);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        Manifest m = registry.client().manifest(tag, "1");
        JsonObject manifest = new JsonObject(m.body());
        boolean docker = format.equals("docker");
        String manifestType = docker ? "application/vnd.docker.distribution.manifest.v2+json"
                : "application/vnd.oci.image.manifest.v1+json";
        assertThat(m.mediaType()).isEqualTo(manifestType);
        assertThat(manifest.getString("mediaType")).isEqualTo(manifestType);
        assertThat(manifest.getJsonObject("config").getString("mediaType")).isEqualTo(docker
                ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json");
        assertThat(manifest.getJsonArray("layers")).hasSize(2).allSatisfy(l -> assertThat(((JsonObject) l)
                .getString("mediaType")).isEqualTo(docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                : "application/vnd.oci.image.layer.v1.tar+gzip"));
    }

    @Test
    void zstdCompressionWritesZstdLayers() throws Exception {
        ws.dockerfile("FROM BASE\nRUN echo zstd > /z\n");
        LayoutImage image = build(ws, "--compression=zstd");

        JsonObject top = image.layers().getLast();
        assertThat(top.getString("mediaType")).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(image.blob(top.getString("digest")))) {
            assertThat(in.read(head)).isEqualTo(4);
        }
        assertThat(HexFormat.of().formatHex(head)).as("zstd frame magic").isEqualTo("28b52ffd");
        assertThat(image.topFiles()).containsEntry("z", "zstd\n");
    }

    @ParameterizedTest(name = "--compression=zstd {0}")
    @ValueSource(strings = {"", "--image-format=oci"})
    void zstdOnADockerBaseBuildsAnOciImage(String format) {
        ws.file("Dockerfile", "FROM " + dockerBase + "\nRUN echo zstd > /z\n");
        List<String> flags = new ArrayList<>(List.of("--insecure", "--insecure-pull", "--compression=zstd",
                "--destination=" + registry.reference("zstd-on-docker:1")));
        if (!format.isEmpty()) {
            flags.add(format);
        }
        ExecutorRun r = ws.run(flags.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        Manifest m = registry.client().manifest("zstd-on-docker", "1");
        assertThat(m.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonArray layers = new JsonObject(m.body()).getJsonArray("layers");
        assertThat(layers.getJsonObject(0).getString("mediaType")).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(layers.getJsonObject(1).getString("mediaType")).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    }

    @Test
    void zstdWithTheDockerFormatIsRefusedBeforeTheBuild() {
        ws.dockerfile("FROM BASE\nRUN echo zstd > /z\n");
        ExecutorRun r = run(ws, "--compression=zstd", "--image-format=docker");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).contains("--compression=zstd").contains("--image-format");
        assertThat(r.logged("Building stage")).isFalse();
    }

    @Test
    void singleSnapshotMakesOneLayerForTheWholeStage() {
        ws.dockerfile("""
                FROM BASE
                RUN echo one > /one
                RUN echo two > /two
                COPY three.txt /three
                """).file("three.txt", "three\n");
        LayoutImage image = build(ws, "--single-snapshot");

        assertThat(image.layers()).hasSize(2);
        assertThat(image.topFiles()).containsEntry("one", "one\n").containsEntry("two", "two\n")
                .containsEntry("three", "three\n");
    }

    @Test
    void reproducibleBuildsGiveTheSameDigestWithEpochTimes() throws Exception {
        String dockerfile = """
                FROM BASE
                RUN echo same > /same
                COPY data.txt /data.txt
                """;
        ws.dockerfile(dockerfile).file("data.txt", "data\n");
        LayoutImage first = build(ws, "--reproducible");
        Workspace again = new Workspace(dir.resolve("again"), base);
        again.dockerfile(dockerfile).file("data.txt", "data\n");
        Files.setLastModifiedTime(again.context().resolve("data.txt"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));
        LayoutImage second = build(again, "--reproducible");

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(first.config().getString("created")).startsWith("1970-01-01T00:00:00");
        JsonArray history = first.config().getJsonArray("history");
        int added = 0;
        for (int i = 0; i < history.size(); i++) {
            JsonObject h = history.getJsonObject(i);
            if (h.getString("created_by", "").startsWith("umoci ")) {
                continue; // the base image's own history is kept as it is
            }
            added++;
            assertThat(h.getString("created")).as("history[%d] %s", i, h).startsWith("1970-01-01T00:00:00");
        }
        assertThat(added).isEqualTo(2);
    }

    @ParameterizedTest(name = "--snapshot-mode={0}")
    @ValueSource(strings = {"full", "redo", "time"})
    void everySnapshotModeIsAcceptedAndSeesTheChanges(String mode) {
        ws.dockerfile("""
                FROM BASE
                RUN echo a > /file
                RUN echo b >> /file && rm /etc/group
                """);
        LayoutImage image = build(ws, "--snapshot-mode=" + mode);

        assertThat(image.layers()).hasSize(3);
        assertThat(image.files(1)).containsEntry("file", "a\n");
        assertThat(image.files(2)).containsEntry("file", "a\nb\n").containsKey("etc/.wh.group");
    }

    @Test
    void ignorePathKeepsWhatRunWroteThereOutOfTheLayer() {
        ws.dockerfile("""
                FROM BASE
                RUN mkdir -p /scratch && echo ignored > /scratch/file && echo kept > /kept
                """);
        LayoutImage image = build(ws, "--ignore-path=/scratch");

        assertThat(image.topFiles()).containsEntry("kept", "kept\n").doesNotContainKeys("scratch", "scratch/file");
    }

    @Test
    void aSecretIsReadableDuringRunAndLeavesNoTraceInLayersOrLog() throws Exception {
        String secret = "s3cr3t-Value-" + System.nanoTime();
        Path secretFile = Files.writeString(dir.resolve("secret.txt"), secret);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
        ws.dockerfile("""
                FROM BASE
                RUN --mount=type=secret,id=token sha256sum /run/secrets/token | cut -d' ' -f1 > /secret.sha
                RUN --mount=type=secret,id=token,target=/etc/token.txt cp /etc/token.txt /tmp/leak 2>/dev/null; \\
                    wc -c < /etc/token.txt > /secret.len; rm -f /tmp/leak
                """);
        ExecutorRun r = run(ws, "--secret", "id=token,src=" + secretFile);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        LayoutImage image = LayoutImage.read(layoutOf(ws), "latest");
        assertThat(image.files(1)).containsEntry("secret.sha", sha + "\n").doesNotContainKeys("run/secrets/token");
        assertThat(image.files(2).get("secret.len").strip()).isEqualTo(Integer.toString(secret.length()));
        for (int i = 0; i < image.layers().size(); i++) {
            byte[] tar = image.tar(i);
            assertThat(new String(tar, StandardCharsets.ISO_8859_1)).as("layer %d", i).doesNotContain(secret);
            assertThat(LayoutImage.entries(tar).keySet()).as("layer %d", i)
                    .noneMatch(n -> n.equals("run/secrets/token") || n.equals("etc/token.txt"));
        }
        assertThat(image.config().encode()).doesNotContain(secret);
        assertThat(r.everything()).doesNotContain(secret);
    }

    @Test
    void aSecretFromTheExecutorsEnvironmentCanBeMountedAsAVariable() {
        String secret = "env-Secret-" + System.nanoTime();
        ws.env("MY_SECRET", secret).dockerfile("""
                FROM BASE
                RUN --mount=type=secret,id=tok,env=TOKEN echo "${#TOKEN}" > /token.len && cat /run/secrets/tok | wc -c > /file.len
                """);
        ExecutorRun r = run(ws, "--secret=id=tok,env=MY_SECRET");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        LayoutImage image = LayoutImage.read(layoutOf(ws), "latest");
        assertThat(image.topFiles().get("token.len").strip()).isEqualTo(Integer.toString(secret.length()));
        assertThat(new String(image.tar(1), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(image.config().encode()).doesNotContain(secret).doesNotContain("TOKEN=");
        assertThat(r.everything()).doesNotContain(secret);
    }
}
