package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.plan.BaseImageResolver;
import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.dockerfile.plan.Planner;
import dev.kiln.engine.dockerfile.plan.Scope;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test driver: plans a Dockerfile and folds its target stage through the package's API as the orchestrator
 * would, collecting the history texts of every step (RUN/COPY/ADD included).
 */
final class Fold {

    static final Platform AMD64 = Platform.of("linux", "amd64");

    /** The result of a fold: the final config and the history texts in step order. */
    record Result(StageConfig state, List<String> history, BuildStage stage) {
        ImageConfig config() {
            return state.config();
        }
    }

    private Fold() {
    }

    static Plan plan(String dockerfile) {
        return plan(dockerfile, Map.of());
    }

    static Plan plan(String dockerfile, Map<String, ImageConfig> bases) {
        PlanOptions options = PlanOptions.of(AMD64, AMD64);
        if (!bases.isEmpty()) {
            Map<ImageReference, ImageConfig> byRef = new java.util.HashMap<>();
            bases.forEach((k, v) -> byRef.put(ImageReference.parse(k), v));
            options = options.withBaseImages(BaseImageResolver.of(byRef));
        }
        return Planner.plan("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8), options);
    }

    static Result fold(String dockerfile) {
        return fold(dockerfile, Map.of());
    }

    /** Folds the target stage; a stage on one of {@code bases} starts from that config, else from scratch. */
    static Result fold(String dockerfile, Map<String, ImageConfig> bases) {
        BuildStage stage = plan(dockerfile, bases).target();
        Optional<ImageConfig> base = bases.entrySet().stream()
                .filter(e -> ImageReference.parse(e.getKey()).equals(ImageReference.parse(stage.baseName())))
                .map(Map.Entry::getValue).findFirst();
        List<Step> steps = stage.steps();
        Scope exit = stage.exit().orElseThrow();
        StageConfig state = StageConfig.initial(base, AMD64, steps.isEmpty() ? exit : steps.getFirst().scope());
        List<String> history = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Scope next = i + 1 < steps.size() ? steps.get(i + 1).scope() : exit;
            if (ConfigSteps.isMetadata(step.instruction())) {
                ConfigChange change = ConfigSteps.apply(state, step, next);
                state = change.state();
                if (change.recordsHistory()) {
                    history.add(change.createdBy());
                }
            } else {
                history.add(HistoryText.createdBy(step, state.config()));
            }
        }
        return new Result(state, history, stage);
    }

    /** The steps of the target stage. */
    static List<Step> steps(String dockerfile) {
        return plan(dockerfile).target().steps();
    }
}
