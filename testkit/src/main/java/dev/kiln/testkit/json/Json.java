package dev.kiln.testkit.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader and writer (RFC 8259, https://www.rfc-editor.org/rfc/rfc8259) for the harness's
 * own needs: editing a runtime {@code config.json}, writing an image index, reading a token response.
 *
 * <p>Stateless, so thread-safe. It exists because the testkit must stay JDK-only (other modules use it in
 * test scope and must not inherit a JSON library from it). Values map to plain Java: objects to
 * {@link LinkedHashMap} (key order kept, so edited files stay diff-able), arrays to {@link ArrayList},
 * strings, {@link Long} or {@link BigInteger} for integers, {@link BigDecimal} for other numbers,
 * {@link Boolean}, and {@code null}. Parsed containers are mutable so callers can edit and write back.
 */
public final class Json {
    private Json() {}

    /**
     * Parses one JSON value; trailing non-whitespace is an error.
     *
     * @throws JsonException naming the offset and what was expected
     */
    public static Object parse(String text) {
        JsonReader r = new JsonReader(text);
        Object v = r.value();
        r.end();
        return v;
    }

    /**
     * Parses a JSON object.
     *
     * @throws JsonException if the text is not valid JSON or not an object
     */
    public static Map<String, Object> parseObject(String text) {
        return asObject(parse(text), "document");
    }

    /** Compact JSON for a value built from the types {@link #parse} produces (any {@link Number} is allowed). */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2);
        quote(text, sb);
        return sb.toString();
    }

    /**
     * The object at {@code what}, for navigating parsed documents.
     *
     * @throws JsonException naming {@code what} if {@code value} is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new JsonException("read " + what + ": expected a JSON object, got " + kind(value));
    }

    /**
     * The array at {@code what}.
     *
     * @throws JsonException naming {@code what} if {@code value} is not an array
     */
    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object value, String what) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new JsonException("read " + what + ": expected a JSON array, got " + kind(value));
    }

    /**
     * The string at {@code what}.
     *
     * @throws JsonException naming {@code what} if {@code value} is not a string
     */
    public static String asString(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new JsonException("read " + what + ": expected a JSON string, got " + kind(value));
    }

    /** Follows object keys from {@code root}; null when a key is missing. */
    public static Object at(Object root, String... keys) {
        Object cur = root;
        for (String k : keys) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(k);
        }
        return cur;
    }

    static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> v.getClass().getSimpleName();
        };
    }

    private static void write(Object value, StringBuilder sb) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> quote(s, sb);
            case Boolean b -> sb.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> throw new JsonException("write JSON: " + d + " is not a JSON number");
            case Float f when f.isNaN() || f.isInfinite() -> throw new JsonException("write JSON: " + f + " is not a JSON number");
            case BigDecimal d -> sb.append(d.toString());
            case Number n -> sb.append(n);
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(String.valueOf(e.getKey()), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(l.get(i), sb);
                }
                sb.append(']');
            }
            default -> throw new JsonException("write JSON: unsupported type " + value.getClass().getName());
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Builds a mutable object from alternating keys and values, for writing small documents inline. */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("JSON object: odd number of keys and values");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
