package dev.kiln.warmer;

import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;

import java.util.Objects;

/**
 * One image the warmer caches: a reference as given on the command line or in a {@code FROM} line
 * (normalised), for one platform. Immutable.
 *
 * @param reference the image
 * @param platform  the platform an index is resolved to
 */
record WarmTarget(ImageReference reference, Platform platform) {

    WarmTarget {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(platform, "platform");
    }

    @Override
    public String toString() {
        return reference + " (" + platform + ")";
    }
}
