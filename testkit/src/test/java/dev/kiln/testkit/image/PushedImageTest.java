package dev.kiln.testkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PushedImageTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void byDigestReplacesTheTagAndKeepsThePort() {
        PushedImage p = new PushedImage("127.0.0.1:5000/lib/busybox:1.0", DIGEST, "x");

        assertThat(p.byDigest()).isEqualTo("127.0.0.1:5000/lib/busybox@" + DIGEST);
    }

    @Test
    void byDigestOfAnUntaggedReference() {
        assertThat(new PushedImage("127.0.0.1:5000/busybox", DIGEST, "x").byDigest())
                .isEqualTo("127.0.0.1:5000/busybox@" + DIGEST);
    }
}
