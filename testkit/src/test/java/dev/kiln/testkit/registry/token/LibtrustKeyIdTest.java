package dev.kiln.testkit.registry.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LibtrustKeyIdTest {
    // P-256 public key; the expected id was computed independently with
    // openssl pkey -outform DER | sha256sum | first 60 hex digits | xxd -r -p | base32, grouped by 4
    private static final String PUBLIC_KEY =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/y6ERVDtOopvI5ePhZyq9lhVOn7j"
            + "7o0GTnr3pt51PjHb640VXlSadkJ12Cwp+mr6x4Q6J+MTmE6+v8FAJFbW1A==";

    @Test
    void keyIdMatchesAnIndependentlyComputedVector() throws Exception {
        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_KEY)));

        assertThat(LibtrustKeyId.of(key)).isEqualTo("PDMJ:HYTP:2Z55:4ZDU:GJZR:F3RA:HF2H:7MB2:CIZS:XZ2L:QPMP:BEWD");
    }

    @Test
    void keyIdIsTwelveGroupsOfFourBase32Characters() {
        String id = LibtrustKeyId.ofSubjectPublicKeyInfo(new byte[] {1, 2, 3});

        assertThat(id).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
    }
}
