package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code ENV key=value ...} (or the legacy {@code ENV key value}): environment variables for later
 * instructions and the container.
 *
 * <p>Immutable. Keys and values keep their quotes until the later expansion.
 *
 * @param location  where it is in the Dockerfile
 * @param original  the instruction's text
 * @param variables the pairs in order, at least one
 */
public record Env(SourceRange location, String original, List<KeyValue> variables) implements Instruction {

    public Env {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        variables = List.copyOf(variables);
    }
}
