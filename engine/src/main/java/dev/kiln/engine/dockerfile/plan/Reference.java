package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * A {@code COPY --from} or {@code RUN --mount=from=} of a stage: an edge of the stage graph besides the
 * {@code FROM}.
 *
 * <p>Immutable.
 *
 * @param kind     which flag
 * @param written  the value as written, e.g. {@code build}, {@code 0} or {@code alpine:3.20}
 * @param source   what it resolved to
 * @param location the instruction's lines, or for a trigger the stage's {@code FROM} line
 * @param trigger  whether it comes from an {@code ONBUILD} trigger of the base
 */
public record Reference(Kind kind, String written, Source source, SourceRange location, boolean trigger) {

    /** The flag that makes the reference. */
    public enum Kind {
        /** {@code COPY --from=}: a stage name, a stage index or an image. */
        COPY_FROM,
        /** {@code RUN --mount=...,from=}: a stage name or an image (BuildKit takes no index here). */
        MOUNT_FROM
    }

    /** Rejects nulls. */
    public Reference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
    }
}
