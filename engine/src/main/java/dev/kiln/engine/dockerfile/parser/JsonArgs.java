package dev.kiln.engine.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the exec form of an instruction, a JSON array of strings, with the acceptance of Go's
 * {@code encoding/json} that BuildKit uses: strict RFC 8259 syntax (no comments, single quotes or trailing
 * commas), nesting up to 10000, lone surrogate escapes decoded as U+FFFD. What is not valid JSON is not an
 * error but the shell form ({@link Outcome#NOT_JSON}); valid JSON with a non-string element is an error.
 *
 * <p>Stateless and thread-safe. A hand-written scanner instead of Vert.x's Jackson-based {@code JsonArray}
 * because Jackson's limits and leniencies (nesting depth 1000, raw lone surrogates) would send some lines to
 * the other form than BuildKit does. It is iterative, so no input can overflow the stack.
 */
final class JsonArgs {

    /** How a line read as JSON. */
    enum Outcome { STRINGS, NOT_JSON, NOT_STRINGS }

    /** The outcome and, for {@link Outcome#STRINGS}, the decoded strings. */
    record Result(Outcome outcome, List<String> strings) {
    }

    private static final int MAX_DEPTH = 10_000;
    private static final Result NOT_JSON = new Result(Outcome.NOT_JSON, List.of());

    private JsonArgs() {
    }

    /** Reads {@code text}, which must start with {@code [}, as a whole JSON document. */
    static Result parse(String text) {
        Scanner sc = new Scanner(text);
        try {
            return sc.document();
        } catch (IllegalStateException e) {
            return NOT_JSON;
        }
    }

    private static final class Scanner {
        private final String s;
        private int pos;
        private final StringBuilder containers = new StringBuilder();
        private final List<String> strings = new ArrayList<>();
        private boolean nonString;

        Scanner(String s) {
            this.s = s;
        }

        private enum State { VALUE, VALUE_OR_CLOSE_ARRAY, KEY_OR_CLOSE_OBJECT, AFTER_VALUE }

        Result document() {
            State state = State.VALUE;
            while (true) {
                skipWhitespace();
                switch (state) {
                    case VALUE_OR_CLOSE_ARRAY, VALUE -> {
                        if (state == State.VALUE_OR_CLOSE_ARRAY && current() == ']') {
                            pos++;
                            close();
                            state = State.AFTER_VALUE;
                        } else {
                            state = value(current());
                        }
                    }
                    case KEY_OR_CLOSE_OBJECT -> {
                        if (current() == '}') {
                            pos++;
                            close();
                            state = State.AFTER_VALUE;
                        } else {
                            objectKey();
                            state = State.VALUE;
                        }
                    }
                    case AFTER_VALUE -> {
                        if (containers.isEmpty()) {
                            if (pos != s.length()) {
                                throw new IllegalStateException("data after top-level value");
                            }
                            return nonString ? new Result(Outcome.NOT_STRINGS, List.of())
                                    : new Result(Outcome.STRINGS, List.copyOf(strings));
                        }
                        char top = containers.charAt(containers.length() - 1);
                        char c = current();
                        pos++;
                        if (c == ',') {
                            if (top == '{') {
                                skipWhitespace();
                                objectKey();
                            }
                            state = State.VALUE;
                        } else if ((c == ']' && top == '[') || (c == '}' && top == '{')) {
                            close();
                        } else {
                            throw new IllegalStateException("unexpected " + c);
                        }
                    }
                }
            }
        }

        /** Reads a scalar value, or opens a container; returns the state that follows. */
        private State value(char c) {
            boolean topLevelElement = containers.length() == 1;
            if (c == '"') {
                String str = string();
                if (topLevelElement) {
                    strings.add(str);
                }
                return State.AFTER_VALUE;
            }
            if (topLevelElement) {
                nonString = true;
            }
            if (c == '[' || c == '{') {
                pos++;
                containers.append(c);
                if (containers.length() > MAX_DEPTH) {
                    throw new IllegalStateException("exceeded max depth");
                }
                return c == '[' ? State.VALUE_OR_CLOSE_ARRAY : State.KEY_OR_CLOSE_OBJECT;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                number();
            } else if (!literal("true") && !literal("false") && !literal("null")) {
                throw new IllegalStateException("invalid character " + c);
            }
            return State.AFTER_VALUE;
        }

        private void objectKey() {
            if (current() != '"') {
                throw new IllegalStateException("expected object key");
            }
            string();
            skipWhitespace();
            if (current() != ':') {
                throw new IllegalStateException("expected colon");
            }
            pos++;
        }

        private void close() {
            containers.setLength(containers.length() - 1);
        }

        private boolean literal(String word) {
            if (s.startsWith(word, pos)) {
                pos += word.length();
                return true;
            }
            return false;
        }

        private void number() {
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (current() == '0') {
                pos++;
            } else if (current() >= '1' && current() <= '9') {
                digits();
            } else {
                throw new IllegalStateException("bad number");
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                requireDigit();
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                requireDigit();
                digits();
            }
        }

        private void requireDigit() {
            char c = current();
            if (c < '0' || c > '9') {
                throw new IllegalStateException("bad number");
            }
        }

        private void digits() {
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
        }

        private String string() {
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = current();
                pos++;
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalStateException("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = current();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> unicodeEscape(out);
                    default -> throw new IllegalStateException("invalid escape");
                }
            }
        }

        private void unicodeEscape(StringBuilder out) {
            char u = (char) hex4();
            if (!Character.isSurrogate(u)) {
                out.append(u);
                return;
            }
            // Go pairs a high surrogate with an immediately following \\u low surrogate, else emits U+FFFD
            if (Character.isHighSurrogate(u) && s.startsWith("\\u", pos)) {
                int save = pos;
                pos += 2;
                char low = (char) hex4();
                if (Character.isLowSurrogate(low)) {
                    out.append(u).append(low);
                    return;
                }
                pos = save;
            }
            out.append('\uFFFD');
        }

        private int hex4() {
            if (pos + 4 > s.length()) {
                throw new IllegalStateException("short unicode escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0 || s.charAt(pos + i) > 'f') {
                    throw new IllegalStateException("bad unicode escape");
                }
                v = v * 16 + d;
            }
            pos += 4;
            return v;
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char current() {
            if (pos >= s.length()) {
                throw new IllegalStateException("unexpected end of JSON input");
            }
            return s.charAt(pos);
        }
    }
}
