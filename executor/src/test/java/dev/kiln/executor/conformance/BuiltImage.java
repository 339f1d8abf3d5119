package dev.kiln.executor.conformance;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An image one side built: the image as written (layers and history to compare), the config JSON to compare
 * (for buildah the Docker config it stored, which its OCI push converts), and a tagged OCI layout to run it from.
 *
 * <p>Immutable.
 */
record BuiltImage(LayoutImage image, JsonObject config, Path runLayout, String runTag) {
    BuiltImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runLayout, "runLayout");
        Objects.requireNonNull(runTag, "runTag");
    }
}
