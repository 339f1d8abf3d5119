package dev.kiln.engine.run.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.fs.Rootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing as runc's {@code ParsePasswd}/{@code ParseGroup}, and reading through the rootfs. */
class UserDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void passwdLinesAreTrimmedAndShortLinesHaveEmptyFields() {
        assertThat(UserDatabase.parsePasswd("  a:x:1:2:gecos:/home/a:/bin/sh  \n\nb:x:3\nc:x:notanumber:4:::\n"))
                .containsExactly(new UserDatabase.PasswdEntry("a", 1, 2, "/home/a"),
                        new UserDatabase.PasswdEntry("b", 3, 0, ""),
                        new UserDatabase.PasswdEntry("c", 0, 4, ""));
    }

    @Test
    void groupMembersAreSplitOnCommas() {
        assertThat(UserDatabase.parseGroup("g:x:7:a,b\nh:x:8:\n"))
                .containsExactly(new UserDatabase.GroupEntry("g", 7, List.of("a", "b")),
                        new UserDatabase.GroupEntry("h", 8, List.of("")));
    }

    @Test
    void filesAreReadInsideTheRootfsEvenThroughAnAbsoluteLink() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/passwd"), "image:x:5:5::/:/bin/sh\n");
        // an absolute link means /data/passwd inside the rootfs, never the host's file
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/data/passwd"));
        UserDatabase db = UserDatabase.read(new Rootfs(root));
        assertThat(db.passwd()).hasValueSatisfying(p -> assertThat(p).extracting(UserDatabase.PasswdEntry::name).containsExactly("image"));
        assertThat(db.group()).isEmpty();
    }

    @Test
    void aLinkLeadingOutOfTheRootfsIsClampedToIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../../usr/share/base-passwd/passwd.master"));
        UserDatabase db = UserDatabase.read(new Rootfs(root));
        assertThat(db.passwd()).as("the host's file is never read").isEmpty();
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/group"));
        assertThatThrownBy(() -> UserDatabase.read(new Rootfs(root)))
                .isInstanceOf(UserLookupException.class)
                .hasMessageStartingWith("read /etc/group in the image " + root.toRealPath() + ": ");
    }
}
