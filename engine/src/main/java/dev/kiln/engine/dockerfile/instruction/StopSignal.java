package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code STOPSIGNAL signal}: the signal that stops the container, by name ({@code SIGTERM}) or number.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param signal the signal as written, unexpanded (BuildKit validates it after expansion)
 */
public record StopSignal(SourceRange location, String original, String signal) implements Instruction {

    public StopSignal {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(signal, "signal");
    }
}
