package dev.kiln.testkit.registry.token;

import dev.kiln.testkit.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact JWS encoding and decoding (RFC 7515 section 7.1, https://www.rfc-editor.org/rfc/rfc7515#section-7.1).
 *
 * <p>Stateless, so thread-safe. Only what the token server needs: sign a claims object with a
 * {@link SigningKey}, and decode (without verifying) for tests that assert on claims.
 */
public final class Jwt {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Jwt() {}

    /** Signs {@code claims}; the header carries {@code typ}, {@code alg} and either {@code kid} or {@code x5c}. */
    public static String sign(Map<String, Object> claims, SigningKey key, KeyHeader keyHeader) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", key.algorithm().name());
        switch (keyHeader) {
            case KID -> header.put("kid", key.keyId());
            case X5C -> header.put("x5c", List.of(key.x5cEntry()));
        }
        String input = part(Json.write(header)) + "." + part(Json.write(claims));
        try {
            Signature sig = Signature.getInstance(key.algorithm().jdkSignature());
            sig.initSign(key.privateKey());
            sig.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sign token with " + key.algorithm() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The header of a compact JWS, decoded but not verified.
     *
     * @throws IllegalArgumentException if {@code jwt} is not three base64url parts with JSON in the first
     */
    public static Map<String, Object> header(String jwt) {
        return decodePart(jwt, 0, "header");
    }

    /**
     * The claims of a compact JWS, decoded but not verified.
     *
     * @throws IllegalArgumentException if {@code jwt} is not three base64url parts with JSON in the second
     */
    public static Map<String, Object> claims(String jwt) {
        return decodePart(jwt, 1, "claims");
    }

    private static Map<String, Object> decodePart(String jwt, int index, String what) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("decode JWT " + what + ": expected 3 dot-separated parts, got " + parts.length);
        }
        try {
            return Json.parseObject(new String(B64URL_DECODER.decode(parts[index]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("decode JWT " + what + ": " + e.getMessage(), e);
        }
    }

    private static String part(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
