package dev.kiln.engine.registry.transport;

import dev.kiln.engine.registry.auth.Redactor;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials and tokens from what the transport writes into log lines and exception messages:
 * {@code Authorization} header values, the opaque {@code _state} of upload sessions (distribution encodes a
 * signed upload state there), token-like query parameters (including the signatures of pre-signed storage
 * URLs that registries redirect to) and user info in URLs.
 *
 * <p>Stateless utility. The first line of defence is never to put a secret into a text; this class is the
 * second, applied to every URL, header and foreign message (Vert.x exceptions quote request URIs) before it is
 * logged or thrown. It complements {@link Redactor}, which masks the known secrets of a credential.
 */
public final class Redaction {

    /** What a secret is replaced by, the same mask as {@link Redactor#MASK}. */
    public static final String MASK = Redactor.MASK;

    /** Headers whose values are secrets (lower case). */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-registry-auth", "x-amz-security-token");

    /**
     * Query parameters whose values are secrets (lower case): upload state, OAuth tokens, and the signatures
     * and credentials of S3, GCS and Azure pre-signed URLs.
     */
    private static final Set<String> SECRET_PARAMS = Set.of("_state", "token", "access_token", "refresh_token",
            "id_token", "password", "client_secret", "signature", "sig", "x-amz-signature", "x-amz-credential",
            "x-amz-security-token", "x-goog-signature", "x-goog-credential", "googleaccessid");

    /** {@code name=value} after {@code ?}, {@code &}, {@code ;} or a space, for any secret name. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)(^|[?&;\\s])(" + String.join("|", SECRET_PARAMS.stream().map(Pattern::quote).sorted().toList())
                    + ")=([^&\\s\"'<>#]*)");

    /**
     * Authorization-like credentials in free text: {@code Bearer eyJ...}, {@code Basic dXNlcjpwdw==}; a token is
     * at least 8 characters with a digit or one of {@code _~+/=-}, or 20 characters of any kind, so that prose
     * such as "Basic credentials" stays readable.
     */
    private static final Pattern SCHEME_CREDENTIALS = Pattern.compile(
            "(?i)\\b(Bearer|Basic)\\s+(?=[A-Za-z0-9._~+/=-]*[0-9_~+/=-])[A-Za-z0-9._~+/=-]{8,}"
                    + "|(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{20,}");

    /** User info in a URL: {@code scheme://user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {
    }

    /** Whether the value of header {@code name} is a secret. */
    public static boolean isSecretHeader(String name) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The header value as it may be logged: secrets replaced by {@value Redactor#MASK}, keeping an
     * {@code Authorization} scheme ({@code Bearer <redacted>}) because it helps diagnosis.
     */
    public static String header(String name, String value) {
        if (value == null || !isSecretHeader(name)) {
            return value;
        }
        int space = value.indexOf(' ');
        if (name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization")) {
            return space > 0 ? value.substring(0, space) + " " + MASK : MASK;
        }
        return MASK;
    }

    /** A URL with user info and the values of secret query parameters masked. */
    public static String url(String url) {
        return text(url);
    }

    /**
     * Free text (an exception message, a server's answer) with every URL secret, secret query parameter and
     * {@code Bearer}/{@code Basic} credential masked; null stays null.
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        out = SECRET_PARAM.matcher(out).replaceAll("$1$2=" + Matcher.quoteReplacement(MASK));
        Matcher m = SCHEME_CREDENTIALS.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String scheme = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(scheme + " " + MASK));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A short description of a failure for a message, redacted: {@code connection refused},
     * {@code HttpClosedException: Connection was closed}.
     */
    public static String describe(Throwable t) {
        Objects.requireNonNull(t, "t");
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        return text(message.strip());
    }

    /**
     * {@code t} itself when no message in its cause chain contains a secret; otherwise a copy of the chain
     * whose messages are redacted, keeping class names and stack traces, so the result can be attached as a
     * cause and logged with its stack trace.
     */
    public static Throwable sanitize(Throwable t) {
        if (t == null || isClean(t)) {
            return t;
        }
        RedactedException copy = new RedactedException(t.getClass().getName() + ": " + text(t.getMessage()),
                sanitize(t.getCause() == t ? null : t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    private static boolean isClean(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(text(m))) {
                return false;
            }
        }
        return true;
    }

    /** A stand-in for an exception whose message had to be redacted; names the original class. */
    static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
