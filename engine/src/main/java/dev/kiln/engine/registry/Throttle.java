package dev.kiln.engine.registry;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks with at most {@code permits} in flight; the others wait in a queue (FIFO). Used to
 * bound parallel blob transfers: enough to overlap latency, not so many that a registry or the disk chokes.
 *
 * <p>Thread-safe (a monitor guards the queue and the count; tasks start outside it). A task must not wait
 * for another task of the same throttle, or the two can deadlock when permits run out: callers wait first,
 * then ask for a permit.
 */
public final class Throttle {

    private final int permits;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    public Throttle(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("throttle: permits must be >= 1, got " + permits);
        }
        this.permits = permits;
    }

    /** Runs {@code task} when a permit is free; the result completes with the task's. */
    public <T> Future<T> run(Supplier<Future<T>> task) {
        Promise<T> promise = Promise.promise();
        Runnable start = () -> {
            Future<T> f;
            try {
                f = task.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                release();
                promise.handle(ar);
            });
        };
        boolean now;
        synchronized (this) {
            now = running < permits;
            if (now) {
                running++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return promise.future();
    }

    /** Tasks running now. */
    public synchronized int running() {
        return running;
    }

    /** Tasks waiting for a permit. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
