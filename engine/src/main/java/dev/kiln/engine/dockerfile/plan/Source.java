package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.reference.ImageReference;
import java.util.Objects;

/**
 * Where a stage's root filesystem, a {@code COPY}'s files or a {@code RUN --mount} come from.
 *
 * <p>Every implementation is an immutable record. The kinds are closed because BuildKit knows exactly these:
 * an earlier stage of the same Dockerfile, an image from a registry, the empty filesystem
 * ({@code scratch}) and the build context ({@code COPY} without {@code --from}, a bind mount without
 * {@code from=}). The build engine switches over them to decide what to fetch or wait for.
 */
public sealed interface Source permits Source.Stage, Source.Image, Source.Scratch, Source.Context {

    /**
     * The result of another stage of the same Dockerfile.
     *
     * @param index the stage's position among the Dockerfile's stages, from 0
     */
    record Stage(int index) implements Source {
        /** Rejects a negative index. */
        public Stage {
            if (index < 0) {
                throw new IllegalArgumentException("stage index < 0: " + index);
            }
        }
    }

    /**
     * An image from a registry, normalised ({@code golang:1.22} is {@code docker.io/library/golang:1.22}).
     *
     * @param reference the image
     */
    record Image(ImageReference reference) implements Source {
        /** Rejects null. */
        public Image {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** The empty filesystem: {@code FROM scratch}, {@code COPY --from=scratch}, a cache mount's seed. */
    record Scratch() implements Source {
    }

    /** The build context the user sent. */
    record Context() implements Source {
    }

    /** {@code stage 1}, {@code image docker.io/library/alpine:3.20}, {@code scratch} or {@code context}. */
    default String describe() {
        return switch (this) {
            case Stage s -> "stage " + s.index();
            case Image i -> "image " + i.reference();
            case Scratch s -> "scratch";
            case Context c -> "context";
        };
    }
}
