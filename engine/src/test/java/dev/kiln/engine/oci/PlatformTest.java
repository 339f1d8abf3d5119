package dev.kiln.engine.oci;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {

    /** specifier | os | architecture | variant | osVersion | toString. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "linux/amd64|linux|amd64|''|''|linux/amd64",
            "linux/arm64/v8|linux|arm64|v8|''|linux/arm64/v8",
            "linux/arm64|linux|arm64|''|''|linux/arm64",
            "linux/arm/v7|linux|arm|v7|''|linux/arm/v7",
            "linux/arm/v6|linux|arm|v6|''|linux/arm/v6",
            "windows/amd64|windows|amd64|''|''|windows/amd64",
            "windows(10.0.17763.5329)/amd64|windows|amd64|''|10.0.17763.5329|windows(10.0.17763.5329)/amd64",
            "linux/x86_64|linux|amd64|''|''|linux/amd64",
            "linux/x86-64|linux|amd64|''|''|linux/amd64",
            "Linux/AArch64|linux|arm64|''|''|linux/arm64",
            "linux/armhf|linux|arm|v7|''|linux/arm/v7",
            "linux/armel|linux|arm|v6|''|linux/arm/v6",
            "linux/i386|linux|386|''|''|linux/386",
            "linux/amd64/v3|linux|amd64|v3|''|linux/amd64/v3",
            "macos/arm64|darwin|arm64|''|''|darwin/arm64",
            "linux/s390x|linux|s390x|''|''|linux/s390x",
    })
    void parsesSpecifiers(String spec, String os, String arch, String variant, String osVersion, String text) {
        Platform p = Platform.parse(spec);
        assertThat(p.os()).isEqualTo(os);
        assertThat(p.architecture()).isEqualTo(arch);
        assertThat(p.variant()).isEqualTo(variant);
        assertThat(p.osVersion()).isEqualTo(osVersion);
        assertThat(p).hasToString(text);
        assertThat(Platform.parse(p.toString())).isEqualTo(p);
    }

    @Test
    void loneOsTakesTheHostArchitecture() {
        Platform p = Platform.parse("linux");
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo(Platform.host().architecture());
    }

    @Test
    void loneArchitectureTakesTheHostOs() {
        Platform p = Platform.parse("arm64");
        assertThat(p.architecture()).isEqualTo("arm64");
        assertThat(p.os()).isEqualTo(Platform.host().os());
        assertThat(Platform.parse("aarch64").architecture()).isEqualTo("arm64");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "''|invalid platform \"\": empty specifier (expected os[/arch[/variant]])",
            "linux/|invalid platform \"linux/\": empty component 2",
            "/amd64|invalid platform \"/amd64\": empty component 1",
            "linux/amd64/v8/x|invalid platform \"linux/amd64/v8/x\": too many components (expected os[/arch[/variant]])",
            "lin ux/amd64|invalid platform \"lin ux/amd64\": invalid os component \"lin ux\"",
            "linux/amd$64|invalid platform \"linux/amd$64\": invalid component \"amd$64\"",
            "linux/arm64/v8!|invalid component \"v8!\"",
            "foo|invalid platform \"foo\": unknown operating system or architecture",
            "linux/*|invalid component \"*\"",
    })
    void rejectsBadSpecifiersWithAClearMessage(String spec, String message) {
        assertThatThrownBy(() -> Platform.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    /** stored arch/variant | normalized arch/variant (containerd's normalizeArch). */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource(delimiter = '|', value = {
            "x86_64|''|amd64|''",
            "amd64|v1|amd64|''",
            "amd64|v2|amd64|v2",
            "aarch64|''|arm64|''",
            "arm64|v8|arm64|''",
            "arm64|8|arm64|''",
            "arm64|v8.2|arm64|v8.2",
            "arm|''|arm|v7",
            "arm|7|arm|v7",
            "arm|6|arm|v6",
            "armhf|''|arm|v7",
            "armel|''|arm|v6",
            "i386|''|386|''",
            "ARM64|V8|arm64|''",
    })
    void normalizesLikeContainerd(String arch, String variant, String normArch, String normVariant) {
        Platform p = Platform.of("Linux", arch, variant).normalized();
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo(normArch);
        assertThat(p.variant()).isEqualTo(normVariant);
    }

    /** image | wanted | satisfies. */
    @ParameterizedTest(name = "image {0} on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "linux/amd64|linux/amd64|true",
            "linux/amd64|linux/amd64/v2|true",
            "linux/amd64/v1|linux/amd64/v2|true",
            "linux/amd64/v2|linux/amd64/v2|true",
            "linux/amd64/v3|linux/amd64/v2|false",
            "linux/amd64/v2|linux/amd64|false",
            "linux/amd64/v4|linux/amd64/v4|true",
            "linux/amd64|linux/arm64|false",
            "linux/amd64|windows/amd64|false",
            "linux/386|linux/amd64|false",
            "linux/arm64/v8|linux/arm64|true",
            "linux/arm64|linux/arm64/v8|true",
            "linux/arm64/v8.1|linux/arm64/v8.2|true",
            "linux/arm64/v8.2|linux/arm64/v8|false",
            "linux/arm64/v8.4|linux/arm64/v9|true",
            "linux/arm64/v8.6|linux/arm64/v9|false",
            "linux/arm64/v8.6|linux/arm64/v9.1|true",
            "linux/arm64/v8.5|linux/arm64/v9|true",
            "linux/arm64/v9|linux/arm64/v9.2|true",
            "linux/arm/v7|linux/arm64|false",
            "linux/arm|linux/arm/v7|true",
            "linux/arm/v7|linux/arm|true",
            "linux/arm/v6|linux/arm/v7|true",
            "linux/arm/v5|linux/arm/v7|true",
            "linux/arm/v7|linux/arm/v6|false",
            "linux/x86_64|linux/amd64|true",
            "linux/aarch64|linux/arm64/v8|true",
            "unknown/unknown|linux/amd64|false",
            "linux/riscv64|linux/riscv64|true",
    })
    void satisfiesFollowsContainerdForTheSameArchitecture(String image, String wanted, boolean expected) {
        assertThat(Platform.parse(image).satisfies(Platform.parse(wanted))).isEqualTo(expected);
    }

    /** image | wanted | rank (containerd's platforms.Only order, -1: no match). */
    @ParameterizedTest(name = "image {0} on {1}: rank {2}")
    @CsvSource(delimiter = '|', value = {
            "linux/amd64/v3|linux/amd64/v3|0",
            "linux/amd64/v2|linux/amd64/v3|1",
            "linux/amd64|linux/amd64/v3|2",
            "linux/386|linux/amd64/v3|3",
            "linux/386|linux/amd64|1",
            "linux/arm64|linux/arm64|0",
            "linux/arm/v8|linux/arm64|1",
            "linux/arm/v7|linux/arm64|2",
            "linux/arm/v5|linux/arm64|4",
            "linux/arm/v6|linux/arm/v7|1",
            "linux/amd64/v3|linux/amd64|-1",
            "linux/arm64|linux/arm/v7|-1",
    })
    void matchRankIncludesContainerdFallbacks(String image, String wanted, int rank) {
        assertThat(Platform.parse(image).matchRank(Platform.parse(wanted))).isEqualTo(rank);
    }

    @Test
    void windowsImagesMatchHostsOfTheSameBuild() {
        Platform image = Platform.parse("windows(10.0.17763.5329)/amd64");
        assertThat(image.satisfies(Platform.parse("windows(10.0.17763.6000)/amd64"))).isTrue();
        assertThat(image.satisfies(Platform.parse("windows(10.0.20348.1)/amd64"))).isFalse();
        assertThat(image.satisfies(Platform.parse("windows/amd64"))).isTrue();
    }

    @Test
    void linuxOsVersionMustBeEqualWhenBothAreGiven() {
        Platform image = Platform.parse("linux(5.10)/amd64");
        assertThat(image.satisfies(Platform.parse("linux(5.10)/amd64"))).isTrue();
        assertThat(image.satisfies(Platform.parse("linux(6.1)/amd64"))).isFalse();
        assertThat(Platform.parse("linux/amd64").satisfies(Platform.parse("linux(6.1)/amd64"))).isTrue();
    }

    @Test
    void imageOsFeaturesMustBeOfferedByTheWantedPlatform() {
        Platform image = new Platform("windows", "amd64", "", "", List.of("win32k"), List.of());
        Platform plain = Platform.parse("windows/amd64");
        Platform offering = new Platform("windows", "amd64", "", "", List.of("win32k", "other"), List.of());
        assertThat(image.satisfies(plain)).isFalse();
        assertThat(image.satisfies(offering)).isTrue();
        assertThat(plain.satisfies(offering)).isTrue();
    }

    @Test
    void imageCpuFeaturesMustBeOfferedByTheWantedPlatform() {
        Platform image = new Platform("linux", "amd64", "", "", List.of(), List.of("sse4"));
        Platform offering = new Platform("linux", "amd64", "", "", List.of(), List.of("sse4", "avx"));
        assertThat(image.satisfies(Platform.parse("linux/amd64"))).isFalse();
        assertThat(image.satisfies(offering)).isTrue();
    }

    /** os.name | os.arch | expected. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "Linux|amd64|linux/amd64",
            "Linux|aarch64|linux/arm64",
            "Linux|arm|linux/arm/v7",
            "Linux|x86|linux/386",
            "Linux|ppc64le|linux/ppc64le",
            "Linux|s390x|linux/s390x",
            "Linux|riscv64|linux/riscv64",
            "Linux|loongarch64|linux/loong64",
            "Mac OS X|aarch64|darwin/arm64",
            "Windows Server 2022|amd64|windows/amd64",
    })
    void hostUsesGoNamesForJvmProperties(String osName, String osArch, String expected) {
        assertThat(Platform.fromJvm(osName, osArch)).hasToString(expected);
    }

    @Test
    void hostIsThisMachine() {
        Platform host = Platform.host();
        assertThat(host.os()).isEqualTo("linux");
        assertThat(host.architecture()).isNotBlank().doesNotContain("x86_64", "aarch64");
    }

    @Test
    void writesJsonInOciOrderOmittingEmptyFields() {
        Platform p = new Platform("windows", "amd64", "", "10.0.17763.5329", List.of("win32k"), List.of());
        assertThat(Fixtures.string(CanonicalJson.encode(p.toJson()))).isEqualTo(
                "{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763.5329\","
                        + "\"os.features\":[\"win32k\"]}");
        assertThat(Fixtures.string(CanonicalJson.encode(Platform.parse("linux/arm/v7").toJson())))
                .isEqualTo("{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}");
    }

    @Test
    void jsonRoundTrips() {
        Platform p = new Platform("linux", "amd64", "v2", "", List.of("a"), List.of("sse4"));
        assertThat(Platform.fromJson(p.toJson())).isEqualTo(p);
    }

    @Test
    void fromJsonRequiresOsAndArchitecture() {
        assertThatThrownBy(() -> Platform.fromJson(new JsonObject().put("os", "linux")))
                .isInstanceOf(MalformedContentException.class)
                .hasMessage("parse platform: missing \"architecture\"");
    }

    @Test
    void fromJsonNamesAFieldOfTheWrongType() {
        JsonObject json = new JsonObject().put("os", "linux").put("architecture", "amd64").put("os.features", "x");
        assertThatThrownBy(() -> Platform.fromJson(json))
                .isInstanceOf(MalformedContentException.class)
                .hasMessage("parse platform: \"os.features\": expected array of strings, got string")
                .extracting(e -> ((MalformedContentException) e).field()).isEqualTo("os.features");
    }

    @Test
    void nullComponentsBecomeEmpty() {
        Platform p = new Platform(null, null, null, null, null, null);
        assertThat(p.os()).isEmpty();
        assertThat(p.osFeatures()).isEmpty();
    }
}
