package dev.kiln.engine.registry.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code WWW-Authenticate} header values into {@link Challenge}s (RFC 7235 section 4.1):
 * {@code 1#challenge} where {@code challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]} and
 * {@code auth-param = token BWS "=" BWS ( token / quoted-string )}.
 *
 * <p>Commas separate both challenges and their parameters; a new challenge starts where a token is not followed
 * by {@code =}. Quoted strings honour backslash escapes (RFC 7230 section 3.2.6). The parser is tolerant
 * where registries are sloppy: any spacing around {@code =} and commas, empty list elements, and unquoted
 * values that are not RFC tokens (e.g. {@code realm=https://auth/token}) up to the next comma or space.
 * A token68 (e.g. {@code Negotiate abc==}) is skipped: registries do not use it. Stateless utility.
 */
public final class WwwAuthenticate {

    private WwwAuthenticate() {
    }

    /** The challenges in several header fields, in order (RFC 7235: one header may carry several). */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return List.copyOf(all);
    }

    /**
     * The challenges in one header value, in order.
     *
     * @throws InvalidChallengeException when a quoted string is not closed or a parameter has no value
     */
    public static List<Challenge> parse(String headerValue) {
        return new Parser(headerValue).challenges();
    }

    /** A cursor over one header value. Not thread-safe; one per call. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Challenge> challenges() {
            List<Challenge> result = new ArrayList<>();
            while (true) {
                skipSeparators();
                if (pos >= s.length()) {
                    return List.copyOf(result);
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    throw error("expected an auth scheme");
                }
                Map<String, String> params = new LinkedHashMap<>();
                skipSpaces();
                if (startsParam()) {
                    readParams(params);
                } else {
                    skipToken68();
                }
                result.add(new Challenge(scheme, params));
            }
        }

        /** Reads {@code name=value} pairs separated by commas until the next challenge or the end. */
        private void readParams(Map<String, String> params) {
            while (true) {
                String name = token();
                skipSpaces();
                pos++; // the '=' that startsParam() saw
                skipSpaces();
                if (pos >= s.length() || s.charAt(pos) == ',') {
                    throw error("parameter \"" + name + "\" has no value");
                }
                String value = s.charAt(pos) == '"' ? quoted() : unquoted();
                params.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), value);
                skipSpaces();
                if (pos >= s.length()) {
                    return;
                }
                if (s.charAt(pos) != ',') {
                    throw error("expected ',' after parameter \"" + name + "\"");
                }
                int beforeComma = pos;
                skipSeparators();
                if (!startsParam()) {
                    // The next element is another challenge (or the end); leave the commas to challenges().
                    pos = beforeComma;
                    return;
                }
            }
        }

        /** Whether a {@code token BWS "="} starts here, and the '=' is not the padding of a token68. */
        private boolean startsParam() {
            int save = pos;
            try {
                if (token().isEmpty()) {
                    return false;
                }
                skipSpaces();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    return false;
                }
                pos++;
                skipSpaces();
                // "abc=" at the end or before a comma, and "abc==", are a token68 with padding.
                return pos < s.length() && s.charAt(pos) != '=' && s.charAt(pos) != ',';
            } finally {
                pos = save;
            }
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            int start = pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    c = s.charAt(pos++);
                }
                out.append(c);
            }
            pos = start;
            throw error("unterminated quoted string");
        }

        private String unquoted() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && !isSpace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipToken68() {
            while (pos < s.length() && s.charAt(pos) != ',') {
                pos++;
            }
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        private void skipSeparators() {
            while (pos < s.length() && (isSpace(s.charAt(pos)) || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        private InvalidChallengeException error(String what) {
            return new InvalidChallengeException(
                    "parse WWW-Authenticate \"" + Redactor.quote(s, List.of()) + "\": " + what + " at offset " + pos);
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t';
        }

        /** RFC 7230 {@code tchar}. */
        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
