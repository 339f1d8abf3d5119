package dev.kiln.engine.build;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The build's one way in and out of blocking work: {@link #run} starts a callable on a new virtual thread and
 * completes a future on the caller's Vert.x context; {@link #await} waits for a future from such a thread.
 *
 * <p>Why virtual threads rather than Vert.x's worker pool: a stage runs for minutes and mostly waits on
 * processes and disks; a pool of 20 workers shared with registry I/O would starve under wide builds. Stateless
 * and thread-safe.
 */
public final class Blocking {

    private Blocking() {
    }

    /** Runs {@code work} on a new virtual thread; the future completes on the context of the caller. */
    public static <T> Future<T> run(Vertx vertx, String name, Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        Thread.ofVirtual().name("kiln-" + name).start(() -> {
            T value;
            try {
                value = work.call();
            } catch (Throwable t) {
                context.runOnContext(v -> promise.fail(t));
                return;
            }
            context.runOnContext(v -> promise.complete(value));
        });
        return promise.future();
    }

    /**
     * Waits for {@code future} and returns its value, rethrowing its failure unchecked as it is (a
     * {@link RuntimeException}) or wrapped in a {@link CompletionException}. Call only on a virtual or worker
     * thread, never on an event loop.
     */
    public static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }
}
