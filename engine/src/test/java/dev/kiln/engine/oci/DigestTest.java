package dev.kiln.engine.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {

    private static final String HEX64 = "a".repeat(64);
    private static final String HEX128 = "0123456789abcdef".repeat(8);

    @Test
    void parsesSha256() {
        Digest d = Digest.parse("sha256:" + HEX64);
        assertThat(d.algorithm()).isEqualTo(Digest.Algorithm.SHA256);
        assertThat(d.hex()).isEqualTo(HEX64);
        assertThat(d.encoded()).isEqualTo(HEX64);
        assertThat(d).hasToString("sha256:" + HEX64);
    }

    @Test
    void parsesSha512() {
        Digest d = Digest.parse("sha512:" + HEX128);
        assertThat(d.algorithm()).isEqualTo(Digest.Algorithm.SHA512);
        assertThat(d).hasToString("sha512:" + HEX128);
    }

    @Test
    void sha256OfBytesMatchesTheKnownValue() {
        // sha256("") is the well-known e3b0c442...
        assertThat(Digest.sha256(new byte[0])).hasToString(
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII))).hasToString(
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha512OfBytesHas128HexCharacters() {
        Digest d = Digest.of(Digest.Algorithm.SHA512, new byte[0]);
        assertThat(d.hex()).hasSize(128).startsWith("cf83e1357eefb8bd");
    }

    @Test
    void fromBytesWrapsARawMessageDigest() {
        byte[] raw = Digest.Algorithm.SHA256.newMessageDigest().digest(new byte[0]);
        assertThat(Digest.fromBytes(Digest.Algorithm.SHA256, raw)).isEqualTo(Digest.sha256(new byte[0]));
    }

    @Test
    void shortFormKeepsTwelveHexCharacters() {
        assertThat(Digest.parse("sha256:0123456789ab" + "c".repeat(52)).shortForm()).isEqualTo("sha256:0123456789ab");
    }

    @Test
    void comparesByString() {
        Digest a = Digest.parse("sha256:" + "0".repeat(64));
        Digest b = Digest.parse("sha256:" + "1".repeat(64));
        assertThat(a).isLessThan(b);
        assertThat(a.compareTo(Digest.parse(a.toString()))).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sha256:abc|invalid sha256 digest: expected 64 lower-case hex characters, got 'abc'",
            "sha512:aaaa|invalid sha512 digest: expected 128 lower-case hex characters, got 'aaaa'",
            "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|expected 64 lower-case hex characters",
            "sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg|expected 64 lower-case hex characters",
            "md5:d41d8cd98f00b204e9800998ecf8427e|unsupported algorithm 'md5' (sha256 or sha512)",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|expected algorithm:hex",
            ":aaaa|invalid digest ':aaaa': expected algorithm:hex",
            "sha256:|invalid sha256 digest: expected 64 lower-case hex characters, got ''",
    })
    void rejectsInvalidDigestsWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(Digest.isValid(text)).isFalse();
    }

    @Test
    void abbreviatesVeryLongInputInMessages() {
        String text = "sha256:" + "a".repeat(500);
        assertThatThrownBy(() -> Digest.parse(text))
                .hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void isValidAcceptsAGoodDigest() {
        assertThat(Digest.isValid("sha256:" + HEX64)).isTrue();
    }
}
