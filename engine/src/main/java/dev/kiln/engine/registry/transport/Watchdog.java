package dev.kiln.engine.registry.transport;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Fails an exchange that makes no progress for the idle timeout: no body piece written, no response head,
 * no response bytes. Vert.x's own request idle timeout only watches incoming data, so it would cut a long
 * upload the server is busy receiving; this one counts progress in both directions.
 *
 * <p>Thread-safe: {@link #touch()} may be called from any thread (a volatile timestamp); the check runs on a
 * Vert.x periodic timer that {@link #stop()} cancels (idempotent).
 */
final class Watchdog {

    private final Vertx vertx;
    private final long idleNanos;
    private final Runnable onStall;
    private final long timer;
    private volatile long last = System.nanoTime();
    private volatile boolean stopped;

    /** Starts watching; {@code onStall} runs once, on an event loop, when no progress came for {@code idle}. */
    Watchdog(Vertx vertx, Duration idle, Runnable onStall) {
        this.vertx = vertx;
        this.idleNanos = idle.toNanos();
        this.onStall = onStall;
        long period = Math.max(20, Math.min(1000, idle.toMillis() / 4));
        this.timer = vertx.setPeriodic(period, id -> check());
    }

    /** Notes progress. */
    void touch() {
        last = System.nanoTime();
    }

    /** Stops watching: the exchange is over. */
    void stop() {
        if (!stopped) {
            stopped = true;
            vertx.cancelTimer(timer);
        }
    }

    private void check() {
        if (!stopped && System.nanoTime() - last > idleNanos) {
            stop();
            onStall.run();
        }
    }
}
