package dev.kiln.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {

    private static final byte[] CONTENT = "hello layer".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(CONTENT);

    private static VerifyingInputStream verify(byte[] actual, Digest expected, long size) {
        return new VerifyingInputStream(new ByteArrayInputStream(actual), expected, size, "read blob x from test");
    }

    @Test
    void passesMatchingContentThrough() throws IOException {
        try (InputStream in = verify(CONTENT, DIGEST, CONTENT.length)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
    }

    @Test
    void failsAtEndOfStreamNamingExpectedAndActualDigest() {
        byte[] other = "hello lAyer".getBytes(StandardCharsets.UTF_8);
        InputStream in = verify(other, DIGEST, other.length);
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(DIGEST);
                    assertThat(e.actual()).isEqualTo(Digest.sha256(other));
                })
                .hasMessage("read blob x from test: digest mismatch: expected " + DIGEST + ", got "
                        + Digest.sha256(other));
    }

    @Test
    void failsAsSoonAsMoreBytesThanTheExpectedSizeArrive() throws IOException {
        InputStream in = verify(CONTENT, DIGEST, 4);
        byte[] buf = new byte[4];
        assertThat(in.readNBytes(buf, 0, 4)).isEqualTo(4);
        assertThatThrownBy(in::read)
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("read blob x from test: size mismatch: expected 4 bytes, got more");
    }

    @Test
    void failsWhenContentIsShorterThanTheExpectedSize() {
        InputStream in = verify(CONTENT, DIGEST, CONTENT.length + 5);
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("read blob x from test: size mismatch: expected " + (CONTENT.length + 5)
                        + " bytes, got " + CONTENT.length);
    }

    @Test
    void checksOnlyTheDigestWhenSizeIsUnknown() throws IOException {
        try (InputStream in = verify(CONTENT, DIGEST, VerifyingInputStream.UNKNOWN_SIZE)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
    }

    @Test
    void skipHashesTheSkippedBytes() throws IOException {
        try (VerifyingInputStream in = verify(CONTENT, DIGEST, CONTENT.length)) {
            assertThat(in.skip(6)).isEqualTo(6);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("layer");
            assertThat(in.count()).isEqualTo(CONTENT.length);
        }
        InputStream bad = verify("xxxxxxlayer".getBytes(StandardCharsets.UTF_8), DIGEST, CONTENT.length);
        bad.skip(6);
        assertThatThrownBy(bad::readAllBytes).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void closingBeforeTheEndSkipsTheCheck() throws IOException {
        InputStream in = verify("corrupt!!!!".getBytes(StandardCharsets.UTF_8), DIGEST, CONTENT.length);
        in.read();
        in.close();
    }

    @Test
    void doesNotSupportMark() {
        InputStream in = verify(CONTENT, DIGEST, CONTENT.length);
        assertThat(in.markSupported()).isFalse();
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
    }
}
