package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    private static String write(Object value) {
        return Fixtures.string(CanonicalJson.encode(new JsonObject().put("v", value)));
    }

    @Test
    void escapesLikeGoEncodingJson() {
        assertThat(write("<a href=\"x\">&</a>")).isEqualTo("{\"v\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"}");
        assertThat(write("tab\tnl\ncr\rbs\\")).isEqualTo("{\"v\":\"tab\\tnl\\ncr\\rbs\\\\\"}");
        assertThat(write("\b\f\u0001\u001f")).isEqualTo("{\"v\":\"\\b\\f\\u0001\\u001f\"}");
        assertThat(write("line\u2028para\u2029")).isEqualTo("{\"v\":\"line\\u2028para\\u2029\"}");
    }

    @Test
    void writesNonAsciiAsUtf8() {
        assertThat(CanonicalJson.encode(new JsonObject().put("v", "é😀")))
                .isEqualTo("{\"v\":\"é😀\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void replacesLoneSurrogatesAsGoReplacesInvalidUtf8() {
        assertThat(write("a\ud800b")).isEqualTo("{\"v\":\"a\ufffdb\"}");
    }

    /** A double and Go's encoding of the same float64. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1.5, 1.5",
            "100.0, 100",
            "0.0, 0",
            "-2.25, -2.25",
            "1e21, 1e+21",
            "1.5e-7, 1.5e-7",
            "0.000001, 0.000001",
            "123456789012345.0, 123456789012345",
    })
    void writesFloatsLikeGo(double value, String expected) {
        assertThat(write(value)).isEqualTo("{\"v\":" + expected + "}");
    }

    @Test
    void writesIntegersExactly() {
        assertThat(write(Long.MAX_VALUE)).isEqualTo("{\"v\":" + Long.MAX_VALUE + "}");
        assertThat(write(new BigInteger("123456789012345678901234567890"))).isEqualTo("{\"v\":123456789012345678901234567890}");
        assertThat(write(new BigDecimal("1.50"))).isEqualTo("{\"v\":1.5}");
    }

    @Test
    void writesNestedValuesCompactly() {
        JsonObject o = new JsonObject().put("b", new JsonArray().add(1).add(true).addNull().add(new JsonObject()))
                .put("a", Map.of("k", List.of("x")));
        assertThat(Fixtures.string(CanonicalJson.encode(o))).isEqualTo("{\"b\":[1,true,null,{}],\"a\":{\"k\":[\"x\"]}}");
    }

    @Test
    void sortedOrdersKeysAtEveryDepth() {
        JsonObject o = new JsonObject().put("b", new JsonObject().put("z", 1).put("y", 2))
                .put("a", new JsonArray().add(new JsonObject().put("d", 1).put("c", 2)));
        assertThat(Fixtures.string(CanonicalJson.encode((JsonObject) CanonicalJson.sorted(o))))
                .isEqualTo("{\"a\":[{\"c\":2,\"d\":1}],\"b\":{\"y\":2,\"z\":1}}");
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        assertThatThrownBy(() -> write(Double.NaN)).hasMessage("cannot write NaN as JSON");
        assertThatThrownBy(() -> write(new Object())).hasMessageStartingWith("cannot write java.lang.Object as JSON");
    }
}
