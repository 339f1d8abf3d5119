package dev.kiln.testkit.registry.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * The key id docker/libtrust derives from a public key, which docker-registry matches against a token's
 * {@code kid} header (https://github.com/docker/libtrust/blob/master/util.go, {@code keyIDFromCryptoKey}).
 *
 * <p>Stateless, so thread-safe. Recipe: SHA-256 of the DER SubjectPublicKeyInfo, the first 240 bits,
 * base32 (RFC 4648 alphabet, no padding: 48 characters), split into 12 groups of 4 joined by {@code ':'}.
 */
public final class LibtrustKeyId {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private LibtrustKeyId() {}

    /** The key id of {@code key}, e.g. {@code ABCD:EFGH:...} (12 groups). */
    public static String of(PublicKey key) {
        return ofSubjectPublicKeyInfo(key.getEncoded());
    }

    /** The key id of a DER-encoded SubjectPublicKeyInfo. */
    public static String ofSubjectPublicKeyInfo(byte[] der) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
        byte[] first240 = Arrays.copyOf(hash, 30);
        StringBuilder b32 = new StringBuilder(48);
        int buffer = 0;
        int bits = 0;
        for (byte b : first240) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                b32.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        StringBuilder out = new StringBuilder(59);
        for (int i = 0; i < b32.length(); i += 4) {
            if (i > 0) {
                out.append(':');
            }
            out.append(b32, i, i + 4);
        }
        return out.toString();
    }
}
