package dev.kiln.engine.registry.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Table tests of {@link WwwAuthenticate#parse}: each row is a header value and the challenges it holds,
 * written as {@code Scheme{name=value,...}} joined by {@code " | "}.
 */
class WwwAuthenticateTest {

    static Stream<Arguments> headers() {
        return Stream.of(
                arguments("Basic realm=\"Registry Realm\"", "Basic{realm=Registry Realm}"),
                arguments("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                                + "scope=\"repository:library/busybox:pull\"",
                        "Bearer{realm=https://auth.docker.io/token,service=registry.docker.io,"
                                + "scope=repository:library/busybox:pull}"),
                arguments("bearer realm=\"r\"", "bearer{realm=r}"),
                arguments("BASIC realm=\"r\"", "BASIC{realm=r}"),
                arguments("Bearer Realm=\"r\",SERVICE=\"s\"", "Bearer{realm=r,service=s}"),
                arguments("   Bearer   realm = \"r\" ,   service=\"s\"   ", "Bearer{realm=r,service=s}"),
                arguments("Bearer\trealm=\"r\",\tservice=\"s\"", "Bearer{realm=r,service=s}"),
                arguments("Basic realm=\"a\", Bearer realm=\"b\", service=\"c\"", "Basic{realm=a} | Bearer{realm=b,service=c}"),
                arguments("Bearer realm=\"b\",service=\"c\",Basic realm=\"a\"", "Bearer{realm=b,service=c} | Basic{realm=a}"),
                arguments("Bearer realm=\"x\",scope=\"repository:a:pull,push repository:b:pull\"",
                        "Bearer{realm=x,scope=repository:a:pull,push repository:b:pull}"),
                arguments("Bearer realm=\"a\\\"b\\\\c\\d\"", "Bearer{realm=a\"b\\cd}"),
                arguments("Bearer realm=\"\"", "Bearer{realm=}"),
                arguments("Bearer realm=https://auth.example/token,service=registry.example",
                        "Bearer{realm=https://auth.example/token,service=registry.example}"),
                arguments("Bearer realm=\"first\",realm=\"second\"", "Bearer{realm=first}"),
                arguments("Negotiate", "Negotiate{}"),
                arguments("Negotiate, Basic realm=\"x\"", "Negotiate{} | Basic{realm=x}"),
                arguments("Negotiate YWJjZA==, Basic realm=\"x\"", "Negotiate{} | Basic{realm=x}"),
                arguments("Negotiate YWJj=", "Negotiate{}"),
                arguments("Negotiate a/b+c", "Negotiate{}"),
                arguments(", ,Basic realm=\"x\",, ,", "Basic{realm=x}"),
                arguments("Basic realm=\"x\" , , Bearer realm=\"y\"", "Basic{realm=x} | Bearer{realm=y}"),
                arguments("", ""),
                arguments("   ", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("headers")
    void parsesChallengesAndParameters(String header, String expected) {
        assertThat(render(WwwAuthenticate.parse(header))).isEqualTo(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("Bearer realm=\"unterminated", "unterminated quoted string at offset 13"),
                arguments("Bearer realm=\"ends with backslash\\", "unterminated quoted string"),
                arguments("Bearer realm=\"x\" service=\"y\"", "expected ',' after parameter \"realm\""),
                arguments("=\"x\"", "expected an auth scheme at offset 0"),
                arguments("Basic realm=\"x\", \"quoted\"", "expected an auth scheme"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void rejectsMalformedHeadersQuotingThem(String header, String why) {
        assertThatThrownBy(() -> WwwAuthenticate.parse(header))
                .isInstanceOf(InvalidChallengeException.class)
                .hasMessageStartingWith("parse WWW-Authenticate \"" + header.strip() + "\": ")
                .hasMessageContaining(why);
    }

    @Test
    void collectsChallengesFromSeveralHeadersInOrder() {
        List<Challenge> all = WwwAuthenticate.parse(List.of("Basic realm=\"a\"", "Bearer realm=\"b\", Negotiate"));

        assertThat(render(all)).isEqualTo("Basic{realm=a} | Bearer{realm=b} | Negotiate{}");
    }

    @Test
    void schemesCompareWithoutCase() {
        Challenge challenge = WwwAuthenticate.parse("bEaReR realm=\"r\"").getFirst();

        assertThat(challenge.is("Bearer")).isTrue();
        assertThat(challenge.is("Basic")).isFalse();
        assertThat(challenge.param("REALM")).contains("r");
        assertThat(challenge.param("service")).isEmpty();
    }

    private static String render(List<Challenge> challenges) {
        return challenges.stream()
                .map(c -> c.scheme() + c.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")))
                .collect(Collectors.joining(" | "));
    }
}
