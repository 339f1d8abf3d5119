package dev.kiln.engine.oci;

import dev.kiln.engine.crypto.Sha256;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest {@code algorithm:encoded}, as defined by the OCI image spec
 * (https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests).
 *
 * <p>Immutable. Only the registered algorithms {@code sha256} and {@code sha512} are accepted, each with
 * its exact lower-case hex length, because those are the only ones registries and runtimes verify;
 * anything else would be a digest nobody can check.
 */
public record Digest(Algorithm algorithm, String hex) implements Comparable<Digest> {

    /** The registered digest algorithms, with their JDK names and hex lengths. */
    public enum Algorithm {
        SHA256("sha256", "SHA-256", 64),
        SHA512("sha512", "SHA-512", 128);

        private final String id;
        private final String jdkName;
        private final int hexLength;

        Algorithm(String id, String jdkName, int hexLength) {
            this.id = id;
            this.jdkName = jdkName;
            this.hexLength = hexLength;
        }

        /** The name used in digest strings, e.g. {@code sha256}. */
        public String id() {
            return id;
        }

        /** Length of the lower-case hex encoding. */
        public int hexLength() {
            return hexLength;
        }

        /**
         * A fresh {@link MessageDigest} for this algorithm (not thread-safe, one per stream); SHA-256 from
         * {@link Sha256}, which is OpenSSL's where available.
         */
        public MessageDigest newMessageDigest() {
            if (this == SHA256) {
                return Sha256.newDigest();
            }
            try {
                return MessageDigest.getInstance(jdkName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("JDK lacks " + jdkName, e);
            }
        }

        static Algorithm of(String id) {
            for (Algorithm a : values()) {
                if (a.id.equals(id)) {
                    return a;
                }
            }
            return null;
        }
    }

    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength || !LOWER_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid " + algorithm.id + " digest: expected "
                    + algorithm.hexLength + " lower-case hex characters, got '" + abbreviate(hex) + "'");
        }
    }

    /**
     * Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}.
     *
     * @throws IllegalArgumentException naming the offending text when it is not a valid digest
     */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest '" + abbreviate(text) + "': expected algorithm:hex");
        }
        String algo = text.substring(0, colon);
        Algorithm a = Algorithm.of(algo);
        if (a == null) {
            throw new IllegalArgumentException("invalid digest '" + abbreviate(text)
                    + "': unsupported algorithm '" + abbreviate(algo) + "' (sha256 or sha512)");
        }
        return new Digest(a, text.substring(colon + 1));
    }

    /** Whether {@code text} is a valid digest string. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return of(Algorithm.SHA256, bytes);
    }

    /** The digest of {@code bytes} with {@code algorithm}. */
    public static Digest of(Algorithm algorithm, byte[] bytes) {
        return fromBytes(algorithm, algorithm.newMessageDigest().digest(bytes));
    }

    /** Wraps the raw output of a finished {@link MessageDigest}. */
    public static Digest fromBytes(Algorithm algorithm, byte[] raw) {
        return new Digest(algorithm, HexFormat.of().formatHex(raw));
    }

    /** The hex part only, as used in {@code blobs/sha256/<hex>} paths. */
    public String encoded() {
        return hex;
    }

    /** A short form for logs, e.g. {@code sha256:0123456789ab}. */
    public String shortForm() {
        return algorithm.id + ":" + hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm.id + ":" + hex;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
