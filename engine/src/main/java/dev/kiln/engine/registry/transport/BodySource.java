package dev.kiln.engine.registry.transport;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A request body read piece by piece without blocking: an upload from a file, from a blocking stream read on
 * a worker thread, or from memory (see {@link BodySources}).
 *
 * <p>Not thread-safe: one reader calls {@link #read()} again only after the previous future completed, and
 * calls {@link #close()} once, whatever happened. The transport pulls the next piece only when the network
 * has taken the previous one, which is the backpressure that keeps memory bounded.
 */
public interface BodySource {

    /** The next piece, or {@code null} at the end. */
    Future<Buffer> read();

    /** Releases the file or stream; always succeeds. */
    Future<Void> close();
}
