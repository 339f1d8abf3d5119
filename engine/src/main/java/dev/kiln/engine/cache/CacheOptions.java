package dev.kiln.engine.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * What the layer cache is used for: kaniko's {@code --cache-ttl}, {@code --cache-run-layers},
 * {@code --cache-copy-layers} and {@code --no-push-cache}. Immutable.
 *
 * @param ttl        entries older than this are misses (kaniko's default: 336h, two weeks)
 * @param runLayers  whether {@code RUN} steps are looked up and stored (default true)
 * @param copyLayers whether {@code COPY}/{@code ADD} steps are looked up and stored (default false, as kaniko)
 * @param push       whether new entries are stored (false: {@code --no-push-cache}, lookups only)
 */
public record CacheOptions(Duration ttl, boolean runLayers, boolean copyLayers, boolean push) {

    /** kaniko's defaults. */
    public static final CacheOptions DEFAULTS = new CacheOptions(Duration.ofHours(336), true, false, true);

    /** Rejects a negative or zero TTL. */
    public CacheOptions {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache TTL must be positive: " + ttl);
        }
    }

    public CacheOptions withTtl(Duration value) {
        return new CacheOptions(value, runLayers, copyLayers, push);
    }

    public CacheOptions withRunLayers(boolean value) {
        return new CacheOptions(ttl, value, copyLayers, push);
    }

    public CacheOptions withCopyLayers(boolean value) {
        return new CacheOptions(ttl, runLayers, value, push);
    }

    public CacheOptions withPush(boolean value) {
        return new CacheOptions(ttl, runLayers, copyLayers, value);
    }
}
