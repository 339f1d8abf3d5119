package dev.kiln.engine.step.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Port specifications (BuildKit's convert_expose_test.go cases) and signal names. */
class PortsAndSignalsTest {

    @Test
    void portsAcceptRangesProtocolsAndHostParts() {
        assertThat(Ports.parse("1234")).containsExactly("1234/tcp");
        assertThat(Ports.parse("1234/UDP")).containsExactly("1234/udp");
        assertThat(Ports.parse("0-2/sctp")).containsExactly("0/sctp", "1/sctp", "2/sctp");
        assertThat(Ports.parse("5-5")).containsExactly("5/tcp");
        assertThat(Ports.parse("80/")).containsExactly("80/tcp");
        assertThat(Ports.parse("8080:80")).containsExactly("80/tcp");
        assertThat(Ports.parse("127.0.0.1:8000-8001:80-81")).containsExactly("80/tcp", "81/tcp");
        assertThat(Ports.parse("[::1]:8080:80/udp")).containsExactly("80/udp");
        assertThat(Ports.parse("::1:8080:80")).containsExactly("80/tcp");
        assertThat(Ports.parse("1000-2000:80")).containsExactly("80/tcp");
    }

    @Test
    void badPortsGetBuildKitsMessages() {
        assertThatThrownBy(() -> Ports.parse("/tcp")).hasMessage("invalid port: \"/tcp\": no port specified");
        assertThatThrownBy(() -> Ports.parse("80/icmp")).hasMessage("invalid port: \"80/icmp\": invalid proto: icmp");
        assertThatThrownBy(() -> Ports.parse("abc")).hasMessage("invalid containerPort: abc");
        assertThatThrownBy(() -> Ports.parse("65536")).hasMessage("invalid containerPort: 65536");
        assertThatThrownBy(() -> Ports.parse("90-80")).hasMessage("invalid containerPort: 90-80");
        assertThatThrownBy(() -> Ports.parse("x:80")).hasMessage("invalid hostPort: x");
        assertThatThrownBy(() -> Ports.parse("1-2:80-82"))
                .hasMessage("invalid ranges specified for container and host Ports: 80-82 and 1-2");
        assertThatThrownBy(() -> Ports.parse("256.0.0.1:1:80")).hasMessage("invalid IP address: 256.0.0.1");
        assertThatThrownBy(() -> Ports.parse("[::1:1:80")).hasMessageContaining("missing ']' in address");
    }

    @Test
    void signalsByNameOrNonZeroNumber() {
        for (String ok : new String[] {"SIGTERM", "term", "SigKill", "9", "-9", "+15", "RTMIN+15", "SIGRTMAX-1", "urg"}) {
            Signals.check(ok);
        }
        for (String bad : new String[] {"0", "SIGFOO", "SIGSIGTERM", "", "RTMIN+16", "1.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> Signals.check(bad)).hasMessage("invalid signal: " + bad);
        }
    }
}
