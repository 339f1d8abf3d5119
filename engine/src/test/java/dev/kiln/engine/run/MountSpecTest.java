package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MountSpecTest {

    @Test
    void inMemorySecretsNeverShowTheirContent() {
        MountSpec.Secret s = MountSpec.Secret.of(new MountSpec.FromBytes("hunter2".getBytes(StandardCharsets.UTF_8)),
                "/run/secrets/pw");
        assertThat(s.toString()).doesNotContain("hunter2").contains("7 bytes, redacted");
        assertThat(RunSpec.builder("true").mount(s).build().toString()).doesNotContain("hunter2");
    }

    @Test
    void inMemorySecretsAreCopiedInAndOut() {
        byte[] bytes = {1, 2, 3};
        MountSpec.FromBytes b = new MountSpec.FromBytes(bytes);
        bytes[0] = 9;
        b.content()[1] = 9;
        assertThat(b.content()).containsExactly(1, 2, 3);
        assertThat(b).isEqualTo(new MountSpec.FromBytes(new byte[] {1, 2, 3}));
    }

    @Test
    void secretDefaultsAreBuildKits() {
        MountSpec.Secret s = MountSpec.Secret.of(new MountSpec.FromBytes(new byte[0]), "/s");
        assertThat(s.mode()).isEqualTo(0400);
        assertThat(s.uid()).isZero();
        assertThat(s.gid()).isZero();
    }

    @Test
    void badModesOwnersAndSizesAreRefused() {
        assertThatThrownBy(() -> new MountSpec.Secret(new MountSpec.FromBytes(new byte[0]), "/s", 010000, 0, 0))
                .hasMessage("secret mount /s: mode 010000 has bits outside 07777");
        assertThatThrownBy(() -> new MountSpec.Secret(new MountSpec.FromBytes(new byte[0]), "/s", 0400, -1, 0))
                .hasMessage("secret mount /s: negative owner -1:0");
        assertThatThrownBy(() -> new MountSpec.Tmpfs("/t", -1)).hasMessage("tmpfs mount /t: negative size -1");
    }
}
