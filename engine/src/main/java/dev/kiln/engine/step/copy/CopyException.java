package dev.kiln.engine.step.copy;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@code COPY} or {@code ADD} that failed, naming the instruction and its line, the source or destination
 * concerned and the cause: {@code COPY (line 7) source "/app/x": not found in the build context}.
 *
 * <p>Immutable. Checked, like the I/O it mostly wraps; {@link #reason()} lets callers tell user errors
 * (a missing source, a bad {@code --chown}, a checksum mismatch) from failures of the machine. When it is
 * thrown the destination rootfs may hold part of the instruction's result: the step discards it.
 */
public final class CopyException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** A source path does not exist in its source (or is excluded by {@code .dockerignore}). */
        NOT_FOUND,
        /** The instruction cannot be carried out as written (flags, destination, multiple sources). */
        INVALID,
        /** {@code --chown} names a user or group the destination does not know. */
        UNKNOWN_OWNER,
        /** What is at the destination conflicts with what is copied (a directory onto a file...). */
        CONFLICT,
        /** {@code --checksum} does not match what was downloaded or checked out. */
        CHECKSUM_MISMATCH,
        /** An HTTP(S) source could not be downloaded. */
        DOWNLOAD,
        /** A Git source could not be cloned or checked out. */
        GIT,
        /** A local archive could not be unpacked. */
        ARCHIVE,
        /** Reading a source or writing the destination failed. */
        FILESYSTEM
    }

    private final String instruction;
    private final int line;
    private final String subject;
    private final Reason reason;

    /**
     * @param instruction {@code COPY} or {@code ADD}
     * @param line        the instruction's first line in the Dockerfile (1-based), or 0 if unknown
     * @param subject     what failed, e.g. {@code source "/x"} or {@code destination "/app/"}
     * @param reason      the kind of failure
     * @param detail      the cause in words
     * @param cause       the underlying exception, or null
     */
    public CopyException(String instruction, int line, String subject, Reason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(instruction, "instruction") + (line > 0 ? " (line " + line + ")" : "") + " "
                + Objects.requireNonNull(subject, "subject") + ": " + Objects.requireNonNull(detail, "detail"), cause);
        this.instruction = instruction;
        this.line = line;
        this.subject = subject;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@code COPY} or {@code ADD}. */
    public String instruction() {
        return instruction;
    }

    /** The instruction's line in the Dockerfile, 0 if unknown. */
    public int line() {
        return line;
    }

    /** What failed: a source, the destination, a flag. */
    public String subject() {
        return subject;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
