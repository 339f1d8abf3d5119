package dev.kiln.engine.build;

import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.Access;
import dev.kiln.engine.registry.BlobContent;
import dev.kiln.engine.registry.RegistryClient;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Starts uploading each layer to every destination repository as soon as the layer is written, while the
 * next instructions run, so that the final push finds the blobs there and only puts the manifest.
 *
 * <p>Failures are not reported here: the registry client remembers only successful uploads, so the final
 * push ({@link dev.kiln.engine.image.remote.ImagePusher}) joins an upload still running or tries a failed one
 * again and reports what fails then. Thread-safe; uploads are started on the build's Vert.x context.
 */
final class LayerUploads {

    private static final Logger LOG = LoggerFactory.getLogger(LayerUploads.class);

    private final RegistryClient client;
    private final Context context;
    private final List<RepositoryName> repositories;

    /** Uploads to the repositories of {@code destinations}; none when {@code enabled} is false. */
    LayerUploads(RegistryClient client, Context context, List<ImageReference> destinations, boolean enabled) {
        this.client = client;
        this.context = context;
        this.repositories = enabled ? destinations.stream().map(ImageReference::context).distinct().toList()
                : List.of();
    }

    /**
     * Starts the uploads of {@code layer}, a blob this build wrote to a file; returns at once. The file is sent
     * as it is (Vert.x reads it asynchronously): its digest was computed while it was written.
     */
    void start(WrittenLayer layer) {
        if (repositories.isEmpty()) {
            return;
        }
        BlobContent content = BlobContent.ofFile(layer.blob(), layer.digest(), layer.size());
        context.runOnContext(v -> {
            for (RepositoryName repo : repositories) {
                long started = System.nanoTime();
                client.throttle().run(() -> client.repository(repo, Access.PUSH).uploadNewBlob(content))
                        .onSuccess(outcome -> LOG.info("Pushed layer {} ({}) to {}: {} in {} ms",
                                layer.digest().shortForm(), RemoteImages.size(layer.size()), repo,
                                outcome.name().toLowerCase(java.util.Locale.ROOT),
                                (System.nanoTime() - started) / 1_000_000))
                        .onFailure(e -> LOG.debug("Early upload of {} to {} failed; the push will retry: {}",
                                layer.digest().shortForm(), repo, BuildException.describe(e)));
            }
        });
    }
}
