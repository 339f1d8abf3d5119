package dev.kiln.engine.run.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** runc's {@code GetExecUser} rules, one per test, against in-memory files. */
class ExecUserTest {

    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            app:x:1000:1000:App:/home/app:/bin/sh
            dup:x:1000:5:second entry for 1000:/dup:/bin/sh
            svc:x:1002:1002::/srv:/bin/false
            """;
    static final String GROUP = """
            root:x:0:root
            app:x:1000:
            audio:x:29:app,svc
            video:x:44:svc,app
            wheel:x:10:root
            svc:x:1002:
            """;
    static final UserDatabase DB = new UserDatabase(Optional.of(UserDatabase.parsePasswd(PASSWD)),
            Optional.of(UserDatabase.parseGroup(GROUP)));
    static final UserDatabase NO_FILES = new UserDatabase(Optional.empty(), Optional.empty());

    @Test
    void anEmptySpecIsRootWithRootsMemberships() {
        assertThat(ExecUser.resolve(DB, "")).isEqualTo(new ExecUser(0, 0, List.of(0, 10), "/root"));
    }

    @Test
    void aNameGivesUidGidHomeAndMembershipsInFileOrder() {
        assertThat(ExecUser.resolve(DB, "app")).isEqualTo(new ExecUser(1000, 1000, List.of(29, 44), "/home/app"));
    }

    @Test
    void aUidMatchesTheFirstPasswdLineWithIt() {
        assertThat(ExecUser.resolve(DB, "1000")).isEqualTo(new ExecUser(1000, 1000, List.of(29, 44), "/home/app"));
    }

    @Test
    void aUidMissingFromPasswdRunsWithGidZeroAndHomeSlash() {
        assertThat(ExecUser.resolve(DB, "4242")).isEqualTo(new ExecUser(4242, 0, List.of(), "/"));
    }

    @Test
    void aNumericGroupNeedNotExist() {
        assertThat(ExecUser.resolve(DB, "4242:4343")).isEqualTo(new ExecUser(4242, 4343, List.of(), "/"));
    }

    @Test
    void anExplicitGroupByNameReplacesTheGidAndDropsMemberships() {
        assertThat(ExecUser.resolve(DB, "app:video")).isEqualTo(new ExecUser(1000, 44, List.of(), "/home/app"));
    }

    @Test
    void anExplicitGidMatchingAGroupUsesIt() {
        assertThat(ExecUser.resolve(DB, "svc:29")).isEqualTo(new ExecUser(1002, 29, List.of(), "/srv"));
    }

    @Test
    void anUnknownNameFailsWithDockersWording() {
        assertThatThrownBy(() -> ExecUser.resolve(DB, "nobody"))
                .isInstanceOf(UserLookupException.class)
                .hasMessage("unable to find user nobody: no matching entries in passwd file");
    }

    @Test
    void anUnknownGroupNameFailsWithDockersWording() {
        assertThatThrownBy(() -> ExecUser.resolve(DB, "app:staff"))
                .isInstanceOf(UserLookupException.class)
                .hasMessage("unable to find group staff: no matching entries in group file");
    }

    @Test
    void withoutPasswdANameFailsButANumberWorks() {
        assertThatThrownBy(() -> ExecUser.resolve(NO_FILES, "app"))
                .hasMessage("unable to find user app: no matching entries in passwd file");
        assertThat(ExecUser.resolve(NO_FILES, "12:34")).isEqualTo(new ExecUser(12, 34, List.of(), "/"));
        assertThat(ExecUser.resolve(NO_FILES, "")).isEqualTo(ExecUser.ROOT);
    }

    @Test
    void idsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> ExecUser.resolve(DB, "-1")).hasMessage("uids and gids must be in range 0-2147483647");
        assertThatThrownBy(() -> ExecUser.resolve(DB, "1:2147483648")).hasMessage("uids and gids must be in range 0-2147483647");
    }

    @Test
    void aThirdFieldIsIgnoredAsRuncDoes() {
        assertThat(ExecUser.resolve(DB, "app:audio:extra").gid()).isEqualTo(29);
    }
}
