package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The minimal core of a backend that stores content by digest, compressed as pushed: an OCI layout, a
 * registry, a blob cache. A backend implements only this; {@link Partial} derives {@link Image} and
 * {@link ImageIndex} from it, parsing, verifying and caching in one place for every backend.
 *
 * <p>Implementations must be thread-safe (one source serves many images and streams at once). They need
 * not verify what they return: {@link Partial} verifies every byte against the descriptor's digest and size,
 * because sources are untrusted.
 */
public interface BlobSource {

    /**
     * Opens the content a descriptor names (a manifest, an index, a config or a layer blob). Blocking; the
     * caller closes the stream.
     *
     * @throws ImageNotFoundException when the source does not hold it
     * @throws IOException            when reading fails
     */
    InputStream open(Descriptor descriptor) throws IOException;

    /** Names the source in error messages, e.g. {@code OCI layout /tmp/x}. */
    String describe();

    /**
     * The registry repository this source reads from, when it is one: the layers of images read from it
     * report it as their {@link Layer#mountableFrom()}. Empty for local sources.
     */
    default Optional<RepositoryName> mountableFrom() {
        return Optional.empty();
    }
}
