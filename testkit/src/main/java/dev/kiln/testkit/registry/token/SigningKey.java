package dev.kiln.testkit.registry.token;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tls.PemTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The token issuer's key pair and its self-signed certificate, made by openssl and loaded into the JDK.
 *
 * <p>Immutable, so thread-safe. The certificate file doubles as the registry's {@code rootcertbundle}: the
 * registry trusts tokens whose {@code kid} names this key or whose {@code x5c} chain is this certificate.
 *
 * @param algorithm     the JWS algorithm this key signs with
 * @param privateKey    the PKCS#8 private key
 * @param certificate   the self-signed certificate of the public key
 * @param certificatePem the certificate as a PEM file, for the registry's config
 */
public record SigningKey(JwtAlgorithm algorithm, PrivateKey privateKey, X509Certificate certificate,
        Path certificatePem) {

    /**
     * Generates a key for {@code algorithm} and a certificate with {@code CN=commonName} in {@code dir}.
     *
     * @throws dev.kiln.testkit.process.CommandException if openssl fails
     */
    public static SigningKey generate(JwtAlgorithm algorithm, String commonName, Path dir) {
        try {
            Files.createDirectories(dir);
            Command openssl = Command.of(Tool.OPENSSL).in(dir);
            List<String> genpkey = new ArrayList<>(List.of("genpkey"));
            genpkey.addAll(algorithm.opensslGenpkeyArgs());
            genpkey.addAll(List.of("-out", "token.key"));
            openssl.args(genpkey).check();
            openssl.args("req", "-new", "-x509", "-key", "token.key", "-out", "token.crt", "-days", "3650",
                    "-subj", "/CN=" + commonName).check();
            String pem = Files.readString(dir.resolve("token.key"));
            if (!pem.contains("BEGIN PRIVATE KEY")) {
                throw new IllegalStateException("load token key " + dir.resolve("token.key") + ": not PKCS#8 PEM");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance(algorithm.keyAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            Path crt = dir.resolve("token.crt");
            return new SigningKey(algorithm, key, PemTrust.certificates(crt).getFirst(), crt);
        } catch (IOException e) {
            throw new UncheckedIOException("generate token signing key in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("load token signing key from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The libtrust key id of the public key, as used in a {@code kid} header. */
    public String keyId() {
        return LibtrustKeyId.of(certificate.getPublicKey());
    }

    /** The base64 (standard, padded) DER certificate, as used in an {@code x5c} header. */
    public String x5cEntry() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("encode token certificate: " + e.getMessage(), e);
        }
    }
}
