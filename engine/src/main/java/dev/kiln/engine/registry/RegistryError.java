package dev.kiln.engine.registry;

import dev.kiln.engine.registry.transport.Redaction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a registry's error document {@code {"errors":[{"code","message","detail"}]}}
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes).
 *
 * <p>Immutable. Texts are redacted ({@link Redaction}) and shortened when parsed, since they come from the
 * server and end up in messages and logs.
 *
 * @param code    the code as sent, e.g. {@code MANIFEST_UNKNOWN}
 * @param message the server's message, may be empty
 * @param detail  the {@code detail} value as compact JSON, or null
 */
public record RegistryError(String code, String message, String detail) {

    /** Longest message or detail kept. */
    static final int MAX_TEXT = 300;

    public RegistryError {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }

    /** The code as an enum constant. */
    public RegistryErrorCode kind() {
        return RegistryErrorCode.of(code);
    }

    /** {@code MANIFEST_UNKNOWN: manifest unknown (detail)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(code);
        if (!message.isEmpty()) {
            sb.append(": ").append(message);
        }
        if (detail != null && !detail.isEmpty() && !detail.equals("null")) {
            sb.append(" (").append(detail).append(')');
        }
        return sb.toString();
    }

    /**
     * The errors in a response body; empty when the body is not an error document (HTML from a proxy, a
     * bare status), never a failure: the status alone still makes a message.
     */
    public static List<RegistryError> parse(Buffer body) {
        if (body == null || body.length() == 0) {
            return List.of();
        }
        Object decoded;
        try {
            decoded = body.toJsonValue();
        } catch (DecodeException | IllegalStateException | ClassCastException e) {
            return List.of();
        }
        if (!(decoded instanceof JsonObject doc) || !(doc.getValue("errors") instanceof JsonArray errors)) {
            return List.of();
        }
        List<RegistryError> result = new ArrayList<>();
        for (Object o : errors) {
            if (o instanceof JsonObject e && e.getValue("code") instanceof String code) {
                Object message = e.getValue("message");
                Object detail = e.getValue("detail");
                result.add(new RegistryError(shorten(code), shorten(message instanceof String m ? m : ""),
                        detail == null ? null : shorten(detailText(detail))));
            }
        }
        return List.copyOf(result);
    }

    private static String detailText(Object detail) {
        if (detail instanceof JsonObject o) {
            return o.encode();
        }
        if (detail instanceof JsonArray a) {
            return a.encode();
        }
        return String.valueOf(detail);
    }

    private static String shorten(String s) {
        String r = Redaction.text(s.strip());
        return r.length() <= MAX_TEXT ? r : r.substring(0, MAX_TEXT) + "...";
    }
}
