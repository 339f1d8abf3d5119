package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code LABEL key=value ...}: metadata labels on the image.
 *
 * <p>Immutable. Keys and values keep their quotes until the later expansion.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param labels   the pairs in order, at least one
 */
public record Label(SourceRange location, String original, List<KeyValue> labels) implements Instruction {

    public Label {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        labels = List.copyOf(labels);
    }
}
