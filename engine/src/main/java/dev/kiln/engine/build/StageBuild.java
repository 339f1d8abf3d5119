package dev.kiln.engine.build;

import dev.kiln.engine.cache.CacheEntry;
import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.cache.key.StageKeys;
import dev.kiln.engine.cache.key.StepKey;
import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.Workdir;
import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Scope;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.layer.write.SnapshotLayers;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.run.OutputLine;
import dev.kiln.engine.run.RunHandle;
import dev.kiln.engine.run.RunResult;
import dev.kiln.engine.snapshot.ChangeSet;
import dev.kiln.engine.snapshot.IgnoreList;
import dev.kiln.engine.snapshot.Snapshotter;
import dev.kiln.engine.step.config.ConfigChange;
import dev.kiln.engine.step.config.ConfigSteps;
import dev.kiln.engine.step.config.HistoryText;
import dev.kiln.engine.step.config.StageConfig;
import dev.kiln.engine.step.config.Workdirs;
import dev.kiln.engine.step.copy.CopySource;
import dev.kiln.engine.step.run.MountSources;
import dev.kiln.engine.step.run.PreparedRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the steps of one stage, one after the other, on the calling (virtual) thread: metadata steps change
 * the config and add an {@code empty_layer} history entry; filesystem steps ({@code RUN}, {@code COPY},
 * {@code ADD}, {@code WORKDIR}) change the stage's rootfs, and a snapshot after each turns what changed into
 * a layer (or into an {@code empty_layer} entry when nothing did), which starts uploading at once.
 *
 * <p>The rootfs is materialised at the first filesystem step (a stage of metadata steps only never
 * extracts its base). Not thread-safe: one instance per stage run.
 */
final class StageBuild {

    private static final Logger LOG = LoggerFactory.getLogger(StageBuild.class);

    private final BuildServices services;
    private final BuildStage stage;
    private final String name;
    private final Platform platform;
    private Image base;
    private Path rootfs;
    private Snapshotter snapshotter;
    private final List<Layer> layers = new ArrayList<>();
    private String lastFilesystemStep;
    /** The keys of the stage's steps with {@code --cache}; null without. */
    private final StageKeys keys;
    /** Whether a cacheable step missed: every later step runs (Docker's rule). */
    private boolean missed;
    /** The key the running step's result is stored under; null when it is not stored. */
    private CacheKey storeAs;

    /**
     * A cached layer this stage used could not be read (missing or corrupt blob, unreachable cache): the
     * stage's files are incomplete, and the stage must be built again without its hits.
     */
    static final class UnreadableHit extends Exception {
        UnreadableHit(Throwable cause) {
            super(BuildException.describe(cause), cause);
        }
    }

    StageBuild(BuildServices services, BuildStage stage) {
        this(services, stage, true);
    }

    /** With {@code useHits} false, every step runs (and what is cacheable is stored again). */
    StageBuild(BuildServices services, BuildStage stage, boolean useHits) {
        this.services = services;
        this.stage = stage;
        this.name = stage.displayName();
        this.platform = stage.platform().orElse(services.request.platform());
        // a single snapshot has no per-step layers to look up or store
        this.keys = services.cache == null || services.request.singleSnapshot() ? null
                : services.cache.stage(stage.index());
        this.missed = !useHits;
    }

    /** Runs the stage; its image and (if materialised) its rootfs. Blocking. */
    StageResult run() throws Exception {
        base = baseImage();
        List<Step> steps = stage.steps();
        Scope first = steps.isEmpty() ? stage.exit().orElseThrow() : steps.getFirst().scope();
        Optional<ImageConfig> baseConfig = stage.base() instanceof Source.Scratch ? Optional.empty()
                : Optional.of(base.config());
        StageConfig state = StageConfig.initial(baseConfig, platform, first);
        LOG.info("Building stage {} FROM {}", name, stage.baseName());
        for (int i = 0; i < steps.size(); i++) {
            if (services.cancelled) {
                throw new BuildCancelledException("build stage " + name + ": cancelled");
            }
            Step step = steps.get(i);
            Scope next = i + 1 < steps.size() ? steps.get(i + 1).scope() : stage.exit().orElseThrow();
            String label = "stage " + name + ", step " + (i + 1) + "/" + steps.size() + " \""
                    + abbreviate(step.instruction().original()) + "\"";
            LOG.info("[{} {}/{}] {}", name, i + 1, steps.size(), step.instruction().original());
            try {
                state = cachedStep(state, step, next, i + 1, keys == null ? null : keys.steps().get(i));
            } catch (BuildException | UnreadableHit e) {
                throw e;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new BuildException("build " + label + (step.isTrigger() ? " (ONBUILD trigger)" : ""), e);
            }
        }
        ImageConfig config = state.config();
        if (services.request.singleSnapshot() && rootfs != null) {
            Optional<WrittenLayer> written = SnapshotLayers.write(rootfs, snapshotter.sinceStart(),
                    services.layerOptions, services.workDir.blobs());
            if (written.isPresent()) {
                config = config.withLayer(written.get().diffId(),
                        entry(lastFilesystemStep == null ? "single snapshot" : lastFilesystemStep, false));
                addLayer(written.get());
            }
        }
        Image image = assemble(config);
        // in place, the next stage wipes the root: a later reader extracts this stage's image instead
        return new StageResult(stage, image, services.inPlace != null ? null : rootfs);
    }

    /**
     * Runs a step, or uses its cache entry: a hit up to the stage's first miss is applied without running the
     * step (its layer referenced while the stage has no rootfs, extracted into it otherwise); a cacheable step
     * that runs has its result stored.
     */
    private StageConfig cachedStep(StageConfig state, Step step, Scope next, int number, StepKey key)
            throws Exception {
        if (key instanceof StepKey.Cached c && !missed) {
            Optional<CacheEntry> hit = services.cache.lookup(c.chain());
            if (hit.isPresent()) {
                return applyHit(state, step, next, hit.get());
            }
            missed = true;
            LOG.info("[{}] No cached layer for key {}: running the step and the rest of the stage", name,
                    c.chain().shortForm());
        }
        storeAs = key instanceof StepKey.Cached c ? c.chain() : null;
        try {
            return step(state, step, next, number);
        } finally {
            storeAs = null;
        }
    }

    /** Applies a cache entry in place of running the step. */
    private StageConfig applyHit(StageConfig state, Step step, Scope next, CacheEntry hit) throws Exception {
        StageConfig after = state;
        String createdBy = HistoryText.createdBy(step, state.config());
        if (step.instruction() instanceof Workdir) {
            ConfigChange change = ConfigSteps.apply(state, step, next);
            after = change.state();
            createdBy = change.createdBy();
        }
        lastFilesystemStep = createdBy;
        if (hit.layer().isEmpty()) {
            LOG.info("[{}] Using cache entry {}: the step changed no file", name, hit.key().shortForm());
            return new StageConfig(after.config().withHistory(entry(createdBy, true)), after.cmdSet());
        }
        Layer layer = hit.layer().get();
        LOG.info("[{}] Using cached layer {} (key {})", name, layer.digest().shortForm(), hit.key().shortForm());
        if (rootfs != null) {
            // the stage runs steps already: the files must be there for the next ones
            try {
                StageRoot.applyLayer(layer, rootfs);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new UnreadableHit(e);
            }
            snapshotter.snapshot(IgnoreList.none()); // the cached layer is not this stage's change
        }
        layers.add(layer);
        return new StageConfig(after.config().withLayer(layer.diffId(), entry(createdBy, false)), after.cmdSet());
    }

    private StageConfig step(StageConfig state, Step step, Scope next, int number) throws Exception {
        String createdBy = HistoryText.createdBy(step, state.config());
        return switch (step.instruction()) {
            case Run r -> {
                materialise();
                yield recordFilesystemStep(state, createdBy, runCommand(step, state, number));
            }
            case Copy c -> {
                materialise();
                copy(step, state);
                yield recordFilesystemStep(state, createdBy, IgnoreList.none());
            }
            case Add a -> {
                materialise();
                copy(step, state);
                yield recordFilesystemStep(state, createdBy, IgnoreList.none());
            }
            case Workdir w -> {
                ConfigChange change = ConfigSteps.apply(state, step, next);
                if (HistoryText.emptyLayer(step, change.state().config())) {
                    // WORKDIR / creates nothing: no rootfs needed
                    yield new StageConfig(change.state().config().withHistory(entry(change.createdBy(), true)),
                            change.state().cmdSet());
                }
                materialise();
                Workdirs.create(rootfs, change.state().config().config().workingDir(),
                        change.state().config().config().user());
                yield recordFilesystemStep(change.state(), change.createdBy(), IgnoreList.none());
            }
            default -> {
                ConfigChange change = ConfigSteps.apply(state, step, next);
                yield change.recordsHistory()
                        ? new StageConfig(change.state().config().withHistory(entry(change.createdBy(), true)),
                                change.state().cmdSet())
                        : change.state();
            }
        };
    }

    /** Runs a RUN step; the snapshot ignores for its mount targets. */
    private IgnoreList runCommand(Step step, StageConfig state, int number) throws Exception {
        MountSources sources = SourceRoots.forMounts(services);
        try (PreparedRun prepared = services.runStep.prepare(step, state.config(), sources, name, number)) {
            LOG.info("Running: {}", prepared.spec().displayCommand());
            long started = System.nanoTime();
            RunHandle handle = services.isolation.start(rootfs, prepared.spec(), this::output);
            services.running.add(handle);
            RunResult result;
            try {
                if (services.cancelled) {
                    handle.cancel();
                }
                result = handle.await();
            } finally {
                services.running.remove(handle);
            }
            if (result.status() == RunResult.Status.CANCELLED) {
                throw new BuildCancelledException("build stage " + name + ", step " + number + ": cancelled");
            }
            if (!result.succeeded()) {
                throw new BuildException("build stage " + name + ", step " + number + "/" + stage.steps().size()
                        + ": " + result.failureMessage().orElse("RUN failed"),
                        result.status() == RunResult.Status.EXITED ? result.exitCode() : 1, null);
            }
            LOG.debug("[{}] RUN took {} ms under {}", name, (System.nanoTime() - started) / 1_000_000,
                    result.isolation());
            return prepared.ignores();
        }
    }

    private void copy(Step step, StageConfig state) throws Exception {
        String workdir = state.config().config().workingDir();
        var request = dev.kiln.engine.step.config.Words.copyRequest(step, workdir == null || workdir.isEmpty()
                ? "/" : workdir);
        Source source = step.sources().isEmpty() ? new Source.Context() : step.sources().getFirst();
        CopySource from = switch (source) {
            case Source.Context c -> CopySource.context(services.context);
            case Source.Stage s -> new CopySource.Directory("stage \""
                    + services.plan.stages().get(s.index()).displayName() + "\"", SourceRoots.of(services, s));
            case Source.Image i -> new CopySource.Directory("image " + i.reference().familiar(), SourceRoots.of(services, i));
            case Source.Scratch s -> throw new BuildException("COPY from scratch is not possible");
        };
        services.copy.apply(request, from, rootfs);
    }

    /** Snapshots after a filesystem step: a layer when something changed, else an empty history entry. */
    private StageConfig recordFilesystemStep(StageConfig state, String createdBy, IgnoreList ignores)
            throws IOException {
        lastFilesystemStep = createdBy;
        if (services.request.singleSnapshot()) {
            return new StageConfig(state.config().withHistory(entry(createdBy, true)), state.cmdSet());
        }
        long started = System.nanoTime();
        ChangeSet changes = snapshotter.snapshot(ignores);
        long snapshotted = System.nanoTime();
        Optional<WrittenLayer> written = SnapshotLayers.write(rootfs, changes, services.layerOptions,
                services.workDir.blobs());
        LOG.debug("[{}] snapshot: {} changes in {} ms, layer written in {} ms", name, changes.size(),
                (snapshotted - started) / 1_000_000, (System.nanoTime() - snapshotted) / 1_000_000);
        if (written.isEmpty()) {
            LOG.debug("No files changed: no layer for \"{}\"", createdBy);
            if (storeAs != null) {
                services.cache.store(storeAs, Optional.empty());
            }
            return new StageConfig(state.config().withHistory(entry(createdBy, true)), state.cmdSet());
        }
        Layer layer = addLayer(written.get());
        if (storeAs != null) {
            services.cache.store(storeAs, Optional.of(layer));
        }
        return new StageConfig(state.config().withLayer(written.get().diffId(), entry(createdBy, false)),
                state.cmdSet());
    }

    private Layer addLayer(WrittenLayer w) {
        Layer layer = Layers.fromBlobFile(w.blob(), Descriptor.of(w.mediaType(), w.digest(), w.size()), w.diffId());
        layers.add(layer);
        services.uploads.start(w);
        return layer;
    }

    /** Makes the stage's rootfs exist and starts the snapshotter on it, once. */
    private void materialise() throws Exception {
        if (rootfs != null) {
            return;
        }
        try {
            rootfs = StageRoot.materialise(services, stage, base, List.copyOf(layers));
        } catch (InterruptedException | BuildCancelledException e) {
            throw e;
        } catch (Exception e) {
            // before the first step that runs, every layer on top of the base is a cache hit
            throw layers.isEmpty() ? e : new UnreadableHit(e);
        }
        long started = System.nanoTime();
        snapshotter = Snapshotter.start(rootfs, services.indexOptions);
        LOG.debug("[{}] rootfs ready in {}; first index in {} ms", name, rootfs, (System.nanoTime() - started) / 1_000_000);
    }

    private Image baseImage() throws Exception {
        return switch (stage.base()) {
            case Source.Scratch s -> Mutate.empty(ImageConfig.of(platform),
                    services.request.imageFormat().orElse(ImageFormat.OCI));
            case Source.Stage s -> services.finished(s.index()).image();
            case Source.Image i -> Blocking.await(services.images.image(i.reference(), stage.platform()));
            case Source.Context c -> throw new IllegalStateException("a stage cannot start from the context");
        };
    }

    private Image assemble(ImageConfig config) {
        List<History> placeholders = layers.stream().map(l -> History.of(config.created(), "")).toList();
        // New layers take the base's media type family: convert the base first when a format is asked for, or
        // an OCI build's zstd layers could not be appended to a Docker base (Docker schema 2 has no zstd type).
        Image start = services.request.imageFormat().map(f -> Mutate.mediaTypes(base, f)).orElse(base);
        Image withLayers = layers.isEmpty() ? start : Mutate.appendLayers(start, layers, placeholders);
        return Mutate.config(withLayers, config);
    }

    private void output(OutputLine line) {
        LOG.info("[{}] {}", name, line.text());
    }

    /** A history entry as BuildKit writes it (its comment marks entries made from a Dockerfile). */
    private History entry(String createdBy, boolean emptyLayer) {
        return new History(now(), createdBy, "", HistoryText.COMMENT, emptyLayer);
    }

    private Instant now() {
        return services.request.reproducible() ? Instant.EPOCH : services.clock.instant();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
