package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * A Dockerfile that parses but cannot be planned: an instruction before the first {@code FROM}, an unknown
 * target, a stage that refers to itself or a later stage, a {@code FROM} that is not an image reference, an
 * {@code ARG} default that does not expand, an {@code ONBUILD} trigger of a base image that does not parse.
 *
 * <p>Immutable. The message has the same shape as a parse error, {@code <file>:<line>: <reason>}, e.g.
 * {@code Dockerfile:7: circular dependency detected on stage: build (build -> test -> build)}, or
 * {@code <file>: <reason>} for a problem with the build as a whole, such as an unknown {@code --target}.
 * The reasons are BuildKit's where it has one, so that users can search for them. Unchecked, like
 * {@link dev.kiln.engine.dockerfile.parser.DockerfileParseException}: it reports bad input once, before any
 * work is done.
 */
public final class PlanException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SourceRange range;
    private final String reason;

    /**
     * An error about the lines {@code range} (start line 0 for the file as a whole).
     *
     * @param range  where in the Dockerfile
     * @param reason what is wrong, without the location prefix
     */
    public PlanException(SourceRange range, String reason) {
        super(format(Objects.requireNonNull(range, "range"), Objects.requireNonNull(reason, "reason")));
        this.range = range;
        this.reason = reason;
    }

    /** An error about the whole file {@code fileName}, e.g. an unknown target. */
    static PlanException ofFile(String fileName, String reason) {
        return new PlanException(new SourceRange(fileName, 0, 0), reason);
    }

    private static String format(SourceRange range, String reason) {
        return range.startLine() == 0
                ? range.file() + ": " + reason
                : range.file() + ":" + range.startLine() + ": " + reason;
    }

    /** The lines the error is about; start line 0 when it is about the file as a whole. */
    public SourceRange range() {
        return range;
    }

    /** The Dockerfile's name. */
    public String fileName() {
        return range.file();
    }

    /** The first line of the offending instruction (1-based), or 0. */
    public int startLine() {
        return range.startLine();
    }

    /** What is wrong, without the file and line prefix. */
    public String reason() {
        return reason;
    }
}
