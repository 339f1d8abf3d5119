package dev.kiln.engine.build;

import dev.kiln.engine.cache.LayerCache;
import dev.kiln.engine.cache.key.KeyInputs;
import dev.kiln.engine.cache.key.PlanKeys;
import dev.kiln.engine.cache.store.LayerCaches;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.plan.BaseImageResolver;
import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.dockerfile.plan.Planner;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.layer.write.LayerWriteOptions;
import dev.kiln.engine.layer.write.Timestamps;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.PushPermission;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.run.Isolation;
import dev.kiln.engine.run.IsolationKind;
import dev.kiln.engine.run.Isolations;
import dev.kiln.engine.snapshot.IgnoreList;
import dev.kiln.engine.snapshot.IndexOptions;
import dev.kiln.engine.step.config.ConfigSteps;
import dev.kiln.engine.step.copy.CopyOperation;
import dev.kiln.engine.step.copy.CopyOptions;
import dev.kiln.engine.step.run.RunStep;
import dev.kiln.engine.step.run.RunStepOptions;
import dev.kiln.engine.step.run.Secrets;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One build of a Dockerfile: plan, resolve base images, run the stages as a graph of futures, write the
 * outputs. The entry point of the engine for the executor.
 *
 * <p>How it overlaps work: the Dockerfile is planned once without base images; every image the plan names is
 * then resolved at once (manifests and configs in parallel, their layers starting to download into the layer
 * cache), and the plan is made again with the configs (for their {@code ENV} and {@code ONBUILD}). Each stage
 * is a future that starts when the stages it depends on are done, runs on its own virtual thread (at most
 * {@link BuildRequest#maxParallelStages()} at once) and writes its layers, which start uploading to the
 * destinations at once; the manifest is pushed last. The first failure cancels the RUNs of the other stages.
 *
 * <p>Not reusable: one instance per build. {@link #run()} never blocks the caller.
 */
public final class Build {

    private static final Logger LOG = LoggerFactory.getLogger(Build.class);
    private static final int MAX_PLANS = 8;

    private final Vertx vertx;
    private final RegistryClient client;
    private final BuildRequest request;
    private final Clock clock;
    private volatile BuildServices services;
    private volatile boolean cancelled;

    public Build(Vertx vertx, RegistryClient client, BuildRequest request) {
        this(vertx, client, request, Clock.systemUTC());
    }

    public Build(Vertx vertx, RegistryClient client, BuildRequest request, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.request = request;
        this.clock = clock;
    }

    /** Runs the build; the result once every output is written. */
    public Future<BuildResult> run() {
        Context context = vertx.getOrCreateContext();
        // kaniko checks push access before it builds; the check overlaps with preparing and resolving the
        // base images, and the stages wait for it.
        // The answer comes with the POST; the sessions it opened are cancelled while the build goes on, and
        // the build's future waits for that too (nothing is left open on the registry).
        PushPermission.Checked check = request.pushes() && request.checkPushPermission()
                ? PushPermission.start(client, request.destinations())
                : new PushPermission.Checked(Future.succeededFuture(), Future.succeededFuture());
        Future<Void> pushAccess = check.allowed().recover(e -> Future.failedFuture(
                new PushAccessException(BuildException.describe(e), e)));
        Future<Prepared> prepared = Blocking.run(vertx, "prepare", this::prepare);
        // The namespace probe starts a process: it runs while the base images resolve, and only the stages
        // wait for it.
        Future<RunIsolation> isolation = prepared.compose(p -> Blocking.run(vertx, "probe RUN isolation",
                () -> isolation(p.inPlace)));
        return prepared.compose(p -> {
            // With the layer cache, base layers download only for stages that run steps (see startCache).
            ImageSources images = new ImageSources(vertx, new RemoteImages(client, p.workDir.layerCache()),
                    p.workDir, request.platform(), !request.cache(),
                    request.baseImageCache(), pushAccess);
            return Future.all(pushAccess, resolve(p.dockerfile, images, new ConcurrentHashMap<>(), 0))
                    .map(all -> all.<Plan>resultAt(1))
                    // refused or unplannable before any stage started: the build's directory goes now
                    .recover(e -> Blocking.run(vertx, "cleanup", () -> {
                        cleanup(p.workDir);
                        return null;
                    }).transform(ignored -> Future.<Plan>failedFuture(e)))
                    .compose(plan -> {
                plan.warnings().forEach(w -> LOG.warn("{}", w));
                plan.images().forEach(ref -> images.image(ref, Optional.empty())
                        .onFailure(e -> LOG.debug("prefetch of {} failed: {}", ref, e.getMessage())));
                return Future.all(startCache(p, plan, images, context), isolation).compose(both -> {
                BuildCache cache = both.resultAt(0);
                BuildServices services = services(context, p, both.resultAt(1), plan, images, cache);
                this.services = services;
                if (cancelled) {
                    services.cancel();
                }
                return stages(services).compose(target -> Blocking.run(vertx, "finish", () -> finish(target)))
                        .compose(image -> Outputs.write(vertx, client, request, image))
                        // kaniko waits for its cache pushes too: an entry still uploading at exit is lost
                        .compose(result -> cache == null ? Future.succeededFuture(result)
                                : cache.settled().map(result))
                        .onFailure(e -> services.cancel())
                        // Every stage must have stopped (a failed one cancels the others) before the
                        // build's directory goes: a stage still extracting would leave files behind.
                        .eventually(() -> Future.join(new ArrayList<>(services.stages.values()))
                                .transform(settled -> Blocking.run(vertx, "cleanup", () -> {
                                    cleanup(p.workDir);
                                    return null;
                                })));
                });
            });
        }).recover(e -> Future.failedFuture(e instanceof BuildException ? e
                : new BuildException("build " + request.dockerfile(), e)))
                // nothing of the build outlives its future: the registry sessions, the probe's process
                .eventually(() -> Future.join(check.settled(), isolation).transform(x -> Future.succeededFuture()));
    }

    /**
     * Stops the build: every RUN in flight is killed with its whole process tree, no further step starts,
     * and {@link #run()}'s future fails. Callable from any thread (e.g. a shutdown hook on SIGTERM).
     */
    public void cancel() {
        cancelled = true;
        BuildServices s = services;
        if (s != null) {
            s.cancel();
        }
    }

    /** What the blocking preparation read. */
    private record Prepared(Dockerfile dockerfile, LocalContext context, WorkDir workDir, Secrets secrets,
            InPlaceRoot inPlace) {
    }

    /** How RUN steps execute: the kind asked for or probed, and the strategy. */
    private record RunIsolation(IsolationKind kind, Isolation runner) {
    }

    private Prepared prepare() throws Exception {
        // kaniko's guard comes first: nothing is read, written or deleted before it passed
        InPlaceRoot inPlace = request.inPlace() ? InPlaceRoot.open(request, ContainerCheck.ofThisHost()) : null;
        if (!Files.isRegularFile(request.dockerfile())) {
            throw new BuildException("read Dockerfile " + request.dockerfile() + ": no such file");
        }
        byte[] content = Files.readAllBytes(request.dockerfile());
        Dockerfile dockerfile = Dockerfile.parse(request.dockerfile().getFileName().toString(), content);
        dockerfile.warnings().forEach(w -> LOG.warn("{}", w));
        LocalContext context = LocalContext.open(request.context().toString(), request.dockerfile());
        Secrets secrets;
        try {
            secrets = Secrets.parse(request.secrets(), request.environment());
        } catch (IllegalArgumentException e) {
            throw new BuildException(e.getMessage());
        }
        WorkDir workDir = WorkDir.create(request.workDir());
        return new Prepared(dockerfile, context, workDir, secrets, inPlace);
    }

    private RunIsolation isolation(InPlaceRoot inPlace) {
        IsolationKind isolation = request.isolation().orElseGet(() -> {
            Isolations.Probe probe = Isolations.onThisHost().probe();
            if (!probe.available()) {
                LOG.warn("RUN isolation: namespaces are not available here ({}); using plain chroot", probe.detail());
            }
            return probe.available() ? IsolationKind.NAMESPACED : IsolationKind.CHROOT;
        });
        // Made here, off the event loop: the first Isolations call looks up the host tools on disk.
        Isolation runner = inPlace != null ? Isolations.onThisHost().inPlace(inPlace.root())
                : Isolations.onThisHost().of(isolation);
        return new RunIsolation(isolation, runner);
    }

    /** Plans, fetches the configs of unresolved base images, plans again until every base is known. */
    private Future<Plan> resolve(Dockerfile dockerfile, ImageSources images,
            Map<String, ImageConfig> configs, int round) {
        BaseImageResolver resolver = (ref, platform) ->
                Optional.ofNullable(configs.get(key(ref, platform.orElse(request.platform()))));
        Plan plan;
        try {
            plan = Planner.plan(dockerfile, planOptions(resolver));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        List<BuildStage> unresolved = plan.unresolvedBaseImages();
        if (unresolved.isEmpty() || round >= MAX_PLANS) {
            return Future.succeededFuture(plan);
        }
        List<Future<?>> fetches = new ArrayList<>();
        for (BuildStage stage : unresolved) {
            ImageReference ref = ((Source.Image) stage.base()).reference();
            Platform platform = stage.platform().orElse(request.platform());
            fetches.add(images.image(ref, stage.platform()).compose(image -> Blocking.run(vertx, "config",
                    image::config)).onSuccess(config -> configs.put(key(ref, platform), config)));
        }
        return Future.all(fetches).compose(v -> resolve(dockerfile, images, configs, round + 1));
    }

    private static String key(ImageReference ref, Platform platform) {
        return ref + " " + platform;
    }

    private PlanOptions planOptions(BaseImageResolver resolver) {
        PlanOptions options = PlanOptions.of(request.platform(), Platform.host()).withBuildArgs(request.buildArgs())
                .withSelection(request.selection()).withBaseImages(resolver);
        return request.target().map(options::withTarget).orElse(options);
    }

    /**
     * With {@code --cache}: opens the layer cache, computes every step's key (hashing the context files COPY
     * reads, so off the event loop) and starts every probe; null without {@code --cache}. Base layers start
     * downloading only for stages that will run a step.
     */
    private Future<BuildCache> startCache(Prepared p, Plan plan, ImageSources images, Context context) {
        if (!request.cache()) {
            return Future.succeededFuture(null);
        }
        return Blocking.run(vertx, "cache-keys", () -> {
            LayerCache layerCache;
            try {
                layerCache = LayerCaches.open(request.cacheRepo().orElse(null), request.destinations(), client,
                        request.cacheOptions(), request.platform(), clock, p.workDir.layerCache());
            } catch (IllegalArgumentException e) {
                throw new BuildException("open the layer cache: " + e.getMessage());
            }
            KeyInputs inputs = new KeyInputs(p.context,
                    stage -> digest(images, ((Source.Image) stage.base()).reference(), stage.platform()),
                    // COPY --from=image and RUN --mount=from=image read the image for the build's platform
                    // (SourceRoots), so the key names that image's digest too
                    (ref, platform) -> digest(images, ref, Optional.empty()), keySalt(), request.cacheOptions());
            long started = System.nanoTime();
            PlanKeys keys = PlanKeys.compute(plan, inputs);
            LOG.debug("Cache keys computed in {} ms", (System.nanoTime() - started) / 1_000_000);
            List<Integer> built = plan.buildOrder().stream().map(BuildStage::index).toList();
            BuildCache cache = BuildCache.start(layerCache, request.cacheOptions(), keys, built, context);
            for (BuildStage stage : plan.buildOrder()) {
                if (stage.base() instanceof Source.Image i) {
                    cache.runsSteps(stage.index()).onSuccess(runs -> {
                        if (runs) {
                            images.prefetch(i.reference(), stage.platform());
                        }
                    });
                }
            }
            return cache;
        });
    }

    private static Digest digest(ImageSources images, ImageReference ref, Optional<Platform> platform) {
        try {
            return Blocking.await(images.image(ref, platform)).digest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving " + ref, e);
        }
    }

    /** What changes a step's layer bytes besides its inputs: part of every key. */
    private String keySalt() {
        return "compression=" + request.compression() + " level=" + request.compressionLevel()
                + " reproducible=" + request.reproducible() + " snapshot-mode=" + request.snapshotMode();
    }

    private BuildServices services(Context context, Prepared p, RunIsolation run, Plan plan, ImageSources images,
            BuildCache cache) {
        Isolation isolation = run.runner();
        RunStep runStep = new RunStep(new RunStepOptions(p.workDir.cacheMounts(), p.workDir.tmp().resolve("run"),
                p.secrets, plan.runProxyEnv(), run.kind() == IsolationKind.NAMESPACED, Optional.empty()));
        CopyOperation copy = new CopyOperation(CopyOptions.defaults().withScratch(p.workDir.tmp()).withClock(clock));
        LayerWriteOptions layerOptions = LayerWriteOptions.DEFAULT
                .withCompression(request.compression(), request.compressionLevel())
                .withTimestamps(request.reproducible() ? Timestamps.reproducible(request.environment())
                        : Timestamps.KEEP);
        IndexOptions indexOptions = IndexOptions.defaults(p.inPlace != null ? p.inPlace.ignores()
                : IgnoreList.forBuild(request.ignorePaths(), request.ignoreVarRun())).withMode(request.snapshotMode());
        LayerUploads uploads = new LayerUploads(client, context, request.destinations(), request.pushes());
        return new BuildServices(vertx, request, plan, p.workDir, p.context, images, isolation, runStep, copy,
                layerOptions, indexOptions, uploads, clock, p.inPlace, cache);
    }

    /** Schedules every built stage after its dependencies; the target stage's result. */
    private Future<StageResult> stages(BuildServices services) {
        Plan plan = services.plan;
        Future<StageResult> previous = null;
        for (BuildStage stage : plan.buildOrder()) {
            List<Future<StageResult>> deps = new ArrayList<>();
            for (int d : stage.dependsOn()) {
                deps.add(services.stages.get(d));
            }
            if (services.inPlace != null && previous != null) {
                deps.add(previous); // one root for all: the stages run one after the other, in plan order
            }
            Future<StageResult> f = Future.all(deps).compose(v -> Blocking.run(vertx, "stage-" + stage.index(), () -> {
                services.stageSlots.acquire();
                try {
                    try {
                        return new StageBuild(services, stage).run();
                    } catch (StageBuild.UnreadableHit e) {
                        // an unreadable cache entry is a miss: the stage again, every step run and stored anew
                        LOG.warn("Stage {}: a cached layer could not be read, building the stage again without"
                                + " its cache hits: {}", stage.displayName(), e.getMessage());
                        if (services.inPlace == null) {
                            dev.kiln.engine.layer.extract.RootfsCleaner.delete(services.workDir.stage(stage.index()));
                        }
                        return new StageBuild(services, stage, false).run();
                    }
                } finally {
                    services.stageSlots.release();
                }
            }));
            f.onFailure(e -> services.cancel());
            services.stages.put(stage.index(), f);
            previous = f;
        }
        List<Future<StageResult>> all = new ArrayList<>(services.stages.values());
        Future<StageResult> target = services.stages.get(plan.targetIndex());
        // Every built stage must succeed (kaniko builds them all), and the first failure is the one reported.
        return Future.all(all).map(v -> target.result()).recover(e -> Future.failedFuture(firstFailure(all, e)));
    }

    private static Throwable firstFailure(List<Future<StageResult>> all, Throwable fallback) {
        for (Future<StageResult> f : all) {
            if (f.failed() && !(f.cause() instanceof BuildCancelledException)) {
                return f.cause();
            }
        }
        return fallback;
    }

    /** The target's image with the {@code --label}s, the creation time and the requested media types. */
    private Image finish(StageResult target) {
        Image image = target.image();
        ImageConfig config = ConfigSteps.withLabels(image.config(), request.labels());
        Instant created = request.reproducible() ? Instant.EPOCH : clock.instant();
        image = Mutate.config(image, config.withCreated(created));
        if (request.imageFormat().isPresent()) {
            image = Mutate.mediaTypes(image, request.imageFormat().get());
        }
        return image;
    }

    private void cleanup(WorkDir workDir) {
        try {
            workDir.deleteBuild();
            if (request.cleanup()) {
                dev.kiln.engine.layer.extract.RootfsCleaner.delete(workDir.layerCache());
            }
        } catch (Exception e) {
            LOG.warn("Could not remove the build's work directory {}: {}", workDir.build(), e.getMessage());
        }
    }
}
