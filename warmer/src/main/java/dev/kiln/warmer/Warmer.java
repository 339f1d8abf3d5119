package dev.kiln.warmer;

import dev.kiln.engine.build.Blocking;
import dev.kiln.engine.build.BuildException;
import dev.kiln.engine.cache.base.BaseImageCache;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fills a {@link BaseImageCache} with images from their registries, all at once: each image is looked up in
 * the cache first (a fresh one is skipped, as kaniko's "Image already in cache", unless {@code force}), then
 * pulled with every layer (in parallel, bounded by the client's throttle, verified) into a scratch directory
 * of the cache and stored. One image failing does not stop the others.
 *
 * <p>Thread-safe; {@link #warm} never blocks the caller (file work runs on virtual threads).
 */
final class Warmer {

    private static final Logger LOG = LoggerFactory.getLogger(Warmer.class);

    /** What became of one target. */
    sealed interface Outcome {
        WarmTarget target();
    }

    /** The image was fresh in the cache; nothing was fetched. */
    record Skipped(WarmTarget target) implements Outcome {
    }

    /** The image was pulled and stored ({@code entry.written()} is false when a concurrent writer was first). */
    record Cached(WarmTarget target, BaseImageCache.Entry entry) implements Outcome {
    }

    /** The image could not be cached, and why. */
    record Failed(WarmTarget target, String reason) implements Outcome {
    }

    private final Vertx vertx;
    private final RegistryClient client;
    private final BaseImageCache cache;
    private final boolean force;

    Warmer(Vertx vertx, RegistryClient client, BaseImageCache cache, boolean force) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.force = force;
    }

    /** Warms every target concurrently; the outcomes in the order of {@code targets}. Never fails. */
    Future<List<Outcome>> warm(List<WarmTarget> targets) {
        List<Future<Outcome>> all = new ArrayList<>();
        for (WarmTarget t : targets) {
            all.add(warmOne(t));
        }
        return Future.join(all).transform(done -> {
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : all) {
                out.add(f.result());
            }
            return Future.succeededFuture(out);
        });
    }

    private Future<Outcome> warmOne(WarmTarget t) {
        Future<Boolean> fresh = force ? Future.succeededFuture(false)
                : Blocking.run(vertx, "cache-lookup", () -> cache.lookup(t.reference(), t.platform()).isPresent());
        return fresh.compose(present -> {
            if (present) {
                LOG.info("Image already in cache: {}", t);
                return Future.<Outcome>succeededFuture(new Skipped(t));
            }
            return pullAndStore(t);
        }).recover(e -> {
            String reason = describe(e);
            LOG.error("Failed to cache {}: {}", t, reason);
            return Future.succeededFuture(new Failed(t, reason));
        });
    }

    private Future<Outcome> pullAndStore(WarmTarget t) {
        return Blocking.run(vertx, "cache-scratch", cache::scratch).compose(scratch -> {
            LOG.info("Retrieving image manifest {}", t.reference());
            RemoteImages remote = new RemoteImages(client, scratch.path());
            long started = System.nanoTime();
            return remote.pull(t.reference(), t.platform())
                    .compose(image -> Blocking.run(vertx, "cache-store",
                            () -> cache.store(t.reference(), t.platform(), image, force)))
                    .<Outcome>map(entry -> {
                        LOG.info("Cached {} as {} in {} ms", t, entry.digest(),
                                (System.nanoTime() - started) / 1_000_000);
                        return new Cached(t, entry);
                    })
                    .eventually(() -> Blocking.run(vertx, "cache-scratch", () -> {
                        scratch.close();
                        return null;
                    }));
        });
    }

    /** The failure as the last line names it: typed errors by their message (which names action and object). */
    static String describe(Throwable e) {
        Throwable t = BuildException.unwrap(e);
        String m = t instanceof ImageException || t instanceof RegistryException ? t.getMessage()
                : ImageException.describe(t);
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
