package dev.kiln.engine.build;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.image.remote.ImmutableTagErrors;
import dev.kiln.engine.image.tarball.DockerArchive;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.RegistryClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the finished image where the request says, all at once: pushed to every {@code --destination}
 * (blobs first, most of them already uploaded while the build ran, manifests last), a docker-save tarball
 * ({@code --tar-path}) and an OCI layout ({@code --oci-layout-path}). Stateless.
 */
final class Outputs {

    private static final Logger LOG = LoggerFactory.getLogger(Outputs.class);

    private Outputs() {
    }

    static Future<BuildResult> write(Vertx vertx, RegistryClient client, BuildRequest request, Image image) {
        List<Future<?>> all = new ArrayList<>();
        Future<Descriptor> descriptor = Blocking.run(vertx, "describe", image::descriptor);
        all.add(descriptor);
        request.tarPath().ifPresent(path -> all.add(Blocking.run(vertx, "tarball", () -> {
            LOG.info("Writing image to tarball {}", path);
            DockerArchive.write(path, image, request.destinations().stream().map(ImageReference::toString).toList());
            return null;
        })));
        request.ociLayoutPath().ifPresent(path -> all.add(Blocking.run(vertx, "oci-layout", () -> {
            LOG.info("Writing image to OCI layout {}", path);
            OciLayout.create(path).writeImage(image, layoutTag(request));
            return null;
        })));
        boolean push = request.pushes();
        if (push) {
            LOG.info("Pushing image to {}", String.join(", ",
                    request.destinations().stream().map(ImageReference::toString).toList()));
            all.add(push(client, request, image));
        } else if (!request.destinations().isEmpty()) {
            LOG.info("Skipping push to container registry due to --no-push flag");
        }
        return Future.all(all).map(v -> new BuildResult(image, descriptor.result(),
                push ? request.destinations() : List.of()));
    }

    /**
     * Pushes to every destination at once; with {@code --push-ignore-immutable-tag-errors} one destination
     * at a time (as kaniko), so that a refused immutable tag is told apart from other failures.
     */
    private static Future<Descriptor> push(RegistryClient client, BuildRequest request, Image image) {
        ImagePusher pusher = new ImagePusher(client);
        if (!request.ignoreImmutableTags()) {
            return pusher.push(image, request.destinations()).onSuccess(d -> request.destinations()
                    .forEach(dest -> LOG.info("Pushed {}@{}", dest.context(), d.digest())));
        }
        List<Future<Descriptor>> each = new ArrayList<>();
        for (ImageReference dest : request.destinations()) {
            each.add(pusher.push(image, List.of(dest)).onSuccess(d -> LOG.info("Pushed {}@{}", dest.context(),
                    d.digest())).recover(e -> {
                        if (ImmutableTagErrors.isImmutableTagError(e)) {
                            LOG.warn("Immutable tag error ignored for {}: {}", dest, BuildException.describe(e));
                            return Future.succeededFuture(null);
                        }
                        return Future.failedFuture(e);
                    }));
        }
        return Future.all(each).map(v -> null);
    }

    /** The tag in the layout: the first destination's, else {@code latest}. */
    private static String layoutTag(BuildRequest request) {
        return request.destinations().stream().map(ImageReference::tag).filter(t -> t != null && !t.isEmpty())
                .findFirst().orElse("latest");
    }
}
