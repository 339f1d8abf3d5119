package dev.kiln.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.CommandException;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.MediaTypes;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Buildah;
import dev.kiln.testkit.tool.Runc;
import dev.kiln.testkit.tool.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresTools({Tool.DOCKER_REGISTRY, Tool.OPENSSL, Tool.SKOPEO, Tool.UMOCI, Tool.RUNC, Tool.BUILDAH, Tool.BUSYBOX,
        Tool.APT_GET, Tool.DPKG_DEB})
class BuildahIT {
    @AutoClose
    static RegistryServer registry;
    @AutoClose
    static Buildah buildah;

    @TempDir
    Path context;

    @BeforeAll
    static void setUp() {
        registry = RegistryServer.startPlain();
        buildah = Buildah.create();
        BaseImages.pushBusyboxIndex(registry, "busybox:latest");
    }

    private String from() {
        return "FROM " + registry.reference("busybox:latest") + "\n";
    }

    private static int layerCount(String manifest) {
        return Json.asArray(Json.at(Json.parse(manifest), "layers"), "layers").size();
    }

    @Test
    void buildsATwoLineDockerfileFromThePushedBusyboxPushesItAndRuncRunsIt() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), from() + "RUN echo built-by-buildah > /built.txt\n");

        String id = buildah.bud(context).pullFrom(registry).tag("localhost/built:1").layers(true)
                .format(Buildah.Format.DOCKER).run();
        String digest = buildah.push("localhost/built:1", registry, "built:1");

        Map<String, Object> manifest = Json.parseObject(Skopeo.inspectRaw(registry, "built:1"));
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(digest).startsWith("sha256:");
        assertThat(manifest.get("mediaType")).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(Runc.run(registry, "built:1", "cat", "/built.txt").stdout()).isEqualTo("built-by-buildah\n");
    }

    @Test
    void layersGivesOneLayerPerStepAndBuildArgsReachRun() throws Exception {
        Files.writeString(context.resolve("Dockerfile"),
                from() + "ARG GREETING\nRUN echo $GREETING > /a\nRUN echo two > /b\n");

        buildah.bud(context).pullFrom(registry).tag("localhost/layered:1").layers(true).buildArg("GREETING", "hey").run();
        buildah.bud(context).pullFrom(registry).tag("localhost/squashed:1").buildArg("GREETING", "hey").run();
        buildah.push("localhost/layered:1", registry, "layered:1");
        buildah.push("localhost/squashed:1", registry, "squashed:1");

        String layered = Skopeo.inspectRaw(registry, "layered:1");
        assertThat(Json.at(Json.parse(layered), "mediaType")).isIn(MediaTypes.OCI_MANIFEST, null);
        assertThat(Json.at(Json.parse(layered), "config", "mediaType")).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(layerCount(layered)).isEqualTo(3);
        assertThat(layerCount(Skopeo.inspectRaw(registry, "squashed:1"))).isEqualTo(2);
        assertThat(Runc.run(registry, "layered:1", "cat", "/a").stdout()).isEqualTo("hey\n");
    }

    @Test
    void pushesToATlsRegistryWithItsCertDir() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), from() + "RUN touch /tls-ok\n");
        try (RegistryServer tls = RegistryServer.builder().tls().htpasswd("dora", "tls-pw").start()) {
            buildah.bud(context).pullFrom(registry).tag("localhost/tls:1").run();

            String digest = buildah.push("localhost/tls:1", tls, "tls:1");

            assertThat(tls.client().manifest("tls", "1").digest()).isEqualTo(digest);
        }
    }

    @Test
    void failedBuildReportsTheCommandAndBuildahsOutput() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), from() + "RUN echo about-to-fail && exit 3\n");

        assertThatThrownBy(() -> buildah.bud(context).pullFrom(registry).tag("localhost/broken:1").run())
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("run `buildah --root ")
                .hasMessageContaining(" bud --isolation chroot ")
                .hasMessageContaining("exit code")
                .hasMessageContaining("exit status 3");
    }
}
