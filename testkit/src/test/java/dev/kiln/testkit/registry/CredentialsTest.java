package dev.kiln.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void toStringHidesThePassword() {
        assertThat(new Credentials("alice", "s3cret")).hasToString("Credentials[user=alice, password=***]");
    }

    @Test
    void basicHeaderEncodesUserColonPassword() {
        assertThat(new Credentials("alice", "s3cret").basicHeader()).isEqualTo("Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void userWithColonIsRejected() {
        assertThatThrownBy(() -> new Credentials("a:b", "pw"))
                .hasMessage("credentials: user must be non-empty and contain no ':'");
    }

    @Test
    void emptyPasswordIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> new Credentials("alice", ""))
                .hasMessage("credentials for alice: password must be non-empty, one line");
    }
}
