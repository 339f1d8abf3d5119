package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code COPY [--from=...] [--chown=...] [--chmod=...] [--link] [--parents] [--exclude=...] src... dest}:
 * copies files from the build context, another stage or an image.
 *
 * <p>Immutable. Flag values are unexpanded; a {@code --chmod} without variables has been checked already
 * (octal up to 7777 or a symbolic mode, see {@link Chmod}).
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param operands the sources (paths and heredocs) and the destination
 * @param from     the {@code --from} stage, image or context name
 * @param chown    the {@code --chown} user[:group]
 * @param chmod    the {@code --chmod} mode
 * @param link     {@code --link}
 * @param parents  {@code --parents}
 * @param excludes the {@code --exclude} patterns in order
 */
public record Copy(SourceRange location, String original, SourcesAndDestination operands, Optional<String> from,
        Optional<String> chown, Optional<String> chmod, boolean link, boolean parents, List<String> excludes)
        implements Instruction {

    public Copy {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(operands, "operands");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        excludes = List.copyOf(excludes);
    }
}
