package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code ARG name[=default] ...}: build arguments, either global (before the first {@code FROM}) or for
 * the current stage.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param args     the declarations in order, at least one
 */
public record Arg(SourceRange location, String original, List<ArgDefinition> args) implements Instruction {

    public Arg {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        args = List.copyOf(args);
    }
}
