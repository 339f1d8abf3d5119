package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code EXPOSE port[/protocol] ...}: ports the container listens on.
 *
 * <p>Immutable. The words are kept as written ({@code 80/tcp}, {@code 8000-8010}, {@code $PORT}) in the
 * order written; BuildKit sorts them, but they end up in a map, so the order carries no meaning. They are
 * parsed into ports after expansion.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param ports    the words, at least one
 */
public record Expose(SourceRange location, String original, List<String> ports) implements Instruction {

    public Expose {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        ports = List.copyOf(ports);
    }
}
