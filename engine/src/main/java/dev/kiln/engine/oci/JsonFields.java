package dev.kiln.engine.oci;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Typed, located reads from one decoded JSON object. Every failure becomes a
 * {@link MalformedContentException} whose message names the action and document ({@code context}) and
 * the JSON path of the field, e.g. {@code parse image manifest sha256:0123456789ab: "layers[1].size":
 * expected integer, got string}.
 *
 * <p>Not thread-safe; one per parse. A JSON {@code null} reads like an absent field, as in Go.
 */
final class JsonFields {

    private final String context;
    private final String path;
    private final JsonObject object;

    private JsonFields(String context, String path, JsonObject object) {
        this.context = context;
        this.path = path;
        this.object = object;
    }

    /** The fields of {@code object}, reporting errors as {@code context: "path.key": problem}. */
    static JsonFields of(String context, String path, JsonObject object) {
        return new JsonFields(context, path, object);
    }

    /** Decodes {@code bytes}, which must hold exactly one JSON object. */
    static JsonFields decode(String context, byte[] bytes) {
        Object value;
        try {
            // From a String, not a Buffer: this model needs no Netty. Invalid UTF-8 becomes U+FFFD, as in Go.
            value = Json.decodeValue(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            throw new MalformedContentException(context + ": invalid JSON: " + firstLine(e.getMessage()), e);
        }
        if (!(value instanceof JsonObject o)) {
            throw new MalformedContentException(context + ": expected a JSON object, got " + typeName(value));
        }
        return new JsonFields(context, "", o);
    }

    /** The digest-named context string used in messages, e.g. {@code parse image manifest sha256:0123456789ab}. */
    static String context(String action, byte[] bytes) {
        return action + " " + Digest.sha256(bytes).shortForm();
    }

    String context() {
        return context;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    MalformedContentException error(String key, String problem) {
        String p = key == null ? path : path(key);
        return new MalformedContentException(context + ": \"" + p + "\": " + problem, p, null);
    }

    MalformedContentException error(String key, String problem, Throwable cause) {
        String p = path(key);
        return new MalformedContentException(context + ": \"" + p + "\": " + problem, p, cause);
    }

    /** Present and not null. */
    boolean has(String key) {
        return object.getValue(key) != null;
    }

    /** Present (possibly null). */
    boolean containsKey(String key) {
        return object.containsKey(key);
    }

    private Object value(String key) {
        return object.getValue(key);
    }

    private MalformedContentException wrongType(String key, String expected, Object actual) {
        return error(key, "expected " + expected + ", got " + typeName(actual));
    }

    MalformedContentException missing(String key) {
        return new MalformedContentException(context + ": missing \"" + path(key) + "\"", path(key), null);
    }

    String string(String key) {
        Object v = value(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(key, "string", v);
    }

    String requireString(String key) {
        String s = string(key);
        if (s == null) {
            throw missing(key);
        }
        return s;
    }

    /** A string, {@code ""} when absent: Go's zero value. */
    String stringOrEmpty(String key) {
        String s = string(key);
        return s == null ? "" : s;
    }

    Long optLong(String key) {
        Object v = value(key);
        return switch (v) {
            case null -> null;
            case Integer i -> i.longValue();
            case Long l -> l;
            case BigInteger b -> throw error(key, "integer out of range: " + b);
            case BigDecimal d -> throw error(key, "expected integer, got " + d.toPlainString());
            case Number n -> throw error(key, "expected integer, got " + n);
            default -> throw wrongType(key, "integer", v);
        };
    }

    long requireLong(String key) {
        Long l = optLong(key);
        if (l == null) {
            throw missing(key);
        }
        return l;
    }

    Integer optInt(String key) {
        Long l = optLong(key);
        if (l == null) {
            return null;
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw error(key, "integer out of range: " + l);
        }
        return l.intValue();
    }

    boolean bool(String key) {
        Object v = value(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "boolean", v);
    }

    /** A list of strings; empty when absent or null. */
    List<String> strings(String key) {
        Object v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw wrongType(key, "array of strings", v);
        }
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            Object e = a.getValue(i);
            if (!(e instanceof String s)) {
                throw error(key + "[" + i + "]", "expected string, got " + typeName(e));
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** An object of string values; empty when absent or null. */
    SortedMap<String, String> stringMap(String key) {
        Object v = value(key);
        if (v == null) {
            return Collections.emptySortedMap();
        }
        if (!(v instanceof JsonObject o)) {
            throw wrongType(key, "object of strings", v);
        }
        TreeMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : o) {
            if (!(e.getValue() instanceof String s)) {
                throw error(key + "." + e.getKey(), "expected string, got " + typeName(e.getValue()));
            }
            out.put(e.getKey(), s);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * The keys of a Go {@code map[string]struct{}} such as {@code ExposedPorts} or {@code Volumes}
     * ({@code {"80/tcp":{}}}); empty when absent or null. Values must be objects (normally empty).
     */
    SortedSet<String> keySet(String key) {
        Object v = value(key);
        if (v == null) {
            return Collections.emptySortedSet();
        }
        if (!(v instanceof JsonObject o)) {
            throw wrongType(key, "object", v);
        }
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, Object> e : o) {
            if (e.getValue() != null && !(e.getValue() instanceof JsonObject)) {
                throw error(key + "." + e.getKey(), "expected object, got " + typeName(e.getValue()));
            }
            out.add(e.getKey());
        }
        return Collections.unmodifiableSortedSet(out);
    }

    /** A nested object, or null when absent or null. */
    JsonFields object(String key) {
        Object v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonObject o)) {
            throw wrongType(key, "object", v);
        }
        return new JsonFields(context, path(key), o);
    }

    JsonFields requireObject(String key) {
        JsonFields f = object(key);
        if (f == null) {
            throw missing(key);
        }
        return f;
    }

    /** The objects of an array; empty when absent or null. */
    List<JsonFields> objects(String key) {
        Object v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw wrongType(key, "array", v);
        }
        List<JsonFields> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            Object e = a.getValue(i);
            String p = path(key) + "[" + i + "]";
            if (!(e instanceof JsonObject o)) {
                throw new MalformedContentException(
                        context + ": \"" + p + "\": expected object, got " + typeName(e), p, null);
            }
            out.add(new JsonFields(context, p, o));
        }
        return out;
    }

    Digest digest(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return Digest.parse(s);
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage(), e);
        }
    }

    Digest requireDigest(String key) {
        Digest d = digest(key);
        if (d == null) {
            throw missing(key);
        }
        return d;
    }

    /** A list of digests; empty when absent or null. */
    List<Digest> digests(String key) {
        List<String> strings = strings(key);
        List<Digest> out = new ArrayList<>(strings.size());
        for (int i = 0; i < strings.size(); i++) {
            try {
                out.add(Digest.parse(strings.get(i)));
            } catch (IllegalArgumentException e) {
                throw error(key + "[" + i + "]", e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /** An RFC 3339 timestamp such as Go writes for {@code time.Time}; null when absent or null. */
    java.time.Instant instant(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return Rfc3339.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw error(key, "invalid RFC 3339 time \"" + s + "\"", e);
        }
    }

    /** A Go {@code time.Duration}, which Docker writes as integer nanoseconds; zero when absent. */
    java.time.Duration nanos(String key) {
        Long n = optLong(key);
        if (n == null) {
            return java.time.Duration.ZERO;
        }
        if (n < 0) {
            throw error(key, "negative duration " + n + "ns");
        }
        return java.time.Duration.ofNanos(n);
    }

    MediaType mediaType(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            throw error(key, "blank media type");
        }
        return new MediaType(s);
    }

    /** The fields not in {@code known}, in document order, for round-tripping. */
    JsonObject extra(Set<String> known) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : object) {
            if (!known.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Checks {@code schemaVersion}, which both OCI and Docker schema2 documents set to 2; schema1 gets its
     * own message because registries still serve it for very old tags.
     */
    void requireSchemaVersion2() {
        Long v = optLong("schemaVersion");
        if (v == null) {
            throw missing("schemaVersion");
        }
        if (v == 1) {
            throw error("schemaVersion", "Docker schema1 is not supported (schemaVersion 1); re-push the image "
                    + "with a current client");
        }
        if (v != 2) {
            throw error("schemaVersion", "unsupported schemaVersion " + v + " (expected 2)");
        }
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "string";
            case Boolean b -> "boolean";
            case Number n -> "number";
            case JsonObject o -> "object";
            case Map<?, ?> m -> "object";
            case JsonArray a -> "array";
            case List<?> l -> "array";
            default -> v.getClass().getSimpleName();
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
