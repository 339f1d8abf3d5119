package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code ENTRYPOINT}: the container's executable.
 *
 * <p>Immutable. An empty word list ({@code ENTRYPOINT []} or no arguments) clears the entrypoint: BuildKit
 * stores {@code null} for it, unlike {@code CMD []}.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param command  exec-form words or the shell-form string
 */
public record Entrypoint(SourceRange location, String original, CommandLine command) implements Instruction {

    public Entrypoint {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(command, "command");
    }
}
