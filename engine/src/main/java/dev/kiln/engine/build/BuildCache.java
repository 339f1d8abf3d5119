package dev.kiln.engine.build;

import dev.kiln.engine.cache.CacheEntry;
import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.LayerCache;
import dev.kiln.engine.cache.key.PlanKeys;
import dev.kiln.engine.cache.key.StageKeys;
import dev.kiln.engine.cache.key.StepKey;
import dev.kiln.engine.image.Layer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One build's use of the layer cache ({@code --cache}): the keys of every step, computed before any step runs;
 * a probe per cacheable step, all started at once; the stores of the steps that missed, run while the build
 * goes on and joined before the build reports its result.
 *
 * <p>Docker's rule decides what a stage uses: the hits up to its first miss; everything after a miss runs (a
 * step that is never cached, such as {@code COPY} without {@code --cache-copy-layers}, runs but does not end
 * the run of hits, as in kaniko). Probes never fail (a bad entry is a miss, with a warning); a failed store is
 * a warning. Thread-safe: stages of one build use it concurrently.
 */
final class BuildCache {

    private static final Logger LOG = LoggerFactory.getLogger(BuildCache.class);

    private final LayerCache cache;
    private final CacheOptions options;
    private final PlanKeys keys;
    private final Context context;
    private final Map<CacheKey, Future<Optional<CacheEntry>>> probes = new ConcurrentHashMap<>();
    private final List<Future<Void>> stores = new ArrayList<>();

    private BuildCache(LayerCache cache, CacheOptions options, PlanKeys keys, Context context) {
        this.cache = cache;
        this.options = options;
        this.keys = keys;
        this.context = context;
    }

    /**
     * Starts a probe for every cacheable step of every stage in {@code stages} (on {@code context}, whose event
     * loop does the I/O); returns at once.
     */
    static BuildCache start(LayerCache cache, CacheOptions options, PlanKeys keys, List<Integer> stages,
            Context context) {
        BuildCache build = new BuildCache(cache, options, keys, context);
        Set<CacheKey> wanted = new LinkedHashSet<>();
        for (int stage : stages) {
            for (StepKey step : keys.stage(stage).steps()) {
                if (step instanceof StepKey.Cached c) {
                    wanted.add(c.chain());
                }
            }
        }
        LOG.info("Looking up {} cached layer{} in {}", wanted.size(), wanted.size() == 1 ? "" : "s",
                cache.describe());
        for (CacheKey key : wanted) {
            Promise<Optional<CacheEntry>> promise = Promise.promise();
            build.probes.put(key, promise.future());
            context.runOnContext(v -> cache.probe(key).recover(t -> {
                LOG.warn("Cache lookup of {} in {} failed, a miss: {}", key.shortForm(), cache.describe(),
                        BuildException.describe(t));
                return Future.succeededFuture(Optional.empty());
            }).onComplete(promise));
        }
        return build;
    }

    /** The keys of stage {@code index}. */
    StageKeys stage(int index) {
        return keys.stage(index);
    }

    /** The probe of {@code key}'s entry; blocking (virtual or worker thread). */
    Optional<CacheEntry> lookup(CacheKey key) throws InterruptedException {
        Future<Optional<CacheEntry>> probe = probes.get(key);
        return probe == null ? Optional.empty() : Blocking.await(probe);
    }

    /**
     * Whether stage {@code index} will run some filesystem step (so its base files are needed): a step that is
     * never cached, or a cacheable one that misses before the stage's hits run out.
     */
    Future<Boolean> runsSteps(int index) {
        return runsFrom(keys.stage(index).steps(), 0);
    }

    private Future<Boolean> runsFrom(List<StepKey> steps, int from) {
        for (int i = from; i < steps.size(); i++) {
            switch (steps.get(i)) {
                case StepKey.Uncached u -> {
                    return Future.succeededFuture(true);
                }
                case StepKey.Cached c -> {
                    int next = i + 1;
                    return probes.get(c.chain()).compose(hit -> hit.isEmpty() ? Future.succeededFuture(true)
                            : runsFrom(steps, next));
                }
                case StepKey.Metadata m -> {
                    // config only
                }
            }
        }
        return Future.succeededFuture(false);
    }

    /** Stores what the step with {@code key} produced, unless {@code --no-push-cache}; returns at once. */
    void store(CacheKey key, Optional<Layer> layer) {
        if (!options.push()) {
            return;
        }
        Promise<Void> done = Promise.promise();
        synchronized (stores) {
            stores.add(done.future());
        }
        context.runOnContext(v -> cache.store(key, layer).onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("Stored cache entry {} in {}", key.shortForm(), cache.describe());
            } else {
                LOG.warn("Could not store cache entry {} in {} (the build goes on): {}", key.shortForm(),
                        cache.describe(), BuildException.describe(ar.cause()));
            }
            done.complete();
        }));
    }

    /** Completes when every store started so far has ended (they never fail this future). */
    Future<Void> settled() {
        List<Future<Void>> all;
        synchronized (stores) {
            all = List.copyOf(stores);
        }
        return Future.join(all).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    /** The cache, for messages. */
    String describe() {
        return cache.describe();
    }
}
