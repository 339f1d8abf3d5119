package dev.kiln.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Java trust material built straight from a PEM file of CA certificates, no {@code keytool} step.
 *
 * <p>Stateless, so thread-safe. It exists so Java clients in tests trust exactly the test CA (and nothing
 * else), the same file that skopeo and buildah get through {@code --cert-dir}.
 */
public final class PemTrust {
    private PemTrust() {}

    /**
     * All certificates in {@code pem}.
     *
     * @throws IllegalArgumentException if the file holds no certificate
     */
    public static List<X509Certificate> certificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("read certificates from " + pem + ": none found");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("read certificates from " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("read certificates from " + pem + ": " + e.getMessage(), e);
        }
    }

    /** A trust manager that trusts exactly the certificates in {@code pem}. */
    public static X509TrustManager trustManager(Path pem) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates(pem)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("build trust manager from " + pem + ": JDK returned no X509TrustManager");
        } catch (IOException e) {
            throw new UncheckedIOException("build trust manager from " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("build trust manager from " + pem + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context whose only trust anchors are the certificates in {@code pem}. */
    public static SSLContext sslContext(Path pem) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustManager(pem)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("build TLS context from " + pem + ": " + e.getMessage(), e);
        }
    }
}
