package dev.kiln.engine.cache.key;

import dev.kiln.engine.cache.CacheKey;
import java.util.Objects;

/**
 * The key of one step and what the build does with it.
 *
 * <p>Every kind is an immutable record carrying the step's chain key; later steps hash it whatever the kind,
 * so a step that is not looked up still lets the steps after it hit (kaniko's behaviour with
 * {@code --cache-copy-layers=false}).
 */
public sealed interface StepKey permits StepKey.Metadata, StepKey.Cached, StepKey.Uncached {

    /** The chain key after this step. */
    CacheKey chain();

    /**
     * A step that changes only the config ({@code ENV}, {@code LABEL}, {@code WORKDIR /}...): nothing to look
     * up, the config follows from the chain.
     */
    record Metadata(CacheKey chain) implements StepKey {
        /** Rejects null. */
        public Metadata {
            Objects.requireNonNull(chain, "chain");
        }
    }

    /** A filesystem step looked up and stored under {@link #chain()}. */
    record Cached(CacheKey chain) implements StepKey {
        /** Rejects null. */
        public Cached {
            Objects.requireNonNull(chain, "chain");
        }
    }

    /**
     * A filesystem step that always runs.
     *
     * @param reason why, for logs, e.g. {@code RUN layers are not cached (--cache-run-layers=false)}; never
     *               holds a secret or a URL's credentials
     */
    record Uncached(CacheKey chain, String reason) implements StepKey {
        /** Rejects nulls. */
        public Uncached {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
