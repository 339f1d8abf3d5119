package dev.kiln.engine.registry.transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to connect to one registry: plain HTTP or HTTPS, whether to verify its certificate, which extra CAs
 * to trust besides the JDK's, and which client certificate to present.
 *
 * <p>Immutable; a value, so equal settings share one HTTP client and connection pool. The default is HTTPS
 * with full verification against the JDK's trust store: everything else must be asked for per registry.
 *
 * @param plainHttp  talk plain HTTP ({@code --insecure}, {@code --insecure-pull}, {@code --insecure-registry})
 * @param skipVerify accept any certificate and host name ({@code --skip-tls-verify*})
 * @param caFiles    PEM files whose certificates are trusted in addition ({@code --registry-certificate})
 * @param clientCert PEM certificate (chain) to present, or null ({@code --registry-client-cert})
 * @param clientKey  PEM private key of {@code clientCert} (PKCS#8 or PKCS#1), or null
 */
public record ConnectionSecurity(boolean plainHttp, boolean skipVerify, List<Path> caFiles, Path clientCert,
                                 Path clientKey) {

    public ConnectionSecurity {
        caFiles = caFiles == null ? List.of() : List.copyOf(caFiles);
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("client certificate and key must be given together, got "
                    + (clientCert == null ? "a key without certificate" : "a certificate without key"));
        }
    }

    /** HTTPS, verified against the JDK's trust store. */
    public static ConnectionSecurity verified() {
        return new ConnectionSecurity(false, false, List.of(), null, null);
    }

    /** Plain HTTP. */
    public static ConnectionSecurity plain() {
        return new ConnectionSecurity(true, false, List.of(), null, null);
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return plainHttp ? "http" : "https";
    }

    /** The same settings, also trusting the CAs in {@code pemFiles}. */
    public ConnectionSecurity withCaFiles(List<Path> pemFiles) {
        return new ConnectionSecurity(plainHttp, skipVerify, pemFiles, clientCert, clientKey);
    }

    /** The same settings, presenting {@code cert} with {@code key}. */
    public ConnectionSecurity withClientCertificate(Path cert, Path key) {
        return new ConnectionSecurity(plainHttp, skipVerify, caFiles, Objects.requireNonNull(cert, "cert"),
                Objects.requireNonNull(key, "key"));
    }

    @Override
    public String toString() {
        if (plainHttp) {
            return "plain HTTP";
        }
        StringBuilder sb = new StringBuilder(skipVerify ? "HTTPS without verification" : "HTTPS");
        if (!caFiles.isEmpty()) {
            sb.append(", extra CAs ").append(caFiles);
        }
        if (clientCert != null) {
            sb.append(", client certificate ").append(clientCert);
        }
        return sb.toString();
    }
}
