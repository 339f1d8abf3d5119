package dev.kiln.engine.step.run;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * A {@code RUN} step cannot be prepared: a mount source is missing, a required secret was not provided, an
 * option is not supported by Kiln, a cache directory cannot be made.
 *
 * <p>Immutable. Checked, because the orchestrator must turn it into a failed step. The message starts with
 * the Dockerfile location ({@code Dockerfile:12: }) and names the option and the problem; it never holds
 * secret content (only secret ids) nor environment values.
 */
public final class StepException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kind of problem, for callers that react differently (e.g. a retry is pointless for all of them). */
    public enum Reason {
        /** Kiln does not implement what the step asks ({@code type=ssh}, {@code --security=insecure}, devices). */
        UNSUPPORTED,
        /** The step's input is wrong (bad target, a secret or mount source that does not exist). */
        INVALID,
        /** A host-side operation failed (creating a cache directory, copying a bind source). */
        IO
    }

    private final transient SourceRange location;
    private final Reason reason;

    StepException(SourceRange location, Reason reason, String problem) {
        super(location + ": " + problem);
        this.location = Objects.requireNonNull(location, "location");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    StepException(SourceRange location, Reason reason, String problem, Throwable cause) {
        super(location + ": " + problem, cause);
        this.location = Objects.requireNonNull(location, "location");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Where the instruction is in the Dockerfile. */
    public SourceRange location() {
        return location;
    }

    /** What kind of problem it is. */
    public Reason reason() {
        return reason;
    }
}
