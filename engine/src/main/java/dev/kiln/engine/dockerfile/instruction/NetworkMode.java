package dev.kiln.engine.dockerfile.instruction;

/**
 * The network of a {@code RUN --network=...} command.
 *
 * <p>Immutable (an enum). BuildKit accepts exactly these three values, unexpanded.
 */
public enum NetworkMode {
    /** The builder's default network (the flag's default). */
    DEFAULT("default"),
    /** No network at all. */
    NONE("none"),
    /** The host's network; needs the builder's permission. */
    HOST("host");

    private final String value;

    NetworkMode(String value) {
        this.value = value;
    }

    /** The flag value, e.g. {@code none}. */
    public String value() {
        return value;
    }
}
