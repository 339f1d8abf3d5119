package dev.kiln.engine.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Removes secrets from texts that go into messages and logs, e.g. a token server's error body that echoes the
 * request. Each known secret is replaced by {@value #MASK}, together with the forms it is sent in (the
 * base64 of {@code user:password} in a Basic header).
 *
 * <p>Stateless utility; the last line of defence, the first being never to put a secret into a text.
 */
public final class Redactor {

    /** What a secret is replaced by. */
    public static final String MASK = "<redacted>";

    /** Texts from servers are cut to this many characters in messages. */
    static final int MAX_QUOTED = 300;

    private Redactor() {
    }

    /** The secrets a credential holds, with their encoded forms; empty for anonymous. */
    public static List<String> secretsOf(Credential credential) {
        return switch (credential) {
            case Credential.Anonymous a -> List.of();
            case Credential.Basic b -> List.of(b.password(), basicToken(b.username(), b.password()));
            case Credential.IdentityToken t -> List.of(t.token());
            case Credential.RegistryToken t -> List.of(t.token());
        };
    }

    /** {@code text} with every secret of {@code secrets} (longest first) masked; null stays null. */
    public static String redact(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        List<String> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String secret : sorted) {
            // Very short "secrets" would mask ordinary words; a real password of 1-3 characters is not worth that.
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** {@code text} redacted and cut to {@value #MAX_QUOTED} characters, for quoting a server's answer. */
    public static String quote(String text, List<String> secrets) {
        String redacted = redact(text == null ? "" : text.strip(), secrets);
        return redacted.length() <= MAX_QUOTED ? redacted : redacted.substring(0, MAX_QUOTED) + "...";
    }

    /** The base64 of {@code user:password}, the credentials part of a Basic {@code Authorization} header. */
    static String basicToken(String username, String password) {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
