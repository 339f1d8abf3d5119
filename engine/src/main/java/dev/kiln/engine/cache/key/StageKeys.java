package dev.kiln.engine.cache.key;

import dev.kiln.engine.cache.CacheKey;
import java.util.List;
import java.util.Objects;

/**
 * The keys of one built stage: where its chain starts, one key per step (aligned with
 * {@code BuildStage.steps()}), and where it ends.
 *
 * <p>Immutable. A stage whose {@code FROM} is this stage starts from {@link #exit()}; a {@code COPY --from}
 * or bind mount of this stage is keyed by {@link #exit()} too, since its files are not on disk when keys are
 * computed.
 *
 * @param stage the stage's index in {@code Plan.stages()}
 * @param start the key before the first step: the base image's digest, scratch and its platform, or the
 *              base stage's exit key, with the salt
 * @param steps one key per step, in order
 * @param exit  the last step's chain key, or {@code start} for a stage without steps
 */
public record StageKeys(int stage, CacheKey start, List<StepKey> steps, CacheKey exit) {

    /** Copies the list and checks that {@code exit} ends the chain. */
    public StageKeys {
        Objects.requireNonNull(start, "start");
        steps = List.copyOf(steps);
        Objects.requireNonNull(exit, "exit");
        CacheKey last = steps.isEmpty() ? start : steps.getLast().chain();
        if (!last.equals(exit)) {
            throw new IllegalArgumentException("stage " + stage + ": exit key " + exit.shortForm()
                    + " is not the end of its chain " + last.shortForm());
        }
    }

    /** The key of step {@code index} (from 0). */
    public StepKey step(int index) {
        return steps.get(index);
    }
}
