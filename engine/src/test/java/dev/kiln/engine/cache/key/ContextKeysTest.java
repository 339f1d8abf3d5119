package dev.kiln.engine.cache.key;

import static dev.kiln.engine.cache.key.KeyFixture.assertChangedFrom;
import static dev.kiln.engine.cache.key.KeyFixture.targetChains;
import static dev.kiln.engine.cache.key.KeyFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.cache.CacheKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the files a step reads from the build context do to its key. */
class ContextKeysTest {

    private static final String COPY_APP = """
            FROM alpine:3.20
            RUN true
            COPY app /app
            RUN ls /app
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void context() throws IOException {
        write(dir.resolve("app/main.sh"), "echo main\n");
        write(dir.resolve("app/lib/util.sh"), "echo util\n");
        write(dir.resolve("other.txt"), "not copied\n");
    }

    private List<CacheKey> keys(String dockerfile) throws IOException {
        return targetChains(dockerfile, dir);
    }

    @Test
    void aCopiedContextWithOtherMtimesElsewhereGivesTheSameKeys(@TempDir Path elsewhere) throws IOException {
        List<CacheKey> here = keys(COPY_APP);
        Path copy = elsewhere.resolve("ctx");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Path target = copy.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                Files.setLastModifiedTime(target, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
            }
        }
        assertThat(targetChains(COPY_APP, copy)).isEqualTo(here);
    }

    @Test
    void touchingAFileChangesNoKey() throws IOException {
        List<CacheKey> before = keys(COPY_APP);
        Files.setLastModifiedTime(dir.resolve("app/main.sh"), FileTime.from(Instant.parse("1999-01-01T00:00:00Z")));
        assertThat(keys(COPY_APP)).isEqualTo(before);
    }

    @Test
    void aFilesContentChangesTheCopyAndLaterSteps() throws IOException {
        List<CacheKey> before = keys(COPY_APP);
        write(dir.resolve("app/lib/util.sh"), "echo changed\n");
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void aFilesModeChangesTheCopyAndLaterSteps() throws IOException {
        List<CacheKey> before = keys(COPY_APP);
        Files.setPosixFilePermissions(dir.resolve("app/main.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void aNewFileInACopiedDirectoryChangesTheKey() throws IOException {
        List<CacheKey> before = keys(COPY_APP);
        write(dir.resolve("app/new.sh"), "");
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void aFilesHostOwnerChangesNoKeyBecauseTheContextArrivesAsRoot() throws IOException {
        // BuildKit's client resets owners to 0:0 (ContextFile), so the copy's result does not depend on them
        List<CacheKey> before = keys(COPY_APP);
        Files.setAttribute(dir.resolve("app/main.sh"), "unix:uid", 4242);
        Files.setAttribute(dir.resolve("app/main.sh"), "unix:gid", 4242);
        assertThat(keys(COPY_APP)).isEqualTo(before);
    }

    @Test
    void aChownFlagChangesTheKey() throws IOException {
        assertChangedFrom(keys(COPY_APP), keys(COPY_APP.replace("COPY app", "COPY --chown=1000:1000 app")), 1);
    }

    @Test
    void aChmodFlagChangesTheKey() throws IOException {
        String chmod = COPY_APP.replace("COPY app", "COPY --chmod=755 app");
        assertChangedFrom(keys(chmod), keys(chmod.replace("755", "644")), 1);
    }

    @Test
    void aFileOutsideTheCopiedSourcesChangesNoKey() throws IOException {
        List<CacheKey> before = keys(COPY_APP);
        write(dir.resolve("other.txt"), "changed\n");
        assertThat(keys(COPY_APP)).isEqualTo(before);
    }

    @Test
    void aDockerignoreThatHidesACopiedFileChangesTheKey() throws IOException {
        List<CacheKey> before = keys(COPY_APP);
        write(dir.resolve(".dockerignore"), "app/lib\n");
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void anIgnoredFilesChangeChangesNoKey() throws IOException {
        write(dir.resolve(".dockerignore"), "app/lib\n");
        List<CacheKey> before = keys(COPY_APP);
        write(dir.resolve("app/lib/util.sh"), "echo ignored change\n");
        write(dir.resolve("app/lib/more.sh"), "echo ignored addition\n");
        assertThat(keys(COPY_APP)).isEqualTo(before);
    }

    @Test
    void anExcludedFilesChangeChangesNoKey() throws IOException {
        String file = COPY_APP.replace("COPY app", "COPY --exclude=lib app");
        List<CacheKey> before = keys(file);
        write(dir.resolve("app/lib/util.sh"), "echo excluded change\n");
        assertThat(keys(file)).isEqualTo(before);
        write(dir.resolve("app/main.sh"), "echo included change\n");
        assertChangedFrom(before, keys(file), 1);
    }

    @Test
    void wildcardSourcesAreKeyedByWhatTheyMatch() throws IOException {
        write(dir.resolve("conf/a.conf"), "a\n");
        write(dir.resolve("conf/notes.txt"), "n\n");
        String file = "FROM alpine:3.20\nCOPY conf/*.conf /etc/\n";
        List<CacheKey> before = keys(file);
        write(dir.resolve("conf/notes.txt"), "changed\n");
        assertThat(keys(file)).isEqualTo(before);
        write(dir.resolve("conf/b.conf"), "b\n");
        assertChangedFrom(before, keys(file), 0);
    }

    @Test
    void aSymlinkTargetIsPartOfTheKey() throws IOException {
        Files.createSymbolicLink(dir.resolve("app/link"), Path.of("main.sh"));
        List<CacheKey> before = keys(COPY_APP);
        Files.delete(dir.resolve("app/link"));
        Files.createSymbolicLink(dir.resolve("app/link"), Path.of("lib/util.sh"));
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void aMissingSourceStillGetsAKey() throws IOException {
        // the step fails when it runs; its key only has to differ from the key once the file exists
        String file = "FROM alpine:3.20\nCOPY nothing-here /x\n";
        List<CacheKey> missing = keys(file);
        assertThat(keys(file)).isEqualTo(missing);
        write(dir.resolve("nothing-here"), "now it exists\n");
        assertChangedFrom(missing, keys(file), 0);
    }

    @Test
    void aContextBindMountIsKeyedByTheMountedFiles() throws IOException {
        String file = "FROM alpine:3.20\nRUN --mount=type=bind,source=app,target=/src sh /src/main.sh\n";
        List<CacheKey> before = keys(file);
        write(dir.resolve("other.txt"), "not mounted\n");
        assertThat(keys(file)).isEqualTo(before);
        write(dir.resolve("app/main.sh"), "echo mounted change\n");
        assertChangedFrom(before, keys(file), 0);
    }

    @Test
    void copyParentsWithWildcardsIsKeyedByItsWholeBase() throws IOException {
        String file = "FROM alpine:3.20\nCOPY --parents app/./**/*.sh /dst/\n";
        List<CacheKey> before = keys(file);
        write(dir.resolve("app/lib/deep/x.sh"), "echo deep\n");
        assertChangedFrom(before, keys(file), 0);
    }

    @Test
    void aLargeFileIsHashedWholeToItsLastByte() throws IOException {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        Files.write(dir.resolve("app/big.bin"), big);
        List<CacheKey> before = keys(COPY_APP);
        big[big.length - 1] = 1;
        Files.write(dir.resolve("app/big.bin"), big);
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void extendedAttributesTheCopyKeepsArePartOfTheKey() throws IOException {
        Path main = dir.resolve("app/main.sh");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(main, UserDefinedFileAttributeView.class);
        List<CacheKey> before = keys(COPY_APP);
        try {
            view.write("kiln.test", ByteBuffer.wrap(new byte[]{1}));
        } catch (IOException e) {
            Assumptions.abort("no user xattrs on " + dir + ": " + e.getMessage());
        }
        assertChangedFrom(before, keys(COPY_APP), 1);
    }

    @Test
    void aBindSourceThatClimbsIsTakenFromTheContextRootAsTheMountTakesIt() throws IOException {
        String file = "FROM alpine:3.20\nRUN --mount=type=bind,source=app,target=/src true\n";
        assertThat(keys(file.replace("source=app", "source=../app"))).isEqualTo(keys(file));
    }

    @Test
    void aSymlinkLoopAsASourceGetsAKeyAndFailsOnlyWhenTheStepRuns() throws IOException {
        Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        String file = "FROM alpine:3.20\nCOPY loop /x\n";
        assertThat(keys(file)).hasSize(1).isEqualTo(keys(file));
    }
}
