package dev.kiln.executor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void missingParentsAreCreatedWithMode0700AndTheFileGets0644() throws IOException {
        Path target = dir.resolve("a/b/digest");
        OutputFile.writeFile(target, bytes("sha256:1"));
        assertThat(Files.readString(target)).isEqualTo("sha256:1");
        assertThat(mode(target)).isEqualTo("rw-r--r--");
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
    }

    @Test
    void anExistingFileIsReplacedAndNoTempFileStays() throws IOException {
        Path target = Files.writeString(dir.resolve("digest"), "an older and much longer content");
        OutputFile.writeFile(target, bytes("new"));
        assertThat(Files.readString(target)).isEqualTo("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aSymlinkIsFollowedAndKept() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        OutputFile.writeFile(link, bytes("new"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
    }

    @Test
    void aFifoIsWrittenInPlaceLikeATerminationLog() throws Exception {
        Path fifo = dir.resolve("termination-log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OutputFile.writeFile(fifo, bytes("sha256:abc"));
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("sha256:abc");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(fifo);
        }
    }

    @Test
    void urlsLoseTheirQueryInMessages() {
        assertThat(OutputFile.withoutQuery(URI.create("https://bucket.s3.example:8443/out/digest?X-Amz-Signature=secret#f")))
                .isEqualTo("https://bucket.s3.example:8443/out/digest");
    }
}
