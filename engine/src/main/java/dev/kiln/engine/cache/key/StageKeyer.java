package dev.kiln.engine.cache.key;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.context.InvalidPatternException;
import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Onbuild;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.Workdir;
import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.Scope;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.step.config.ConfigChange;
import dev.kiln.engine.step.config.ConfigSteps;
import dev.kiln.engine.step.config.HistoryText;
import dev.kiln.engine.step.config.StageConfig;
import dev.kiln.engine.step.config.StepException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes the keys of the built stages of one plan, in build order: the chain of each stage, with the
 * stage's config simulated step by step as {@code build.StageBuild} applies it ({@link StageConfig#initial},
 * {@link ConfigSteps#apply}), because a step's meaning depends on it ({@code SHELL}, {@code USER},
 * {@code WORKDIR} before a {@code RUN}).
 *
 * <p>A stage's content becomes <em>unknown</em> at a step whose result cannot be known before it runs
 * ({@code ADD} of a Git repository or of a URL without {@code --checksum}, or a step whose words do not
 * expand, which will fail when it runs). From there on, every filesystem step of the stage is
 * {@link StepKey.Uncached}, and so is every filesystem step of a stage that builds on it, from a step that
 * copies or mounts from it on.
 *
 * <p>Not thread-safe: one per {@link PlanKeys#compute} call.
 */
final class StageKeyer {

    /** A computed stage: its keys, its config after the last step, and why its content is unknown, if it is. */
    record Done(StageKeys keys, StageConfig config, Optional<String> unknown) {
    }

    /**
     * What a {@code --from} or mount {@code from=} contributes to a key.
     *
     * @param identity {@code stage <exit key>}, {@code image <digest>}, {@code scratch} or {@code context}
     * @param unknown  why the source's content is known only when it runs, if it is
     */
    record Resolved(String identity, Optional<String> unknown) {
    }

    /** Resolves the sources a step of a stage reads. */
    @FunctionalInterface
    interface Lookup {
        Resolved resolve(Source source, BuildStage reader);
    }

    private final Plan plan;
    private final KeyInputs inputs;
    private final ContextHasher context;
    private final Platform defaultPlatform;
    private final Map<Integer, Done> done = new HashMap<>();

    StageKeyer(Plan plan, KeyInputs inputs) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.context = new ContextHasher(inputs.context());
        this.defaultPlatform = plan.globalEnv().lookup("TARGETPLATFORM").map(Platform::parse)
                .orElseThrow(() -> new IllegalArgumentException("compute cache keys: the plan has no TARGETPLATFORM"));
    }

    /** Keys every built stage, in build order. */
    Map<Integer, StageKeys> all() throws IOException {
        Map<Integer, StageKeys> out = new HashMap<>();
        for (BuildStage stage : plan.buildOrder()) {
            Done d = stage(stage);
            done.put(stage.index(), d);
            out.put(stage.index(), d.keys());
        }
        return out;
    }

    private Done stage(BuildStage stage) throws IOException {
        String name = stage.displayName();
        Platform platform = stage.platform().orElse(defaultPlatform);
        KeyEncoder start = KeyEncoder.of("start").field("salt", inputs.salt());
        Optional<ImageConfig> baseConfig;
        Optional<String> unknown = Optional.empty();
        switch (stage.base()) {
            case Source.Scratch s -> {
                start.field("scratch", platform.toString());
                baseConfig = Optional.empty();
            }
            case Source.Image i -> {
                Digest digest = Objects.requireNonNull(inputs.baseDigest().apply(stage),
                        () -> "compute cache keys of stage " + name + ": no digest for base image " + i.reference());
                start.field("image", digest.toString());
                baseConfig = Optional.of(stage.baseConfig().orElseThrow(() -> new IllegalArgumentException(
                        "compute cache keys of stage " + name + ": the config of base image " + i.reference()
                                + " is not in the plan (plan again with it resolved)")));
            }
            case Source.Stage s -> {
                Done parent = finished(s.index(), name);
                start.field("stage", parent.keys().exit().hex());
                baseConfig = Optional.of(parent.config().config());
                unknown = parent.unknown();
            }
            case Source.Context c -> throw new IllegalArgumentException(
                    "compute cache keys of stage " + name + ": a stage cannot start from the build context");
        }
        CacheKey startKey = start.key();
        List<Step> steps = stage.steps();
        Scope first = steps.isEmpty() ? stage.exit().orElseThrow() : steps.getFirst().scope();
        StageConfig state = StageConfig.initial(baseConfig, platform, first);
        CacheKey chain = startKey;
        List<StepKey> keys = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Scope next = i + 1 < steps.size() ? steps.get(i + 1).scope() : stage.exit().orElseThrow();
            KeyEncoder e = KeyEncoder.of("step").field("previous", chain.hex()).field("salt", inputs.salt());
            boolean filesystem;
            Optional<String> introduced = Optional.empty();
            try {
                switch (step.instruction()) {
                    case Run r -> {
                        filesystem = true;
                        introduced = StepMeaning.run(e, step, r, state.config(), this::resolve, context, stage);
                    }
                    case Copy _, Add _ -> {
                        filesystem = true;
                        introduced = StepMeaning.copy(e, step, state.config(), this::resolve, context, stage);
                    }
                    case Workdir w -> {
                        ConfigChange change = ConfigSteps.apply(state, step, next);
                        filesystem = !HistoryText.emptyLayer(step, change.state().config());
                        e.field("instruction", "WORKDIR").field("created-by", change.createdBy())
                                .field("user", change.state().config().config().user());
                        state = change.state();
                    }
                    case Onbuild o -> {
                        filesystem = false;
                        e.field("instruction", "ONBUILD").field("expression", o.expression());
                        state = ConfigSteps.apply(state, step, next).state();
                    }
                    default -> {
                        ConfigChange change = ConfigSteps.apply(state, step, next);
                        filesystem = false;
                        e.field("instruction", "metadata").field("created-by", change.createdBy());
                        state = change.state();
                    }
                }
            } catch (StepException | InvalidPatternException ex) {
                // the step fails when it runs, with its own message; until then nothing after it is known
                filesystem = !(ConfigSteps.isMetadata(step.instruction()));
                e.field("unexpandable", step.instruction().original());
                introduced = Optional.of("cannot be keyed: " + ex.getMessage());
            }
            chain = e.key();
            if (unknown.isEmpty() && introduced.isPresent()) {
                String phrase = "stage " + name + ", step " + (i + 1) + ": " + introduced.get();
                unknown = Optional.of(phrase);
                keys.add(filesystem ? new StepKey.Uncached(chain, phrase) : new StepKey.Metadata(chain));
                continue;
            }
            keys.add(classify(step, chain, filesystem, unknown));
        }
        StageKeys result = new StageKeys(stage.index(), startKey, keys, chain);
        return new Done(result, state, unknown);
    }

    private StepKey classify(Step step, CacheKey chain, boolean filesystem, Optional<String> unknown) {
        if (!filesystem) {
            return new StepKey.Metadata(chain);
        }
        if (unknown.isPresent()) {
            return new StepKey.Uncached(chain, "after content known only when it runs (" + unknown.get() + ")");
        }
        return switch (step.instruction()) {
            case Run r -> inputs.options().runLayers() ? new StepKey.Cached(chain)
                    : new StepKey.Uncached(chain, "RUN layers are not cached (--cache-run-layers=false)");
            case Copy _, Add _ -> inputs.options().copyLayers() ? new StepKey.Cached(chain)
                    : new StepKey.Uncached(chain, "COPY and ADD layers are not cached (--cache-copy-layers=false)");
            default -> new StepKey.Cached(chain); // WORKDIR that creates a directory
        };
    }

    /** What a stage, an image or scratch read by {@code stage} contributes to a key. */
    private Resolved resolve(Source source, BuildStage stage) {
        return switch (source) {
            case Source.Stage s -> {
                Done d = finished(s.index(), stage.displayName());
                yield new Resolved("stage " + d.keys().exit().hex(), d.unknown().map(r -> "reads stage "
                        + displayName(s.index()) + ", whose content is known only when it runs (" + r + ")"));
            }
            case Source.Image i -> {
                Digest digest = Objects.requireNonNull(inputs.imageDigest().apply(i.reference(), stage.platform()),
                        () -> "compute cache keys of stage " + stage.displayName() + ": no digest for image "
                                + i.reference());
                yield new Resolved("image " + digest, Optional.empty());
            }
            case Source.Scratch s -> new Resolved("scratch", Optional.empty());
            case Source.Context c -> new Resolved("context", Optional.empty());
        };
    }

    private Done finished(int index, String reader) {
        Done d = done.get(index);
        if (d == null) {
            throw new IllegalStateException("compute cache keys of stage " + reader + ": stage "
                    + displayName(index) + " is not keyed yet (not built, or not before it in the plan's order)");
        }
        return d;
    }

    private String displayName(int index) {
        return plan.stages().get(index).displayName();
    }
}
