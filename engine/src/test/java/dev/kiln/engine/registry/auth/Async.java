package dev.kiln.engine.registry.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Test helpers that wait for futures from the test thread (never from an event loop). */
final class Async {

    private Async() {
    }

    /** The result of {@code future}, waiting at most 60 s; its failure is thrown unwrapped. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure of {@code future}, failing the test if it succeeds. */
    static Throwable failure(Future<?> future) {
        try {
            Object value = await(future);
            throw new AssertionError("expected a failure, got " + value);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Runs {@code action} as one task on a fresh event-loop context: every future it starts completes only after
     * it returns, so calls made inside it are truly concurrent with each other.
     */
    static <T> Future<T> onContext(Vertx vertx, Supplier<Future<T>> action) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
