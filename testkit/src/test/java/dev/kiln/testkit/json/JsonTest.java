package dev.kiln.testkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parseAndWriteRoundTripKeepsKeyOrder() {
        String text = "{\"z\":1,\"a\":[true,false,null],\"m\":{\"k\":\"v\"},\"n\":-2.5e3}";

        assertThat(Json.write(Json.parse(text))).isEqualTo("{\"z\":1,\"a\":[true,false,null],\"m\":{\"k\":\"v\"},\"n\":-2.5E+3}");
    }

    @Test
    void integersBecomeLongOrBigInteger() {
        Map<String, Object> m = Json.parseObject("{\"small\": 42, \"big\": 18446744073709551615, \"dec\": 1.5}");

        assertThat(m.get("small")).isEqualTo(42L);
        assertThat(m.get("big")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(m.get("dec")).isEqualTo(new BigDecimal("1.5"));
    }

    @Test
    void stringEscapesAreDecodedAndEncoded() {
        Object v = Json.parse("\"a\\\"b\\\\c\\n\\u00e9\\/\"");

        assertThat(v).isEqualTo("a\"b\\c\né/");
        assertThat(Json.quote("tab\there\u0001")).isEqualTo("\"tab\\there\\u0001\"");
    }

    @Test
    void parsedContainersAreMutable() {
        Map<String, Object> m = Json.parseObject("{\"args\":[\"sh\"]}");
        Json.asArray(m.get("args"), "args").add("-c");
        m.put("terminal", false);

        assertThat(Json.write(m)).isEqualTo("{\"args\":[\"sh\",\"-c\"],\"terminal\":false}");
    }

    @Test
    void atFollowsKeysAndReturnsNullWhenMissing() {
        Object doc = Json.parse("{\"a\":{\"b\":{\"c\":3}}}");

        assertThat(Json.at(doc, "a", "b", "c")).isEqualTo(3L);
        assertThat(Json.at(doc, "a", "x", "c")).isNull();
    }

    @Test
    void syntaxErrorNamesTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}"))
                .isInstanceOf(JsonException.class)
                .hasMessage("parse JSON at offset 5: expected ':'");
    }

    @Test
    void trailingTextIsAnError() {
        assertThatThrownBy(() -> Json.parse("[1] x"))
                .hasMessage("parse JSON at offset 4: unexpected text after the value");
    }

    @Test
    void unterminatedStringIsAnError() {
        assertThatThrownBy(() -> Json.parse("\"abc"))
                .hasMessageContaining("expected closing '\"', got end of input");
    }

    @Test
    void wrongTypeNamesTheField() {
        assertThatThrownBy(() -> Json.asObject(List.of(), "config.json process"))
                .hasMessage("read config.json process: expected a JSON object, got an array");
    }

    @Test
    void deepNestingFailsCleanly() {
        assertThatThrownBy(() -> Json.parse("[".repeat(10_000)))
                .hasMessageContaining("nesting deeper than 512");
    }
}
