package dev.kiln.engine.dockerfile.instruction;

/**
 * The security mode of a {@code RUN --security=...} command.
 *
 * <p>Immutable (an enum). BuildKit accepts exactly these two values, unexpanded.
 */
public enum SecurityMode {
    /** The normal, confined mode (the flag's default). */
    SANDBOX("sandbox"),
    /** Privileged execution; needs the builder's permission. */
    INSECURE("insecure");

    private final String value;

    SecurityMode(String value) {
        this.value = value;
    }

    /** The flag value, e.g. {@code insecure}. */
    public String value() {
        return value;
    }
}
