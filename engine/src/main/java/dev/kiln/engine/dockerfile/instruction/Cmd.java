package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code CMD}: the container's default command or default arguments to the entrypoint.
 *
 * <p>Immutable. {@code CMD []} gives an empty, not a missing, command.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param command  exec-form words or the shell-form string
 */
public record Cmd(SourceRange location, String original, CommandLine command) implements Instruction {

    public Cmd {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(command, "command");
    }
}
