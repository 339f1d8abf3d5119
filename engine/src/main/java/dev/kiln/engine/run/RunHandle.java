package dev.kiln.engine.run;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A started {@code RUN}: its result and a way to stop it.
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread, any number of times, before or after
 * the process started; the run's own virtual thread completes the result exactly once. It exists because a
 * Vert.x {@link Future} cannot be cancelled, while a build must stop its RUNs when another stage fails.
 */
public final class RunHandle {

    private final Promise<RunResult> promise = Promise.promise();
    private final CompletableFuture<RunResult> done = new CompletableFuture<>();
    private final Object lock = new Object();
    private Process process;
    private boolean cancelled;
    private final List<Runnable> onCancel = new ArrayList<>();

    RunHandle() {}

    /** Completes with the result, or fails with a {@link RunException} if the run could not be set up. */
    public Future<RunResult> result() {
        return promise.future();
    }

    /**
     * Waits for the result. Blocking: call it on a virtual or worker thread, never on an event loop.
     *
     * @throws RunException if the run could not be set up
     */
    public RunResult await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RunException r) {
                throw r;
            }
            throw new RunException(RunException.Reason.PROCESS, "run: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Stops the run: kills the whole process tree if it started, or keeps it from starting. The result then
     * has status {@link RunResult.Status#CANCELLED}. Does not wait; idempotent.
     */
    public void cancel() {
        Process p;
        List<Runnable> listeners;
        synchronized (lock) {
            cancelled = true;
            p = process;
            listeners = List.copyOf(onCancel);
        }
        listeners.forEach(Runnable::run);
        if (p != null) {
            ProcessSupervisor.killTree(p);
        }
    }

    /** Runs {@code action} on cancellation (right away if already cancelled); for wrappers that delegate. */
    void onCancel(Runnable action) {
        boolean now;
        synchronized (lock) {
            now = cancelled;
            if (!now) {
                onCancel.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    /** Records the started process; false if already cancelled (the caller then kills it). */
    boolean attach(Process p) {
        synchronized (lock) {
            process = p;
            return !cancelled;
        }
    }

    void complete(RunResult r) {
        done.complete(r);
        promise.tryComplete(r);
    }

    void fail(Throwable t) {
        done.completeExceptionally(t);
        promise.tryFail(t);
    }
}
