package dev.kiln.executor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.CommandResult;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the executor writes besides a push: a docker-save tarball ({@code --tar-path}) that podman loads, an OCI
 * layout ({@code --oci-layout-path}) that skopeo reads, kaniko's three digest files, {@code KANIKO_NO_PUSH}, and
 * the work directory ({@code KANIKO_DIR}, {@code --kaniko-dir}, {@code --cleanup}).
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class OutputsIT {

    private static RegistryServer registry;

    @TempDir
    Path dir;

    private Workspace ws;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        BaseImages.pushBusybox(registry, "busybox:latest");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void workspace() throws IOException {
        ws = new Workspace(dir, registry.reference("busybox:latest")).dockerfile("""
                FROM BASE
                LABEL org.example.test=outputs
                RUN --mount=type=cache,target=/var/cache/demo echo cached > /var/cache/demo/entry \\
                    && echo ran > /ran
                COPY data.txt /data.txt
                CMD ["cat", "/ran", "/data.txt"]
                """).file("data.txt", "data\n");
        Files.createDirectories(ws.out("."));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    @Test
    void noPushWithTarPathWritesATarballPodmanLoads() throws Exception {
        Path tar = ws.out("image.tar");
        String ref = registry.reference("tarred:1");
        String second = registry.reference("also/tarred:2");
        ExecutorRun r = ws.run("--no-push", "--insecure-pull", "--destination=" + ref, "--destination=" + second,
                "--tar-path=" + tar, "--digest-file=" + ws.out("digest"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.logged("Skipping push")).isTrue();
        assertThat(registry.client().get("/v2/tarred/manifests/1").statusCode()).as("nothing pushed").isEqualTo(404);
        assertThat(tar).isRegularFile();

        if (Command.of("sh", "-c", "command -v podman").run().succeeded()) {
            Path root = dir.resolve("podman");
            List<String> podman = List.of("podman", "--root", root.resolve("root").toString(),
                    "--runroot", root.resolve("runroot").toString(), "--storage-driver", "vfs");
            CommandResult load = Command.of(concat(podman, "load", "-i", tar.toString())).check();
            assertThat(load.stdout() + load.stderr()).contains(ref);
            String inspect = Command.of(concat(podman, "image", "inspect", ref)).check().stdout();
            JsonObject image = new JsonArray(inspect).getJsonObject(0);
            assertThat(image.getJsonObject("Config").getJsonArray("Cmd")).containsExactly("cat", "/ran", "/data.txt");
            assertThat(image.getJsonObject("Labels").getString("org.example.test")).isEqualTo("outputs");
            assertThat(image.getJsonObject("RootFS").getJsonArray("Layers")).hasSize(3);
            assertThat(image.getJsonArray("RepoTags")).contains(ref, second);
            String config = new JsonArray(LayoutImage.entries(Files.readAllBytes(tar)).get("manifest.json"))
                    .getJsonObject(0).getString("Config");
            assertThat(image.getString("Id") + ".json").as("the image ID is the config's digest").isEqualTo(config);
        } else {
            // podman is not installed: judge the tarball with skopeo's docker-archive transport instead
            String inspect = Command.of(Tool.SKOPEO, "inspect", "--config", "docker-archive:" + tar).check().stdout();
            JsonObject config = new JsonObject(inspect);
            assertThat(config.getJsonObject("config").getJsonArray("Cmd")).containsExactly("cat", "/ran", "/data.txt");
            assertThat(config.getJsonObject("rootfs").getJsonArray("diff_ids")).hasSize(3);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Stream.of(tail)).toList();
    }

    @Test
    void ociLayoutPathWritesALayoutSkopeoReadsWithTheDigestOfTheDigestFile() throws Exception {
        Path layout = ws.out("layout");
        ExecutorRun r = ws.run("--no-push", "--insecure-pull", "--destination=" + registry.reference("laid:v2"),
                "--oci-layout-path=" + layout, "--digest-file=" + ws.out("digest"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonObject inspected = new JsonObject(Command.of(Tool.SKOPEO, "inspect", "oci:" + layout + ":v2").check().stdout());
        assertThat(inspected.getString("Digest")).isEqualTo(read(ws.out("digest")));
        assertThat(inspected.getJsonObject("Labels").getString("org.example.test")).isEqualTo("outputs");
        assertThat(inspected.getJsonArray("Layers")).hasSize(3);
        LayoutImage image = LayoutImage.read(layout, "v2");
        assertThat(image.digest()).isEqualTo(read(ws.out("digest")));
        assertThat(image.topFiles()).containsEntry("data.txt", "data\n");
    }

    @Test
    void digestFilesHoldTheRegistrysDigestAndEachDestinationsName() throws Exception {
        String tagged = registry.reference("named:7");
        String untagged = registry.reference("other");
        ExecutorRun r = ws.run("--insecure", "--insecure-pull", "--destination=" + tagged, "--destination=" + untagged,
                "--digest-file=" + ws.out("digest"), "--image-name-with-digest-file=" + ws.out("names"),
                "--image-name-tag-with-digest-file=" + ws.out("name-tags"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        String digest = registry.client().manifest("named", "7").digest();
        assertThat(registry.client().manifest("other", "latest").digest()).isEqualTo(digest);
        assertThat(read(ws.out("digest"))).isEqualTo(digest);
        String repo = registry.hostPort() + "/";
        assertThat(read(ws.out("names"))).isEqualTo(repo + "named@" + digest + "\n" + repo + "other@" + digest + "\n");
        assertThat(read(ws.out("name-tags")))
                .isEqualTo(repo + "named:7@" + digest + "\n" + repo + "other:latest@" + digest + "\n");
    }

    @Test
    void kanikoNoPushInTheEnvironmentSkipsThePush() throws Exception {
        ws.env("KANIKO_NO_PUSH", "true");
        ExecutorRun r = ws.run("--insecure", "--insecure-pull", "--destination=" + registry.reference("envnopush:1"),
                "--digest-file=" + ws.out("digest"), "--image-name-tag-with-digest-file=" + ws.out("name-tags"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.logged("Skipping push")).isTrue();
        assertThat(registry.client().get("/v2/envnopush/manifests/1").statusCode()).isEqualTo(404);
        String digest = read(ws.out("digest"));
        assertThat(digest).startsWith("sha256:");
        assertThat(read(ws.out("name-tags"))).as("kaniko writes the name files without a push too")
                .isEqualTo(registry.reference("envnopush:1") + "@" + digest + "\n");
    }

    @Test
    void kanikoNoPushFalseOverridesTheFlag() {
        ws.env("KANIKO_NO_PUSH", "false");
        ExecutorRun r = ws.run("--no-push", "--insecure", "--insecure-pull",
                "--destination=" + registry.reference("envpush:1"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(registry.client().manifest("envpush", "1").body()).contains("\"layers\"");
    }

    /** Every regular file and symlink below {@code root}, relative to it. */
    private static List<String> filesBelow(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void kanikoDirIsTheWorkDirectoryAndKeepsOnlyLayersAndCacheMountsAfterwards() throws Exception {
        ExecutorRun r = ws.run("--no-push", "--insecure-pull");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        Path work = ws.workDir();
        List<String> files = filesBelow(work);
        assertThat(files).as("files left in %s", work).isNotEmpty()
                .allMatch(f -> f.startsWith("layers/") || f.startsWith("cache-mounts/"));
        assertThat(files).as("the base layer was downloaded into the work directory")
                .anyMatch(f -> f.startsWith("layers/"));
        assertThat(files).as("the cache mount persists").anyMatch(f -> f.startsWith("cache-mounts/") && f.endsWith("entry"));
        try (Stream<Path> top = Files.list(work)) {
            assertThat(top.map(p -> p.getFileName().toString()).toList())
                    .as("top-level entries of %s", work).isSubsetOf("layers", "cache-mounts", "builds");
        }
    }

    @Test
    void kanikoDirFlagTakesPrecedenceOverTheEnvironment() throws Exception {
        Path flagDir = dir.resolve("from-flag");
        ExecutorRun r = ws.run("--no-push", "--insecure-pull", "--kaniko-dir=" + flagDir);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(filesBelow(flagDir)).anyMatch(f -> f.startsWith("layers/"));
        assertThat(ws.workDir()).doesNotExist();
    }

    @Test
    void cleanupAlsoDeletesTheDownloadedLayers() throws Exception {
        ExecutorRun r = ws.run("--no-push", "--insecure-pull", "--cleanup");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(filesBelow(ws.workDir())).as("files left in %s", ws.workDir())
                .noneMatch(f -> f.startsWith("layers/") || f.startsWith("builds/"));
    }
}
