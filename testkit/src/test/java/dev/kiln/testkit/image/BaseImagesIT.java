package dev.kiln.testkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.MediaTypes;
import dev.kiln.testkit.registry.RegistryHttpClient;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresTools({Tool.DOCKER_REGISTRY, Tool.OPENSSL, Tool.SKOPEO, Tool.UMOCI, Tool.BUSYBOX, Tool.APT_GET, Tool.DPKG_DEB})
class BaseImagesIT {
    @AutoClose
    static RegistryServer registry;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
    }

    private static List<String> platforms(Map<String, Object> index) {
        return Json.asArray(index.get("manifests"), "manifests").stream()
                .map(m -> Json.at(m, "platform", "os") + "/" + Json.at(m, "platform", "architecture")).toList();
    }

    @Test
    void ociIndexIsPushedWithBothPlatforms() {
        PushedImage pushed = BaseImages.pushBusyboxIndex(registry, "busybox:multi");

        String raw = Skopeo.inspectRaw(registry, "busybox:multi");
        Map<String, Object> index = Json.parseObject(raw);
        assertThat(index.get("mediaType")).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(platforms(index)).containsExactly("linux/amd64", "linux/arm64");
        assertThat(Json.asArray(index.get("manifests"), "manifests"))
                .allSatisfy(m -> assertThat(Json.at(m, "mediaType")).isEqualTo(MediaTypes.OCI_MANIFEST));
        assertThat(pushed.digest()).isEqualTo(RegistryHttpClient.sha256(raw));
        assertThat(pushed.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void dockerManifestListIsPushedWithBothPlatformsAsV2s2() {
        BaseImages.pushBusyboxManifestList(registry, "busybox:list");

        Map<String, Object> list = Json.parseObject(Skopeo.inspectRaw(registry, "busybox:list"));
        assertThat(list.get("mediaType")).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(platforms(list)).containsExactly("linux/amd64", "linux/arm64");
        assertThat(Json.asArray(list.get("manifests"), "manifests"))
                .allSatisfy(m -> assertThat(Json.at(m, "mediaType")).isEqualTo(MediaTypes.DOCKER_MANIFEST));
    }

    @Test
    void dockerV2s2ImageHasDockerMediaTypes() {
        PushedImage pushed = BaseImages.pushBusyboxDocker(registry, "busybox:v2s2");

        RegistryHttpClient.Manifest m = registry.client().manifest("busybox", "v2s2");
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.digest()).isEqualTo(pushed.digest());
        assertThat(Json.at(Json.parse(m.body()), "config", "mediaType"))
                .isEqualTo("application/vnd.docker.container.image.v1+json");
    }

    @Test
    void singleOciImageIsServedOnlyWhenTheOciTypeIsAccepted() {
        BaseImages.pushBusybox(registry, "busybox:oci");

        RegistryHttpClient.Manifest m = registry.client().manifest("busybox", "oci");
        var dockerOnly = registry.client().sendAuthenticated(HttpRequest.newBuilder(
                registry.url().resolve("/v2/busybox/manifests/oci"))
                .header("Accept", MediaTypes.DOCKER_MANIFEST).build(), null);

        assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(Json.asArray(Json.at(Json.parse(m.body()), "layers"), "layers")).hasSize(1);
        assertThat(dockerOnly.statusCode()).isEqualTo(404);
    }

    @Test
    void imageConfigsNameTheirArchitectureAndDefaults() {
        BaseImages.pushBusybox(registry, "busybox:arm64", Arch.ARM64);

        Map<String, Object> arm = Json.parseObject(Skopeo.inspectConfig(registry, "busybox:arm64"));
        assertThat(arm.get("architecture")).isEqualTo("arm64");
        assertThat(arm.get("os")).isEqualTo("linux");
        assertThat(Json.at(arm, "config", "Cmd")).isEqualTo(List.of("sh"));
        assertThat(Json.at(arm, "config", "WorkingDir")).isEqualTo("/");
    }

    @Test
    void layoutsAreBuiltOncePerJvmAndTheArm64BinaryIsCachedPerMachine() {
        assertThat(BaseImages.busyboxLayout(Arch.AMD64)).isSameAs(BaseImages.busyboxLayout(Arch.AMD64));
        assertThat(BusyboxBinaries.binary(Arch.ARM64))
                .startsWith(BusyboxBinaries.cacheRoot())
                .isExecutable();
    }
}
