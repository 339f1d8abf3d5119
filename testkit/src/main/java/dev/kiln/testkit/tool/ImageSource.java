package dev.kiln.testkit.tool;

import dev.kiln.testkit.registry.RegistryServer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link Runc} gets the image to run: a tag in a {@link RegistryServer}, or a tag in an OCI layout.
 *
 * <p>Immutable records; sealed because {@link Runc} handles exactly these two.
 */
public sealed interface ImageSource {

    /** {@code repositoryAndTag} (e.g. {@code busybox:latest}) in {@code registry}; an index resolves to the host platform. */
    record Registry(RegistryServer registry, String repositoryAndTag) implements ImageSource {
        public Registry {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(repositoryAndTag, "repositoryAndTag");
        }
    }

    /** The image tagged {@code tag} in the OCI layout at {@code layout}; it must be an image manifest. */
    record Layout(Path layout, String tag) implements ImageSource {
        public Layout {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(tag, "tag");
        }
    }

    /** Shorthand for {@link Registry}. */
    static ImageSource registry(RegistryServer registry, String repositoryAndTag) {
        return new Registry(registry, repositoryAndTag);
    }

    /** Shorthand for {@link Layout}. */
    static ImageSource layout(Path layout, String tag) {
        return new Layout(layout, tag);
    }
}
