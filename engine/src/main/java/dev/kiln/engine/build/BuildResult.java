package dev.kiln.engine.build;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.reference.ImageReference;

import java.util.List;
import java.util.Objects;

/**
 * What a build produced. Immutable.
 *
 * @param image    the image of the target stage, as written and pushed
 * @param manifest the descriptor of its manifest (media type, digest, size): what {@code --digest-file}
 *                 holds
 * @param pushed   the destinations it was pushed to (empty with {@code --no-push})
 */
public record BuildResult(Image image, Descriptor manifest, List<ImageReference> pushed) {

    public BuildResult {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(manifest, "manifest");
        pushed = List.copyOf(pushed);
    }
}
