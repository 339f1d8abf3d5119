package dev.kiln.engine.cache.key;

import dev.kiln.engine.dockerfile.plan.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cache keys of every step of every built stage of a plan, computed before anything runs, so the build
 * can probe all of them at once.
 *
 * <p>Immutable and thread-safe once computed. {@link #compute} blocks: it reads (and hashes) every context
 * file a {@code COPY}, {@code ADD} or bind mount reads, each once; call it off the event loop. What goes into
 * a key is listed in {@code docs/CACHE.md}.
 */
public final class PlanKeys {

    private final Map<Integer, StageKeys> stages;
    private final List<Integer> order;

    private PlanKeys(Map<Integer, StageKeys> stages, List<Integer> order) {
        this.stages = Map.copyOf(stages);
        this.order = List.copyOf(order);
    }

    /**
     * Computes the keys of {@code plan}'s built stages, in build order.
     *
     * @throws IOException              when a context file cannot be read
     * @throws IllegalArgumentException when the plan lacks the config of a built stage's base image (plan
     *                                  again with the configs resolved), or an input function gives no digest
     */
    public static PlanKeys compute(Plan plan, KeyInputs inputs) throws IOException {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(inputs, "inputs");
        Map<Integer, StageKeys> keys = new StageKeyer(plan, inputs).all();
        List<Integer> order = new ArrayList<>();
        plan.buildOrder().forEach(s -> order.add(s.index()));
        return new PlanKeys(keys, order);
    }

    /**
     * The keys of built stage {@code stageIndex} (its index in {@code Plan.stages()}).
     *
     * @throws IllegalArgumentException if the plan does not build that stage
     */
    public StageKeys stage(int stageIndex) {
        StageKeys keys = stages.get(stageIndex);
        if (keys == null) {
            throw new IllegalArgumentException("cache keys: stage " + stageIndex + " is not built by this plan");
        }
        return keys;
    }

    /** The keys of every built stage, in build order. */
    public List<StageKeys> stages() {
        return order.stream().map(stages::get).toList();
    }

    @Override
    public String toString() {
        return "PlanKeys" + order;
    }
}
