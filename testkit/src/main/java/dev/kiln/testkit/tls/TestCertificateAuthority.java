package dev.kiln.testkit.tls;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * A throw-away certificate authority and one server certificate it signed, made with the {@code openssl} CLI.
 *
 * <p>Immutable once created (the files are written once). It exists because registry TLS must be tested
 * with a real chain: the server certificate is valid for {@code localhost}, {@code 127.0.0.1} and {@code ::1}
 * (subjectAltName, since clients ignore the CN), the CA is self-signed with {@code CA:TRUE}. Java clients use
 * {@link #sslContext()}; skopeo and buildah use {@link #certDir()}, a directory holding {@code ca.crt}, which
 * is what containers/image expects for {@code --cert-dir}. Keys are EC P-256: instant to generate, and
 * accepted by Go, Java and OpenSSL alike.
 */
public final class TestCertificateAuthority {
    private final Path dir;

    private TestCertificateAuthority(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the CA and the server certificate in {@code dir} (created if missing).
     *
     * @throws dev.kiln.testkit.process.CommandException if openssl fails
     */
    public static TestCertificateAuthority create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("certs"));
            Command openssl = Command.of(Tool.OPENSSL).in(dir);
            openssl.args("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "3650", "-sha256", "-keyout", "ca.key", "-out", "ca.pem",
                    "-subj", "/CN=Kiln Testkit CA",
                    "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign").check();
            openssl.args("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost").check();
            Files.writeString(dir.resolve("server.ext"), """
                    basicConstraints=CA:FALSE
                    keyUsage=critical,digitalSignature,keyEncipherment
                    extendedKeyUsage=serverAuth
                    subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
                    """);
            openssl.args("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server-leaf.pem", "-days", "3650", "-sha256",
                    "-extfile", "server.ext").check();
            // serve leaf + CA so clients that only know the CA can build the chain
            Files.writeString(dir.resolve("server.pem"),
                    Files.readString(dir.resolve("server-leaf.pem")) + Files.readString(dir.resolve("ca.pem")));
            Files.copy(dir.resolve("ca.pem"), dir.resolve("certs/ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            return new TestCertificateAuthority(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("create test CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The CA certificate (PEM). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate chain (leaf then CA, PEM) for {@code localhost}, {@code 127.0.0.1}, {@code ::1}. */
    public Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    /** The server's private key (PEM, unencrypted). */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** A directory holding only {@code ca.crt}, for {@code skopeo --cert-dir} and {@code buildah --cert-dir}. */
    public Path certDir() {
        return dir.resolve("certs");
    }

    /** A trust manager that trusts only this CA. */
    public X509TrustManager trustManager() {
        return PemTrust.trustManager(caPem());
    }

    /** A TLS context that trusts only this CA, for {@code java.net.http.HttpClient} and friends. */
    public SSLContext sslContext() {
        return PemTrust.sslContext(caPem());
    }
}
