package dev.kiln.testkit.registry.token;

import java.util.List;

/**
 * The JWS algorithms the token server signs with (RFC 7518 section 3.1,
 * https://www.rfc-editor.org/rfc/rfc7518#section-3.1), with the key type and JDK signature name for each.
 *
 * <p>Immutable. ES256 uses the JDK's {@code SHA256withECDSAinP1363Format}, which yields the raw
 * {@code r||s} form JWS requires (plain {@code SHA256withECDSA} yields DER, which the registry rejects).
 */
public enum JwtAlgorithm {
    RS256("SHA256withRSA", "RSA", List.of("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")),
    ES256("SHA256withECDSAinP1363Format", "EC", List.of("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"));

    private final String jdkSignature;
    private final String keyAlgorithm;
    private final List<String> opensslGenpkeyArgs;

    JwtAlgorithm(String jdkSignature, String keyAlgorithm, List<String> opensslGenpkeyArgs) {
        this.jdkSignature = jdkSignature;
        this.keyAlgorithm = keyAlgorithm;
        this.opensslGenpkeyArgs = opensslGenpkeyArgs;
    }

    /** The {@link java.security.Signature} algorithm name. */
    public String jdkSignature() {
        return jdkSignature;
    }

    /** The {@link java.security.KeyFactory} algorithm name. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** Arguments for {@code openssl genpkey} that make a matching key. */
    List<String> opensslGenpkeyArgs() {
        return opensslGenpkeyArgs;
    }
}
