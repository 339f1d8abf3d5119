package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code MAINTAINER name}: the deprecated way to name the image author (BuildKit warns with {@code MaintainerDeprecated}); it becomes the config's {@code author}.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param name the rest of the line, as written
 */
public record Maintainer(SourceRange location, String original, String name) implements Instruction {

    public Maintainer {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(name, "name");
    }
}
