package dev.kiln.testkit.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSpecTest {
    @TempDir
    Path rootfs;

    @BeforeEach
    void writeAccounts() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
    }

    @Test
    void nameResolvesToUidAndPrimaryGid() {
        assertThat(Runc.UserSpec.resolve("app", rootfs)).isEqualTo(new Runc.UserSpec(1000, 1001));
    }

    @Test
    void numericUidTakesGidFromPasswdOrZero() {
        assertThat(Runc.UserSpec.resolve("1000", rootfs)).isEqualTo(new Runc.UserSpec(1000, 1001));
        assertThat(Runc.UserSpec.resolve("4242", rootfs)).isEqualTo(new Runc.UserSpec(4242, 0));
    }

    @Test
    void groupByNameOrNumberOverridesThePrimaryGroup() {
        assertThat(Runc.UserSpec.resolve("app:staff", rootfs)).isEqualTo(new Runc.UserSpec(1000, 50));
        assertThat(Runc.UserSpec.resolve("app:7", rootfs)).isEqualTo(new Runc.UserSpec(1000, 7));
    }

    @Test
    void unknownUserNamesTheUser() {
        assertThatThrownBy(() -> Runc.UserSpec.resolve("ghost", rootfs))
                .hasMessage("resolve user 'ghost': not in the image's /etc/passwd");
    }

    @Test
    void unknownGroupNamesTheGroup() {
        assertThatThrownBy(() -> Runc.UserSpec.resolve("app:ghosts", rootfs))
                .hasMessage("resolve group 'ghosts': not in the image's /etc/group");
    }
}
