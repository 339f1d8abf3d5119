package dev.kiln.executor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseDefinitionTest {

    private static Map<String, String> minimal() {
        Map<String, String> p = new HashMap<>();
        p.put("description", "d");
        p.put("stdout", "out");
        p.put("layers", "2");
        return p;
    }

    @Test
    void parsesExpectationsInputsAndAllowances() {
        Map<String, String> p = minimal();
        p.put("exit", "3");
        p.put("layers.base", "0");
        p.put("build-arg.A", "1");
        p.put("target", "build");
        p.put("secret.tok", "secret.txt");
        p.put("context.mode.f", "0600");
        p.put("allow", "buildah-run-stubs");
        p.put("differs./a", "absent => dir 0755 0:0 | why");
        p.put("differs.config.Cmd", "[\"a\"] => absent | why not");
        p.put("buildah.layers", "1 | because");
        CaseDefinition c = CaseDefinition.parse("001-x", Path.of("."), p);
        assertThat(c.exitCode()).isEqualTo(3);
        assertThat(c.newLayers()).isEqualTo(2);
        assertThat(c.baseLayers()).isZero();
        assertThat(c.buildArgs()).containsExactly(Map.entry("A", "1"));
        assertThat(c.target()).contains("build");
        assertThat(c.secrets()).containsExactly(Map.entry("tok", "secret.txt"));
        assertThat(c.context()).containsExactly(Map.entry("mode.f", "0600"));
        assertThat(c.ignoresRunStubs()).isTrue();
        assertThat(c.allowances(Allowance.PathDiffers.class))
                .containsExactly(new Allowance.PathDiffers("/a", "absent", "dir 0755 0:0", "why"));
        assertThat(c.allowances(Allowance.ConfigDiffers.class))
                .containsExactly(new Allowance.ConfigDiffers("Cmd", new JsonArray().add("a"), null, "why not"));
        assertThat(c.allowances(Allowance.BuildahLayers.class)).containsExactly(new Allowance.BuildahLayers(1, "because"));
    }

    @Test
    void anUnknownKeyIsRejectedNamingTheCaseAndKey() {
        Map<String, String> p = minimal();
        p.put("stdot", "typo");
        assertThatThrownBy(() -> CaseDefinition.parse("007-typo", Path.of("."), p))
                .hasMessage("read case 007-typo, key stdot: unknown key");
    }

    @Test
    void anAllowanceWithoutAReasonIsRejected() {
        Map<String, String> p = minimal();
        p.put("differs./x", "absent => dir 0755 0:0");
        assertThatThrownBy(() -> CaseDefinition.parse("008-x", Path.of("."), p))
                .hasMessage("read case 008-x, key differs./x: an allowance needs its reason after \" | \"");
    }

    @Test
    void anUnknownNamedAllowanceIsRejected() {
        Map<String, String> p = minimal();
        p.put("allow", "anything-goes");
        assertThatThrownBy(() -> CaseDefinition.parse("009-x", Path.of("."), p))
                .hasMessageContaining("unknown named allowance \"anything-goes\"");
    }

    @Test
    void aCaseWithoutLayerCountIsRejected() {
        Map<String, String> p = minimal();
        p.remove("layers");
        assertThatThrownBy(() -> CaseDefinition.parse("010-x", Path.of("."), p))
                .hasMessage("read case 010-x, key layers: missing: how many layers the final stage adds");
    }

    @Test
    void configNormalisationTreatsEmptyAsAbsentAndDropsBuildahsLabelAndZeroDurations() {
        JsonObject buildah = new JsonObject().put("author", "a").put("config", new JsonObject()
                .put("Cmd", new JsonArray()).put("Labels", new JsonObject().put("io.buildah.version", "1.28.2"))
                .put("Healthcheck", new JsonObject().put("Test", new JsonArray().add("NONE")).put("Interval", 0)));
        JsonObject buildkit = new JsonObject().put("author", "a").put("config", new JsonObject()
                .put("Healthcheck", new JsonObject().put("Test", new JsonArray().add("NONE"))));
        assertThat(ConfigFields.of(buildah)).isEqualTo(ConfigFields.of(buildkit)).containsOnlyKeys("Healthcheck", "author");
    }
}
