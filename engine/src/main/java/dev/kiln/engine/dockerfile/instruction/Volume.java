package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code VOLUME ["/data"]} or {@code VOLUME /data /logs}: mount points declared in the image config.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param paths    the paths, trimmed, none empty, unexpanded
 */
public record Volume(SourceRange location, String original, List<String> paths) implements Instruction {

    public Volume {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        paths = List.copyOf(paths);
    }
}
