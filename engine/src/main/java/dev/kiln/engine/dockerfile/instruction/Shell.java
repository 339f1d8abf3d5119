package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code SHELL ["executable", "parameters"]}: the shell that runs shell-form commands. Only the JSON form
 * is allowed.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param shell    the executable and its parameters, at least one word
 */
public record Shell(SourceRange location, String original, List<String> shell) implements Instruction {

    public Shell {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        shell = List.copyOf(shell);
    }
}
