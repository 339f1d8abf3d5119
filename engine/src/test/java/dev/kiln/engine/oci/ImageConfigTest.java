package dev.kiln.engine.oci;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.engine.oci.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageConfigTest {

    private static final Digest DIFF1 = Digest.parse("sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2");
    private static final Digest DIFF2 = Digest.parse("sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06");

    @Test
    void parsesADockerConfigWithHealthcheckOnBuildAndShell() {
        ImageConfig c = ImageConfig.parse(Fixtures.bytes("docker-config.json"));
        assertThat(c.created()).isEqualTo(Instant.parse("2024-05-01T10:20:30.123456789Z"));
        assertThat(c.platform()).isEqualTo(Platform.parse("linux/amd64"));
        ContainerConfig cc = c.config();
        assertThat(cc.user()).isEqualTo("app");
        assertThat(cc.exposedPorts()).containsExactly("53/udp", "8080/tcp");
        assertThat(cc.env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "APP_HOME=/srv/app");
        assertThat(cc.envValue("APP_HOME")).isEqualTo("/srv/app");
        assertThat(cc.envValue("APP")).isNull();
        assertThat(cc.cmd()).containsExactly("/bin/sh", "-c", "serve > /dev/null && echo done");
        assertThat(cc.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(cc.volumes()).containsExactly("/data");
        assertThat(cc.workingDir()).isEqualTo("/srv/app");
        assertThat(cc.labels()).containsEntry("maintainer", "ops@example.com").hasSize(2);
        assertThat(cc.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(cc.argsEscaped()).isTrue();
        assertThat(cc.onBuild()).containsExactly("COPY . /srv/app", "RUN make");
        assertThat(cc.shell()).containsExactly("/bin/bash", "-o", "pipefail", "-c");
        assertThat(cc.healthcheck()).isEqualTo(new HealthCheck(
                List.of("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 3));
        assertThat(cc.extra().fieldNames()).containsExactly("AttachStderr", "AttachStdin", "AttachStdout",
                "Domainname", "Hostname", "Image", "OpenStdin", "StdinOnce", "Tty");
        assertThat(c.extra().fieldNames()).containsExactly("container", "container_config", "docker_version");
        assertThat(c.diffIds()).containsExactly(DIFF1, DIFF2);
        assertThat(c.rootfs().type()).isEqualTo("layers");
    }

    @Test
    void readsHistoryWithEmptyLayersAndOffsetTimes() {
        List<History> h = ImageConfig.parse(Fixtures.bytes("docker-config.json")).history();
        assertThat(h).hasSize(4);
        assertThat(h).extracting(History::emptyLayer).containsExactly(false, true, false, true);
        assertThat(h.get(0).created()).isEqualTo(Instant.parse("2024-04-30T08:00:00.5Z"));
        assertThat(h.get(2).created()).isEqualTo(Instant.parse("2024-05-01T08:20:29Z"));
        assertThat(h.get(2).author()).isEqualTo("ops");
        assertThat(h.get(2).comment()).isEqualTo("buildkit.dockerfile.v0");
        assertThat(h.get(3).createdBy()).startsWith("HEALTHCHECK &{");
    }

    @Test
    void roundTripsToAnEqualRecordWithStableBytes() {
        for (String name : List.of("docker-config.json", "umoci-config.json")) {
            ImageConfig c = ImageConfig.parse(Fixtures.bytes(name));
            ImageConfig again = ImageConfig.parse(c.toBytes());
            assertThat(again).as(name).isEqualTo(c);
            assertThat(again.toBytes()).as(name).isEqualTo(c.toBytes());
            assertThat(again.digest()).isEqualTo(c.digest());
        }
    }

    @Test
    void writesFieldsInTheDocumentedOrder() {
        ImageConfig c = ImageConfig.parse(Fixtures.bytes("docker-config.json"));
        JsonObject written = new JsonObject(Fixtures.string(c.toBytes()));
        assertThat(written.fieldNames()).containsExactly("created", "architecture", "os", "config", "rootfs",
                "history", "container", "container_config", "docker_version");
        assertThat(written.getJsonObject("config").fieldNames()).containsExactly("User", "ExposedPorts", "Env",
                "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels", "StopSignal", "ArgsEscaped", "Healthcheck",
                "OnBuild", "Shell", "AttachStderr", "AttachStdin", "AttachStdout", "Domainname", "Hostname", "Image",
                "OpenStdin", "StdinOnce", "Tty");
        String text = Fixtures.string(c.toBytes());
        assertThat(text).contains("\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"curl -f http://localhost:8080/ || exit 1\"],"
                + "\"Interval\":30000000000,\"Timeout\":5000000000,\"StartPeriod\":10000000000,"
                + "\"StartInterval\":2000000000,\"Retries\":3}");
        assertThat(text).contains("\"Cmd\":[\"/bin/sh\",\"-c\",\"serve \\u003e /dev/null \\u0026\\u0026 echo done\"]");
        assertThat(text).contains("\"ExposedPorts\":{\"53/udp\":{},\"8080/tcp\":{}}");
        assertThat(text).contains("{\"created\":\"2024-05-01T08:20:29Z\",\"created_by\":\"RUN /bin/sh -c make install # buildkit\","
                + "\"author\":\"ops\",\"comment\":\"buildkit.dockerfile.v0\"}");
        assertThat(text).contains("\"created\":\"2024-04-30T08:00:00.5Z\"");
    }

    @Test
    void umociConfigIsReproducedByteForByte() {
        byte[] bytes = Fixtures.bytes("umoci-config.json");
        ImageConfig c = ImageConfig.parse(bytes);
        assertThat(c.config().env()).contains("A=b&c");
        assertThat(Fixtures.string(c.toBytes())).isEqualTo(Fixtures.string(bytes));
        assertThat(c.digest()).isEqualTo(Digest.sha256(bytes));
    }

    @Test
    void buildsAConfigStepByStep() {
        Instant t = Instant.parse("2024-01-02T03:04:05Z");
        ImageConfig c = ImageConfig.of(Platform.parse("linux/arm64/v8"))
                .withCreated(t)
                .withLayer(DIFF1, History.of(t, "COPY app /app # buildkit"))
                .withHistory(History.empty(t, "ENV A=1"))
                .withConfig(ContainerConfig.empty().withEnv(List.of("A=1")).withCmd(List.of("/app"))
                        .withExposedPorts(Set.of("80/tcp")).withLabels(Map.of("b", "2", "a", "1"))
                        .withHealthcheck(HealthCheck.none()));
        assertThat(Fixtures.string(c.toBytes())).isEqualTo("{\"created\":\"2024-01-02T03:04:05Z\","
                + "\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\","
                + "\"config\":{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"A=1\"],\"Cmd\":[\"/app\"],"
                + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"},\"Healthcheck\":{\"Test\":[\"NONE\"]}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + DIFF1 + "\"]},"
                + "\"history\":[{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"COPY app /app # buildkit\"},"
                + "{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"ENV A=1\",\"empty_layer\":true}]}");
        assertThat(ImageConfig.parse(c.toBytes())).isEqualTo(c);
        assertThat(c.descriptor(MediaType.OCI_CONFIG).digest()).isEqualTo(c.digest());
    }

    @Test
    void withersCoverEveryContainerSetting() {
        ContainerConfig cc = ContainerConfig.empty().withUser("1000:1000").withEntrypoint(List.of("e"))
                .withVolumes(Set.of("/v")).withWorkingDir("/w").withStopSignal("SIGTERM").withArgsEscaped(true)
                .withOnBuild(List.of("RUN x")).withShell(List.of("pwsh", "-c"))
                .withExtra(new JsonObject().put("Hostname", "h"));
        ImageConfig c = ImageConfig.of(Platform.parse("linux/amd64")).withConfig(cc).withAuthor("me")
                .withRootFs(RootFs.of(List.of(DIFF2))).withPlatform(Platform.parse("windows(10.0.1)/amd64"))
                .withExtra(new JsonObject().put("docker_version", "27"));
        ImageConfig again = ImageConfig.parse(c.toBytes());
        assertThat(again).isEqualTo(c);
        assertThat(again.config().extra().getString("Hostname")).isEqualTo("h");
        assertThat(again.osVersion()).isEqualTo("10.0.1");
        assertThat(again.author()).isEqualTo("me");
        assertThat(ContainerConfig.empty().toJson().isEmpty()).isTrue();
    }

    @Test
    void emptyDocumentGetsTheRequiredFields() {
        ImageConfig c = ImageConfig.parse(utf8("{}"));
        assertThat(c.created()).isNull();
        assertThat(c.history()).isEmpty();
        assertThat(Fixtures.string(c.toBytes())).isEqualTo(
                "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    }

    @Test
    void emptyCmdIsTheSameAsNone() {
        ImageConfig a = ImageConfig.parse(utf8("{\"config\":{\"Cmd\":[],\"Entrypoint\":null}}"));
        ImageConfig b = ImageConfig.parse(utf8("{\"config\":{}}"));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void withLayerRejectsAnEmptyLayerHistory() {
        ImageConfig c = ImageConfig.of(Platform.parse("linux/amd64"));
        assertThatThrownBy(() -> c.withLayer(DIFF1, History.empty(null, "ENV A=1")))
                .hasMessage("history of layer " + DIFF1.shortForm() + " is marked empty_layer");
    }

    @Test
    void healthCheckZeroValuesAreOmittedAndNegativeOnesRejected() {
        HealthCheck h = new HealthCheck(List.of("CMD", "true"), null, Duration.ZERO, null, null, 0);
        assertThat(h.toJson().encode()).isEqualTo("{\"Test\":[\"CMD\",\"true\"]}");
        assertThat(h.isDisabled()).isFalse();
        assertThat(HealthCheck.none().isDisabled()).isTrue();
        assertThat(HealthCheck.fromJson(h.toJson())).isEqualTo(h);
        assertThatThrownBy(() -> new HealthCheck(List.of(), Duration.ofSeconds(-1), null, null, null, 0))
                .hasMessage("healthcheck: negative Interval PT-1S");
        assertThatThrownBy(() -> new HealthCheck(List.of(), null, null, null, null, -1))
                .hasMessage("healthcheck: negative Retries -1");
    }

    @Test
    void timesAreWrittenLikeGo() {
        assertThat(Rfc3339.format(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(Rfc3339.format(Instant.parse("2024-01-02T03:04:05.120Z"))).isEqualTo("2024-01-02T03:04:05.12Z");
        assertThat(Rfc3339.format(Instant.parse("2024-01-02T03:04:05.000000001Z")))
                .isEqualTo("2024-01-02T03:04:05.000000001Z");
        assertThat(Rfc3339.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Rfc3339.format(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(Rfc3339.parse("2024-01-02T05:04:05+02:00")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(Rfc3339.isValid("yesterday")).isFalse();
        assertThatThrownBy(() -> Rfc3339.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .hasMessageContaining("year outside 0000-9999");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[1]|expected a JSON object, got array",
            "{\"created\":\"yesterday\"}|\"created\": invalid RFC 3339 time \"yesterday\"",
            "{\"created\":0}|\"created\": expected string, got number",
            "{\"architecture\":[]}|\"architecture\": expected string, got array",
            "{\"os.features\":\"x\"}|\"os.features\": expected array of strings, got string",
            "{\"config\":\"x\"}|\"config\": expected object, got string",
            "{\"config\":{\"Env\":\"A=1\"}}|\"config.Env\": expected array of strings, got string",
            "{\"config\":{\"Cmd\":[\"a\",1]}}|\"config.Cmd[1]\": expected string, got number",
            "{\"config\":{\"ExposedPorts\":[\"80/tcp\"]}}|\"config.ExposedPorts\": expected object, got array",
            "{\"config\":{\"ExposedPorts\":{\"80/tcp\":\"\"}}}|\"config.ExposedPorts.80/tcp\": expected object, got string",
            "{\"config\":{\"Volumes\":true}}|\"config.Volumes\": expected object, got boolean",
            "{\"config\":{\"Labels\":{\"a\":1}}}|\"config.Labels.a\": expected string, got number",
            "{\"config\":{\"ArgsEscaped\":\"true\"}}|\"config.ArgsEscaped\": expected boolean, got string",
            "{\"config\":{\"Healthcheck\":[]}}|\"config.Healthcheck\": expected object, got array",
            "{\"config\":{\"Healthcheck\":{\"Interval\":\"30s\"}}}|\"config.Healthcheck.Interval\": expected integer, got string",
            "{\"config\":{\"Healthcheck\":{\"Timeout\":-5}}}|\"config.Healthcheck.Timeout\": negative duration -5ns",
            "{\"config\":{\"Healthcheck\":{\"Retries\":-1}}}|\"config.Healthcheck.Retries\": negative retries -1",
            "{\"config\":{\"Healthcheck\":{\"Retries\":3000000000}}}|\"config.Healthcheck.Retries\": integer out of range: 3000000000",
            "{\"rootfs\":[]}|\"rootfs\": expected object, got array",
            "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"DIG\",\"sha256:xyz\"]}}|\"rootfs.diff_ids[1]\": invalid sha256 digest",
            "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":\"DIG\"}}|\"rootfs.diff_ids\": expected array of strings, got string",
            "{\"history\":{}}|\"history\": expected array, got object",
            "{\"history\":[{},\"x\"]}|\"history[1]\": expected object, got string",
            "{\"history\":[{},{\"created\":\"2024-13-01T00:00:00Z\"}]}|\"history[1].created\": invalid RFC 3339 time",
            "{\"history\":[{\"empty_layer\":\"yes\"}]}|\"history[0].empty_layer\": expected boolean, got string",
    })
    void rejectsMalformedConfigsNamingTheDigestAndField(String template, String message) {
        byte[] bytes = utf8(template.replace("DIG", DIFF1.toString()));
        assertThatThrownBy(() -> ImageConfig.parse(bytes))
                .isInstanceOf(MalformedContentException.class)
                .hasMessageStartingWith("parse image config " + Digest.sha256(bytes).shortForm() + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void configExtraMustNotShadowModelledFields() {
        assertThatThrownBy(() -> ContainerConfig.empty().withExtra(new JsonObject().put("Env", List.of())))
                .hasMessage("container config extra fields must not contain the modelled field \"Env\"");
        assertThatThrownBy(() -> ImageConfig.of(Platform.parse("linux/amd64")).withExtra(new JsonObject().put("os", "x")))
                .hasMessage("image config extra fields must not contain the modelled field \"os\"");
    }
}
