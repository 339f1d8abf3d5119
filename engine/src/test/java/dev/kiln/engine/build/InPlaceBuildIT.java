package dev.kiln.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.layer.tar.TarReader;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.Registries;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.engine.run.IsolationKind;
import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Umoci;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kaniko-style in-place builds, never in the real {@code /}: the root is a throwaway busybox rootfs in a
 * temporary directory standing for the executor's container ({@link BuildRequest.Builder#inPlaceRoot}),
 * with the work directory, the context and some paths of the "container" inside it. The image must be the
 * one the default mode (a directory per stage) builds, and what the ignore list names must survive every
 * stage reset without reaching a layer.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI})
class InPlaceBuildIT {

    private static final String DOCKERFILE = """
            FROM BASE AS first
            RUN echo one > /one && mkdir -p /data && echo d > /data/d && rm /etc/group
            COPY hello.txt /hello.txt
            FROM BASE AS second
            RUN test ! -e /one && test ! -e /stray && test -e /etc/group && echo clean > /second
            FROM first
            RUN cat /one /data/d /hello.txt > /both && test ! -e /second && test ! -e /etc/group
            COPY --from=second /second /second
            ENV GREETING=hi
            CMD ["cat", "/both"]
            """;

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
        assumeTrue("root".equals(System.getProperty("user.name")), "RUN needs root");
        client = RegistryClient.create(vertx, Registries.optionsFor(registry).build(), Keychain.anonymous());
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            Await.result(client.close());
        }
    }

    /** A busybox rootfs standing for the executor's container, with files of the "container" in it. */
    private Path containerRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Image image = OciLayout.open(BaseImages.busyboxLayout(Arch.AMD64)).image(BaseImages.TAG);
        for (Layer layer : image.layers()) {
            try (InputStream in = layer.openCompressed()) {
                new LayerExtractor().extract(layer.digest(), in, root);
            }
        }
        write(root.resolve("stray"), "left by whoever ran before");
        write(root.resolve("var/run/marker"), "the container's /var/run");
        write(root.resolve("cache/keep"), "an --ignore-path");
        return root;
    }

    private static Path context(Path ctx) throws IOException {
        write(ctx.resolve("Dockerfile"), DOCKERFILE.replace("BASE", base));
        write(ctx.resolve("hello.txt"), "hello\n");
        return ctx;
    }

    private BuildRequest.Builder request(Path ctx, Path work, Path out) {
        return BuildRequest.builder(ctx.resolve("Dockerfile"), ctx).workDir(work).ociLayoutPath(out).push(false)
                .reproducible(true);
    }

    private Image build(BuildRequest request, Path out) throws IOException {
        Await.result(new Build(vertx, client, request).run());
        return OciLayout.open(out).image("latest");
    }

    @Test
    void aMultiStageBuildInPlaceMakesTheImageOfTheDefaultMode() throws Exception {
        Path root = containerRoot();
        Image inPlace = build(request(context(root.resolve("workspace")), root.resolve("kiln"), dir.resolve("out-in-place"))
                .isolation(IsolationKind.IN_PLACE).inPlaceRoot(root).ignorePaths(List.of("/cache")).build(),
                dir.resolve("out-in-place"));
        Image separate = build(request(context(dir.resolve("ctx")), dir.resolve("work"), dir.resolve("out-default"))
                .build(), dir.resolve("out-default"));

        assertThat(inPlace.config().config()).isEqualTo(separate.config().config());
        assertThat(inPlace.config().history().stream().map(History::createdBy).toList())
                .isEqualTo(separate.config().history().stream().map(History::createdBy).toList());
        assertThat(inPlace.config().diffIds()).isEqualTo(separate.config().diffIds()); // --reproducible: same bytes
        assertThat(inPlace.layers()).hasSize(separate.layers().size()).hasSize(5); // busybox + RUN, COPY of "first" + RUN, COPY
        Map<String, String> files = flattened(dir.resolve("out-in-place"), dir.resolve("bundle-in-place"));
        assertThat(files).isEqualTo(flattened(dir.resolve("out-default"), dir.resolve("bundle-default")));
        assertThat(files).containsEntry("both", "file 644 0:0 one\nd\nhello\n")
                .containsEntry("second", "file 644 0:0 clean\n").doesNotContainKey("etc/group");
    }

    @Test
    void ignoredPathsSurviveEveryStageResetAndReachNoLayer() throws Exception {
        Path root = containerRoot();
        Image image = build(request(context(root.resolve("workspace")), root.resolve("kiln"), dir.resolve("out"))
                .isolation(IsolationKind.IN_PLACE).inPlaceRoot(root).ignorePaths(List.of("/cache")).build(),
                dir.resolve("out"));

        assertThat(root.resolve("var/run/marker")).hasContent("the container's /var/run");
        assertThat(root.resolve("cache/keep")).hasContent("an --ignore-path");
        assertThat(root.resolve("workspace/hello.txt")).hasContent("hello\n");
        assertThat(root.resolve("stray")).doesNotExist();
        assertThat(root.resolve("both")).hasContent("one\nd\nhello\n"); // the last stage's files stay, as in kaniko
        List<String> names = new ArrayList<>();
        for (Layer layer : image.layers()) {
            try (InputStream in = layer.openUncompressed()) {
                TarReader reader = new TarReader(in, TarLimits.DEFAULT);
                for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                    names.add(e.name().replaceFirst("^\\./", "").replaceFirst("^/", ""));
                }
            }
        }
        assertThat(names).contains("one", "both", "second", "bin/busybox")
                .noneMatch(n -> n.startsWith("kiln") || n.startsWith("workspace") || n.startsWith("var/run")
                        || n.startsWith("cache") || n.startsWith("stray"));
    }

    @Test
    void aCachedRebuildInPlaceMakesTheSameImageWithoutRunningARun() throws Exception {
        Path root = containerRoot();
        Path ctx = context(root.resolve("workspace"));
        String cache = "oci:" + dir.resolve("oci-cache"); // outside the root: the resets never touch it
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("dev.kiln.engine.build");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logs.start();
        logger.addAppender(logs);
        try {
            Image cold = build(request(ctx, root.resolve("kiln"), dir.resolve("out-cold"))
                    .isolation(IsolationKind.IN_PLACE).inPlaceRoot(root).ignorePaths(List.of("/cache"))
                    .cache(true).cacheRepo(cache).build(), dir.resolve("out-cold"));
            logs.list.clear();
            // COPY layers are not cached (kaniko's default): the COPYs run in place on top of the hits
            Image warm = build(request(ctx, root.resolve("kiln"), dir.resolve("out-warm"))
                    .isolation(IsolationKind.IN_PLACE).inPlaceRoot(root).ignorePaths(List.of("/cache"))
                    .cache(true).cacheRepo(cache).build(), dir.resolve("out-warm"));

            assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().startsWith("Running:"));
            assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("Using cached layer"))
                    .hasSize(3);
            assertThat(warm.config().diffIds()).isEqualTo(cold.config().diffIds()); // --reproducible
            assertThat(flattened(dir.resolve("out-warm"), dir.resolve("bundle-warm")))
                    .isEqualTo(flattened(dir.resolve("out-cold"), dir.resolve("bundle-cold")));
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(level);
        }
    }

    /** Every path of the image as umoci unpacks it: type, mode, owner and content (or its digest) or link target. */
    private static Map<String, String> flattened(Path layout, Path bundle) throws IOException {
        Umoci.unpack(layout, "latest", bundle);
        Path rootfs = bundle.resolve("rootfs");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(rootfs)) {
            for (Path p : walk.filter(p -> !p.equals(rootfs)).toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                String owner = a.get("uid") + ":" + a.get("gid");
                String mode = Integer.toOctalString((Integer) a.get("mode") & 07777);
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link " + owner + " " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    what = "dir " + mode + " " + owner;
                } else {
                    byte[] content = Files.readAllBytes(p);
                    what = "file " + mode + " " + owner + " " + (content.length < 64
                            ? new String(content, java.nio.charset.StandardCharsets.UTF_8) : sha256(content));
                }
                out.put(rootfs.relativize(p).toString(), what);
            }
        }
        return out;
    }

    private static String sha256(byte[] content) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
