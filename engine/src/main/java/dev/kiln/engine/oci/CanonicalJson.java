package dev.kiln.engine.oci;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON writer of this package: compact (no insignificant whitespace), keys in the order the
 * {@link JsonObject} holds them, strings escaped the way Go's {@code encoding/json} escapes them
 * ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \}{@code u00XX}), so that documents written here
 * look like those written by Docker, BuildKit and containerd.
 *
 * <p>Stateless and thread-safe. Vert.x's own {@code encode()} is not used for bytes whose digest
 * matters because its escaping follows Jackson, not Go.
 */
final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** {@code object} as compact UTF-8 JSON. */
    static byte[] encode(JsonObject object) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, object);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A deep copy of {@code value} whose objects have their keys sorted (as Go sorts map keys), used for
     * the unknown fields kept in {@code extra} so that equal records give equal bytes.
     */
    static Object sorted(Object value) {
        if (value instanceof Map<?, ?> m) {
            value = new JsonObject(castMap(m));
        } else if (value instanceof List<?> l) {
            value = new JsonArray(new ArrayList<>(l));
        }
        if (value instanceof JsonObject o) {
            TreeMap<String, Object> tree = new TreeMap<>();
            for (Map.Entry<String, Object> e : o) {
                tree.put(e.getKey(), sorted(e.getValue()));
            }
            JsonObject out = new JsonObject();
            tree.forEach(out::put);
            return out;
        }
        if (value instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            for (Object v : a) {
                out.add(sorted(v));
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static void write(StringBuilder sb, Object value) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b.booleanValue());
            case Integer i -> sb.append(i.intValue());
            case Long l -> sb.append(l.longValue());
            case Short s -> sb.append(s.shortValue());
            case Byte b -> sb.append(b.byteValue());
            case BigInteger bi -> sb.append(bi);
            case BigDecimal bd -> sb.append(bd.stripTrailingZeros().toPlainString());
            case Double d -> floating(sb, d);
            case Float f -> floating(sb, f.doubleValue());
            case JsonObject o -> object(sb, o);
            case JsonArray a -> array(sb, a);
            case Map<?, ?> m -> object(sb, new JsonObject(castMap(m)));
            case List<?> l -> array(sb, new JsonArray(new ArrayList<>(l)));
            case Instant t -> string(sb, t.toString());
            case byte[] bytes -> string(sb, Base64.getEncoder().encodeToString(bytes));
            case Buffer buf -> string(sb, Base64.getEncoder().encodeToString(buf.getBytes()));
            case Enum<?> e -> string(sb, e.name());
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void object(StringBuilder sb, JsonObject o) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : o) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            write(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void array(StringBuilder sb, JsonArray a) {
        sb.append('[');
        for (int i = 0; i < a.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            write(sb, a.getValue(i));
        }
        sb.append(']');
    }

    /** Go's float64 encoding: plain notation in [1e-6, 1e21), shortest exponent notation outside. */
    private static void floating(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("cannot write " + d + " as JSON");
        }
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            sb.append(new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
            return;
        }
        String s = Double.toString(d); // e.g. 1.5E-7, 1.0E21
        int e = s.indexOf('E');
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        String exp = s.substring(e + 1);
        sb.append(mantissa).append('e').append(exp.startsWith("-") ? exp : "+" + exp);
    }

    private static void string(StringBuilder sb, String s) {
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
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(sb, c);
                default -> {
                    if (c < 0x20) {
                        unicode(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\ufffd'); // Go replaces invalid UTF-8 / lone surrogates the same way
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicode(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }

}
