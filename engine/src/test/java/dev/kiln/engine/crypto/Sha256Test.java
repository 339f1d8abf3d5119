package dev.kiln.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static NativeSha256.Library lib;

    @BeforeAll
    static void load() {
        Optional<NativeSha256.Library> l = NativeSha256.Library.load();
        // scripts/test.sh installs openssl, which brings libcrypto.so.3; a missing library would silently
        // test the JDK against itself
        assertThat(l).as("libcrypto.so.3 loads").isPresent();
        lib = l.get();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void newDigestIsTheNativeOneWhereLibcryptoLoads() {
        assertThat(Sha256.isNative()).isTrue();
        assertThat(Sha256.newDigest()).isInstanceOf(NativeSha256.class);
        assertThat(Sha256.newDigest().getAlgorithm()).isEqualTo("SHA-256");
        assertThat(Sha256.newDigest().getDigestLength()).isEqualTo(32);
    }

    @Test
    void knownAnswers() {
        // FIPS 180-2 appendix B and the empty string
        assertThat(hex(new NativeSha256(lib).digest(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(new NativeSha256(lib).digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes())))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void matchesTheJdkForEverySplitOfTheInput() {
        Random random = new Random(42);
        for (int size : new int[] {1, 55, 56, 63, 64, 65, 1000, 4096, NativeSha256.MAX_CHUNK + 17, 3 * NativeSha256.MAX_CHUNK}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] expected = Sha256.jdk().digest(data);
            MessageDigest md = new NativeSha256(lib);
            int pos = 0;
            while (pos < size) {
                int n = Math.min(size - pos, 1 + random.nextInt(5000));
                if (n == 1) {
                    md.update(data[pos]);
                } else {
                    md.update(data, pos, n);
                }
                pos += n;
            }
            assertThat(md.digest()).as("size %d", size).isEqualTo(expected);
            // digest() reset it: the same digest again
            md.update(data);
            assertThat(md.digest()).as("after reset, size %d", size).isEqualTo(expected);
        }
    }

    @Test
    void byteBuffersHeapDirectAndReadOnly() {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        byte[] expected = Sha256.jdk().digest(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 10).put(new byte[10]).put(data).flip().position(10);
        for (ByteBuffer b : new ByteBuffer[] {ByteBuffer.wrap(data), ByteBuffer.wrap(data).asReadOnlyBuffer(), direct,
                ByteBuffer.wrap(new byte[5 + data.length]).put(5, data).position(5).slice()}) {
            MessageDigest md = new NativeSha256(lib);
            md.update(b);
            assertThat(b.hasRemaining()).isFalse();
            assertThat(md.digest()).as("%s", b).isEqualTo(expected);
        }
    }

    @Test
    void cloneCarriesTheStateOnIndependently() throws Exception {
        MessageDigest md = new NativeSha256(lib);
        md.update("hello ".getBytes());
        MessageDigest copy = (MessageDigest) md.clone();
        md.update("world".getBytes());
        copy.update("there".getBytes());
        assertThat(md.digest()).isEqualTo(Sha256.jdk().digest("hello world".getBytes()));
        assertThat(copy.digest()).isEqualTo(Sha256.jdk().digest("hello there".getBytes()));
    }

    @Test
    void resetAndDigestIntoABuffer() throws Exception {
        MessageDigest md = new NativeSha256(lib);
        md.update("discarded".getBytes());
        md.reset();
        md.update("abc".getBytes());
        byte[] out = new byte[40];
        assertThat(md.digest(out, 4, 32)).isEqualTo(32);
        assertThat(hex(out).substring(8, 72)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThatThrownBy(() -> md.digest(new byte[31], 0, 31)).isInstanceOf(DigestException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> md.update(new byte[4], 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOrUnsuitableLibraryMeansTheJdksDigest() {
        // not installed, and a library without the SHA-256 functions: both are skipped, nothing is thrown
        assertThat(NativeSha256.Library.load(List.of("libkiln-does-not-exist.so.9"))).isEmpty();
        assertThat(NativeSha256.Library.load(List.of("libkiln-does-not-exist.so.9", "libz.so.1"))).isEmpty();
        assertThat(NativeSha256.Library.load(List.of("libz.so.1", "libcrypto.so.3"))).isPresent();
        assertThat(Sha256.jdk().getProvider().getName()).isEqualTo("SUN");
    }
}
