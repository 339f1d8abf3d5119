package dev.kiln.executor;

/** A command line that kaniko would refuse; the message is kaniko's. Exit code 1, as kaniko's. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
