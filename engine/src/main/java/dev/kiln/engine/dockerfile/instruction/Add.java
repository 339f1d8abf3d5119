package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ADD [--chown=...] [--chmod=...] [--link] [--checksum=...] [--keep-git-dir] [--unpack] [--exclude=...]
 * src... dest}: like {@code COPY}, plus URLs, Git repositories and local archives that are unpacked.
 *
 * <p>Immutable. Flag values are unexpanded; a {@code --chmod} without variables has been checked already.
 * {@code --checksum} is only meaningful for one HTTP(S) or Git source, which BuildKit checks after expansion.
 *
 * @param location   where it is in the Dockerfile
 * @param original   the instruction's text
 * @param operands   the sources (paths, URLs, heredocs) and the destination
 * @param chown      the {@code --chown} user[:group]
 * @param chmod      the {@code --chmod} mode
 * @param link       {@code --link}
 * @param keepGitDir {@code --keep-git-dir}, if given
 * @param checksum   the {@code --checksum} digest
 * @param unpack     {@code --unpack}, if given (absent means BuildKit's default: unpack local archives only)
 * @param excludes   the {@code --exclude} patterns in order
 */
public record Add(SourceRange location, String original, SourcesAndDestination operands, Optional<String> chown,
        Optional<String> chmod, boolean link, Optional<Boolean> keepGitDir, Optional<String> checksum,
        Optional<Boolean> unpack, List<String> excludes) implements Instruction {

    public Add {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(operands, "operands");
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        Objects.requireNonNull(keepGitDir, "keepGitDir");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(unpack, "unpack");
        excludes = List.copyOf(excludes);
    }
}
