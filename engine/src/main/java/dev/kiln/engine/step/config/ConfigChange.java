package dev.kiln.engine.step.config;

import java.util.Objects;

/**
 * The outcome of a metadata instruction: the stage's config after it and the history text BuildKit records
 * for it.
 *
 * <p>Immutable.
 *
 * @param state     the stage config after the instruction
 * @param createdBy the history entry's {@code created_by} ({@link HistoryText}); {@code ""} when BuildKit
 *                  records no entry ({@code ONBUILD})
 */
public record ConfigChange(StageConfig state, String createdBy) {

    public ConfigChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Whether the instruction gets a history entry (all but {@code ONBUILD}). */
    public boolean recordsHistory() {
        return !createdBy.isEmpty();
    }
}
