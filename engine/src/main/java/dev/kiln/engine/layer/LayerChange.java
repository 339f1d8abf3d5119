package dev.kiln.engine.layer;

import java.util.Objects;

/**
 * One change of a rootfs that a layer records: a path added or modified, a path deleted, or a directory
 * made opaque. This is what change detection hands the layer writer.
 *
 * <p>Immutable values. Paths are container paths relative to the rootfs root, with or without a leading
 * {@code /} ({@code etc/passwd} or {@code /etc/passwd}); they must not contain {@code ..} components.
 * Directories are not recursive: a new directory and each of its children are separate changes.
 * See https://github.com/opencontainers/image-spec/blob/main/layer.md#change-types.
 */
public sealed interface LayerChange {

    /** The path inside the rootfs. */
    String path();

    /** A file, directory, link or node that was added or modified: its current state goes into the layer. */
    record Put(String path) implements LayerChange {
        public Put {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A path that existed in lower layers and was removed: the layer gets a {@code .wh.} whiteout. */
    record Delete(String path) implements LayerChange {
        public Delete {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A directory whose lower-layer content is hidden as a whole ({@code .wh..wh..opq}): for a directory
     * deleted and re-created. The directory itself is also put, its new children must be listed as
     * {@link Put}s.
     */
    record Opaque(String path) implements LayerChange {
        public Opaque {
            Objects.requireNonNull(path, "path");
        }
    }
}
