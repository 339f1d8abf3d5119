package dev.kiln.executor.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image-config fields the corpus compares, normalised so that spellings of "nothing" agree: a field that
 * is absent, {@code null}, an empty list or an empty object counts as absent (buildah writes {@code "Cmd": []}
 * where BuildKit omits {@code Cmd} after ENTRYPOINT), zero durations and retries in {@code Healthcheck} are
 * dropped (Docker's {@code omitempty}), and buildah's own {@code io.buildah.version} label is removed.
 *
 * <p>Stateless. See the Docker image spec's
 * <a href="https://github.com/moby/docker-image-spec/blob/main/spec.md">config fields</a>.
 */
final class ConfigFields {

    /** Fields of the config's {@code config} object, in the order failures show them. */
    static final List<String> FIELDS = List.of("Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts",
            "Volumes", "Labels", "StopSignal", "Healthcheck", "Shell", "OnBuild");

    /** Top-level field compared too: MAINTAINER sets it. */
    static final String AUTHOR = "author";

    /** Labels a builder adds by policy, not by the Dockerfile. */
    static final List<String> POLICY_LABELS = List.of("io.buildah.version");

    private ConfigFields() {
    }

    /** Field name to normalised JSON value (a String, JsonArray or JsonObject); absent fields are left out. */
    static Map<String, Object> of(JsonObject imageConfig) {
        JsonObject c = imageConfig.getJsonObject("config", new JsonObject());
        Map<String, Object> out = new TreeMap<>();
        for (String f : FIELDS) {
            Object v = normalize(f, c.getValue(f));
            if (v != null) {
                out.put(f, v);
            }
        }
        Object author = normalize(AUTHOR, imageConfig.getValue(AUTHOR));
        if (author != null) {
            out.put(AUTHOR, author);
        }
        return out;
    }

    /** Parses a value as written in a case file: JSON, or {@code absent}. */
    static Object parse(String field, String text) {
        String t = text.strip();
        if (t.equals("absent")) {
            return null;
        }
        Object v = t.startsWith("{") ? new JsonObject(t) : t.startsWith("[") ? new JsonArray(t) : t.startsWith("\"")
                ? new JsonArray("[" + t + "]").getString(0) : t;
        return normalize(field, v);
    }

    /** A value as a case file would spell it. */
    static String show(Object value) {
        return value == null ? "absent" : value instanceof String s ? new JsonArray().add(s).encode().replaceAll("^\\[|]$", "")
                : value.toString();
    }

    private static Object normalize(String field, Object value) {
        Object v = value;
        if (v instanceof JsonObject o && field.equals("Labels")) {
            JsonObject copy = o.copy();
            POLICY_LABELS.forEach(copy::remove);
            v = copy;
        }
        if (v instanceof JsonObject o && field.equals("Healthcheck")) {
            JsonObject copy = new JsonObject();
            o.forEach(e -> {
                if (!(e.getValue() instanceof Number n && n.longValue() == 0) && e.getValue() != null) {
                    copy.put(e.getKey(), e.getValue());
                }
            });
            v = copy;
        }
        if (v == null || v instanceof JsonArray a && a.isEmpty() || v instanceof JsonObject o && o.isEmpty()
                || v instanceof String s && s.isEmpty()) {
            return null;
        }
        return v;
    }
}
