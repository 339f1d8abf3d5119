package dev.kiln.engine.registry;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread (never an event loop) on a Vert.x future. */
public final class Await {

    private Await() {
    }

    /** The result, or the failure rethrown (unchecked as is, checked wrapped). */
    public static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within 120 s", e);
        }
    }

    /** The failure of a future that must fail. */
    public static Throwable failure(Future<?> future) {
        try {
            Object r = result(future);
            throw new AssertionError("expected a failure, got " + r);
        } catch (RuntimeException | Error e) {
            if (e instanceof AssertionError a && a.getMessage() != null && a.getMessage().startsWith("expected a failure")) {
                throw a;
            }
            return e;
        }
    }
}
