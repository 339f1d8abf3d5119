package dev.kiln.engine.image.remote;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.Access;
import dev.kiln.engine.registry.BlobContent;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryException;
import dev.kiln.engine.registry.RemoteRepository;
import dev.kiln.engine.registry.UploadOutcome;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes an {@link Image} or {@link ImageIndex} to several destinations at once: the registry sink of the
 * {@code image} package.
 *
 * <p>Blobs go first, manifests last (a registry refuses a manifest whose blobs it lacks). Each blob is put
 * into each destination repository once, however many tags point there; in parallel across blobs, bounded by
 * the client's {@link RegistryClient#throttle()}. Destinations on the same registry share the work: the first
 * repository of a registry uploads, the others wait for it and then mount from it (falling back to an upload
 * when the registry refuses). A layer that names a repository it can be mounted from
 * ({@link Layer#mountableFrom()}: read from a registry, a layer-cache hit) on the destination's registry is
 * mounted from there, so its bytes are neither downloaded nor uploaded (the upload checks with {@code HEAD}
 * first, and a refused mount falls back to an upload, which reads the layer only then). An index pushes its images (and nested indexes) by digest, then itself under
 * each destination's tag. A destination given by digest must match what is pushed.
 *
 * <p>Thread-safe and non-blocking: the image's accessors (which may block) run on worker threads, layer
 * bytes are read on worker threads while they stream out.
 */
public final class ImagePusher {

    private final RegistryClient client;

    public ImagePusher(RegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Pushes {@code image} to every destination; the descriptor of its manifest. */
    public Future<Descriptor> push(Image image, List<ImageReference> destinations) {
        List<ImageReference> dests = checked(destinations);
        return new Run().image(image, targets(dests), "push image to " + names(dests));
    }

    /** Pushes {@code index}, its images and nested indexes to every destination; the index's descriptor. */
    public Future<Descriptor> push(ImageIndex index, List<ImageReference> destinations) {
        List<ImageReference> dests = checked(destinations);
        return new Run().index(index, targets(dests), "push index to " + names(dests));
    }

    /** Where one manifest goes: a repository and the tag or digest to put it under (null: its digest). */
    private record Target(RepositoryName repository, String reference, Digest pinned) {
    }

    /** One push: the uploads it started, so a blob goes into a repository once per push. */
    private final class Run {
        private final Map<String, Future<UploadOutcome>> uploads = new ConcurrentHashMap<>();

        Future<Descriptor> image(Image image, List<Target> targets, String action) {
            return client.vertx().executeBlocking(() -> new Parts(image), false).compose(parts -> {
                List<RepositoryName> repos = targets.stream().map(Target::repository).distinct().toList();
                Map<RepositoryName, List<Future<?>>> perRepo = new LinkedHashMap<>();
                for (RepositoryName repo : repos) {
                    List<Future<?>> mine = new ArrayList<>();
                    for (BlobContent blob : parts.blobs) {
                        mine.add(upload(repo, primary(repos, repo), blob, parts.origins.get(blob.digest())));
                    }
                    perRepo.put(repo, mine);
                }
                List<Future<?>> manifests = new ArrayList<>();
                for (Target t : targets) {
                    manifests.add(Future.all(perRepo.get(t.repository()))
                            .compose(v -> putManifest(t, parts.raw, parts.mediaType, parts.digest, action)));
                }
                return Future.all(manifests).map(v -> Descriptor.of(parts.mediaType, parts.digest, parts.raw.length));
            });
        }

        Future<Descriptor> index(ImageIndex index, List<Target> targets, String action) {
            return client.vertx().executeBlocking(() -> new IndexParts(index), false).compose(parts -> {
                List<Future<?>> children = new ArrayList<>();
                for (Object child : parts.children) {
                    List<Target> byDigest = targets.stream().map(Target::repository).distinct()
                            .map(r -> new Target(r, null, null)).toList();
                    children.add(child instanceof Image i ? image(i, byDigest, action)
                            : index((ImageIndex) child, byDigest, action));
                }
                return Future.all(children).compose(v -> {
                    List<Future<?>> puts = new ArrayList<>();
                    for (Target t : targets) {
                        puts.add(putManifest(t, parts.raw, parts.mediaType, parts.digest, action));
                    }
                    return Future.all(puts);
                }).map(v -> Descriptor.of(parts.mediaType, parts.digest, parts.raw.length));
            });
        }

        /**
         * Uploads {@code blob} to {@code repo}; a secondary repository waits for its registry's primary first. The
         * primary tries a mount from {@code origin} (may be null; see {@link RemoteRepository#uploadBlob}).
         */
        private Future<UploadOutcome> upload(RepositoryName repo, RepositoryName primary, BlobContent blob,
                                             RepositoryName origin) {
            String key = repo + "@" + blob.digest();
            Future<UploadOutcome> known = uploads.get(key);
            if (known != null) {
                return known;
            }
            RemoteRepository target = client.repository(repo, Access.PUSH);
            Future<UploadOutcome> started;
            if (repo.equals(primary)) {
                started = client.throttle().run(() -> target.uploadBlob(blob, origin));
            } else {
                // Wait outside the throttle, then mount from the primary (or upload if that failed).
                started = upload(primary, primary, blob, origin).transform(ar ->
                        client.throttle().run(() -> target.uploadBlob(blob, ar.succeeded() ? primary : null)));
            }
            Future<UploadOutcome> winner = uploads.putIfAbsent(key, started);
            return winner != null ? winner : started;
        }

        private Future<Descriptor> putManifest(Target t, byte[] raw, MediaType type, Digest digest, String action) {
            if (t.pinned() != null && !t.pinned().equals(digest)) {
                return Future.failedFuture(new RegistryException(action, "destination " + t.repository() + "@"
                        + t.pinned() + " names another digest than the pushed " + digest));
            }
            String reference = t.reference() != null ? t.reference() : digest.toString();
            return client.repository(t.repository(), Access.PUSH).putManifest(reference, raw, type);
        }
    }

    /** What an image push needs, read once on a worker thread. */
    private static final class Parts {
        final byte[] raw;
        final MediaType mediaType;
        final Digest digest;
        final List<BlobContent> blobs = new ArrayList<>();
        /** Layer digest to the repository it can be mounted from, for layers that name one. */
        final Map<Digest, RepositoryName> origins = new HashMap<>();

        Parts(Image image) {
            raw = image.rawManifest();
            mediaType = image.mediaType();
            digest = image.digest();
            blobs.add(BlobContent.of(image.rawConfig()));
            for (Layer layer : image.layers()) {
                if (layer.mediaType().isDistributable()) {
                    blobs.add(BlobContent.ofStream(layer.digest(), layer.size(), layer::openCompressed));
                    layer.mountableFrom().ifPresent(origin -> origins.putIfAbsent(layer.digest(), origin));
                }
            }
        }
    }

    /** What an index push needs: its bytes and its children (images or indexes), read on a worker thread. */
    private static final class IndexParts {
        final byte[] raw;
        final MediaType mediaType;
        final Digest digest;
        final List<Object> children = new ArrayList<>();

        IndexParts(ImageIndex index) {
            raw = index.rawManifest();
            mediaType = index.mediaType();
            digest = index.digest();
            for (Descriptor d : index.indexManifest().manifests()) {
                children.add(d.mediaType().isIndex() ? index.imageIndex(d.digest()) : index.image(d.digest()));
            }
        }
    }

    /** The first repository of {@code repo}'s registry in {@code repos}. */
    private static RepositoryName primary(List<RepositoryName> repos, RepositoryName repo) {
        return repos.stream().filter(r -> r.registry().equals(repo.registry())).findFirst().orElse(repo);
    }

    private static List<Target> targets(List<ImageReference> destinations) {
        return destinations.stream().map(d -> new Target(d.context(), d.tag(), d.digest())).toList();
    }

    private static List<ImageReference> checked(List<ImageReference> destinations) {
        if (destinations == null || destinations.isEmpty()) {
            throw new IllegalArgumentException("push: no destinations");
        }
        return List.copyOf(destinations);
    }

    private static String names(List<ImageReference> destinations) {
        return String.join(", ", destinations.stream().map(ImageReference::toString).toList());
    }
}
