package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code WORKDIR path}: the working directory for later instructions and the container, created if missing.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param path the path as written, unexpanded; relative paths are resolved against the previous one
 */
public record Workdir(SourceRange location, String original, String path) implements Instruction {

    public Workdir {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(path, "path");
    }
}
