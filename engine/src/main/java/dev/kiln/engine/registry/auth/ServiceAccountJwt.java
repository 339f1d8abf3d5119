package dev.kiln.engine.registry.auth;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed assertion of the OAuth2 JWT bearer grant with which a Google service account gets an access token
 * (RFC 7523; https://developers.google.com/identity/protocols/oauth2/service-account#httprest): an RS256 JWT
 * with {@code iss} the account's e-mail, {@code aud} the token URI, a {@code scope}, {@code iat} and
 * {@code exp} an hour later. Signed with the JDK alone.
 *
 * <p>Stateless utility; package-private, used by {@link GoogleKeychain}.
 */
final class ServiceAccountJwt {

    /** The longest lifetime Google accepts for an assertion. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private ServiceAccountJwt() {
    }

    /**
     * The compact JWS for {@code clientEmail}.
     *
     * @param privateKeyPem the {@code private_key} of the service-account JSON (PKCS#8 PEM)
     * @param keyId         the {@code private_key_id}, sent as {@code kid}; may be empty
     * @throws IllegalArgumentException when the key is not a PKCS#8 RSA key (the message never quotes it)
     */
    static String sign(String clientEmail, String privateKeyPem, String keyId, String tokenUri, String scope,
            Instant now) {
        JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
        if (!keyId.isEmpty()) {
            header.put("kid", keyId);
        }
        JsonObject claims = new JsonObject()
                .put("iss", clientEmail)
                .put("scope", scope)
                .put("aud", tokenUri)
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(LIFETIME).getEpochSecond());
        String signingInput = base64Url(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(privateKeyPem));
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with private_key: " + e.getClass().getSimpleName());
        }
    }

    /** Reads a {@code -----BEGIN PRIVATE KEY-----} PEM block. */
    static PrivateKey privateKey(String pem) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("private_key is not a PKCS#8 PEM block (BEGIN PRIVATE KEY)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("private_key is not a PKCS#8 RSA key");
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
