package dev.kiln.engine.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Where SHA-256 digests come from: OpenSSL's {@code libcrypto} through {@link NativeSha256} when it can be
 * loaded, else the JDK (see the package comment for why). Decided once per process. Thread-safe.
 */
public final class Sha256 {

    /** {@code -Dkiln.sha256=jdk} always uses the JDK's implementation. */
    static final String PROPERTY = "kiln.sha256";

    private static final Optional<NativeSha256.Library> LIBRARY =
            "jdk".equals(System.getProperty(PROPERTY)) ? Optional.empty() : NativeSha256.Library.load();

    private Sha256() {
    }

    /** A fresh SHA-256 digest; not thread-safe, one per stream. */
    public static MessageDigest newDigest() {
        return LIBRARY.<MessageDigest>map(NativeSha256::new).orElseGet(Sha256::jdk);
    }

    /** Whether {@link #newDigest()} gives the native implementation: for logs and tests. */
    public static boolean isNative() {
        return LIBRARY.isPresent();
    }

    /** The JDK's SHA-256, which every Java SE runtime has. */
    static MessageDigest jdk() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
