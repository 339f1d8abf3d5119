package dev.kiln.engine.run;

import java.util.Objects;

/**
 * One line a {@code RUN} wrote, tagged with the step it belongs to.
 *
 * <p>Immutable. The text is decoded as UTF-8 (malformed bytes replaced), without its {@code \n}; a line
 * longer than {@link #MAX_LENGTH} bytes arrives in several pieces, and a last line without newline is
 * delivered when the stream ends.
 *
 * @param stage  the stage name or index, as the caller put it in the {@link RunSpec}
 * @param step   the step number within the stage
 * @param stream which stream it came from
 * @param text   the line
 */
public record OutputLine(String stage, int step, Stream stream, String text) {

    /** Longest piece delivered at once, in bytes. */
    public static final int MAX_LENGTH = 64 * 1024;

    public OutputLine {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }

    /** The two output streams of a process (stdin is always empty). */
    public enum Stream {
        STDOUT,
        STDERR
    }
}
