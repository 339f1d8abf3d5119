package dev.kiln.engine.cache.store;

/**
 * Storing a cache entry failed: the message names the action (which key, where) and the cause, e.g.
 * {@code store cache entry 0123456789ab in registry.local/app/cache: push ...: 401 Unauthorized}. The build
 * treats it as a warning.
 *
 * <p>Immutable.
 */
public final class LayerCacheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code action + ": " + the cause's message}, keeping the cause. */
    public LayerCacheException(String action, Throwable cause) {
        super(action + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                cause);
    }
}
