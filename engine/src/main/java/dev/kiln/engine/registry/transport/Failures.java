package dev.kiln.engine.registry.transport;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Classifies failures of an exchange: which ones may pass if the request is repeated.
 *
 * <p>Stateless utility. Transient: connections refused, reset or closed mid-way, timeouts, a busy pool, and
 * other I/O errors. Permanent: TLS and certificate failures (repeating does not make a certificate valid),
 * unknown hosts, and everything that is not I/O (a bug or a protocol violation).
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The reason a stream was reset when Kiln reset it itself (the watchdog's timeout): Vert.x reports a
     * {@link StreamResetException} carrying the reason as its cause, whose own message ("Stream reset: 0") says
     * nothing. Other failures are returned as they are.
     */
    public static Throwable unwrapReset(Throwable failure) {
        return failure instanceof StreamResetException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Whether {@code failure} (or a cause of it) is a network failure worth retrying. */
    public static boolean isTransient(Throwable failure) {
        boolean transientSeen = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof GeneralSecurityException || t instanceof UnknownHostException) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof HttpClosedException
                    || t instanceof StreamResetException || t instanceof ConnectionPoolTooBusyException) {
                transientSeen = true;
            }
        }
        return transientSeen;
    }
}
