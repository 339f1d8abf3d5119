package dev.kiln.engine.build;

import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.layer.write.LayerWriteOptions;
import dev.kiln.engine.run.Isolation;
import dev.kiln.engine.run.RunHandle;
import dev.kiln.engine.snapshot.IndexOptions;
import dev.kiln.engine.step.copy.CopyOperation;
import dev.kiln.engine.step.run.RunStep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What every stage of one build shares: the request and plan, the work directory, the context, image
 * sources, the RUN and COPY machinery, layer and snapshot options, layer uploads, the results of finished
 * stages, and the RUNs in flight (so a failure elsewhere can stop them).
 *
 * <p>Thread-safe: the parts are immutable or thread-safe, the maps and sets are concurrent.
 */
final class BuildServices {
    final Vertx vertx;
    final BuildRequest request;
    final Plan plan;
    final WorkDir workDir;
    final LocalContext context;
    final ImageSources images;
    final Isolation isolation;
    final RunStep runStep;
    final CopyOperation copy;
    final LayerWriteOptions layerOptions;
    final IndexOptions indexOptions;
    final LayerUploads uploads;
    final Clock clock;
    /** The root of an in-place build, where every stage runs one after the other; null otherwise. */
    final InPlaceRoot inPlace;
    /** The layer cache with {@code --cache}; null without. */
    final BuildCache cache;
    final Semaphore stageSlots;
    final Map<Integer, Future<StageResult>> stages = new ConcurrentHashMap<>();
    final Set<RunHandle> running = ConcurrentHashMap.newKeySet();
    volatile boolean cancelled;

    BuildServices(Vertx vertx, BuildRequest request, Plan plan, WorkDir workDir, LocalContext context,
            ImageSources images, Isolation isolation, RunStep runStep, CopyOperation copy,
            LayerWriteOptions layerOptions, IndexOptions indexOptions, LayerUploads uploads, Clock clock,
            InPlaceRoot inPlace, BuildCache cache) {
        this.vertx = vertx;
        this.request = request;
        this.plan = plan;
        this.workDir = workDir;
        this.context = context;
        this.images = images;
        this.isolation = isolation;
        this.runStep = runStep;
        this.copy = copy;
        this.layerOptions = layerOptions;
        this.indexOptions = indexOptions;
        this.uploads = uploads;
        this.clock = clock;
        this.inPlace = inPlace;
        this.cache = cache;
        this.stageSlots = new Semaphore(request.maxParallelStages());
    }

    /** Stops every RUN in flight and keeps new ones from starting. */
    void cancel() {
        cancelled = true;
        running.forEach(RunHandle::cancel);
    }

    /** The result of a stage that must have finished (the plan orders dependencies first); blocking. */
    StageResult finished(int index) throws InterruptedException {
        Future<StageResult> f = stages.get(index);
        if (f == null) {
            throw new IllegalStateException("stage " + index + " was not scheduled before a stage that needs it");
        }
        return Blocking.await(f);
    }
}
