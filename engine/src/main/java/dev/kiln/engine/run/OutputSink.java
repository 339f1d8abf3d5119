package dev.kiln.engine.run;

/**
 * Receives a {@code RUN}'s output line by line while the process runs.
 *
 * <p>Calls for one run never overlap (the two pipe readers take turns through a lock), so an implementation
 * used by one run at a time need not be thread-safe; one shared by concurrent runs must be. Lines of each
 * stream arrive in order; how stdout and stderr interleave depends on when the process wrote them. A sink
 * must not block for long: the process stalls when its pipe is full. Exceptions it throws are logged and the
 * line is dropped; the run goes on.
 */
@FunctionalInterface
public interface OutputSink {

    /** A sink that drops everything. */
    OutputSink DISCARD = line -> { };

    /** Called for each line, on a reader thread of the run. */
    void accept(OutputLine line);
}
