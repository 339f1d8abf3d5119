package dev.kiln.engine.dockerfile.instruction;

import java.util.Objects;

/**
 * A {@code key=value} pair of {@code ENV} or {@code LABEL}, both sides unexpanded with quotes kept.
 *
 * <p>Immutable.
 *
 * @param key        the name as written, e.g. {@code "org.opencontainers.image.title"} with its quotes
 * @param value      the value as written, e.g. {@code "my app"} with its quotes
 * @param legacyForm whether it was written {@code ENV key value} (no {@code =}), which BuildKit flags with
 *                   the {@code LegacyKeyValueFormat} check
 */
public record KeyValue(String key, String value, boolean legacyForm) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** {@code key=value}. */
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
