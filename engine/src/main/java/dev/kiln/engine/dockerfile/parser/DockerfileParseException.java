package dev.kiln.engine.dockerfile.parser;

import java.util.Objects;

/**
 * A Dockerfile that BuildKit's {@code dockerfile:1} frontend would reject.
 *
 * <p>Immutable. The message is {@code <file>:<line>: <reason>}, e.g. {@code Dockerfile:12: unknown
 * instruction: FOO}, using the first line of the offending instruction; the fields keep the file, the whole
 * line range and the bare reason for tools that point at the source. The reasons use BuildKit's wording
 * where it is clear (so users can search for them), e.g. {@code unterminated heredoc} or {@code unknown flag:
 * --chmod}. Unchecked because it reports bad input found once at the edge of a build, not a condition a
 * caller recovers from.
 */
public final class DockerfileParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SourceRange range;
    private final String reason;

    /** An error at {@code range} with a human-readable {@code reason}. */
    public DockerfileParseException(SourceRange range, String reason) {
        super(Objects.requireNonNull(range, "range").startLine() == 0
                ? range.file() + ": " + Objects.requireNonNull(reason, "reason")
                : range.file() + ":" + range.startLine() + ": " + Objects.requireNonNull(reason, "reason"));
        this.range = range;
        this.reason = reason;
    }

    /** An error on lines {@code startLine..endLine} of {@code file}. */
    public DockerfileParseException(String file, int startLine, int endLine, String reason) {
        this(new SourceRange(file, startLine, endLine), reason);
    }

    /** The lines the error is about. */
    public SourceRange range() {
        return range;
    }

    /** The Dockerfile's name, as given to the parser. */
    public String fileName() {
        return range.file();
    }

    /** The first line of the offending instruction (1-based; 0 when the file has no lines). */
    public int startLine() {
        return range.startLine();
    }

    /** The last line of the offending instruction. */
    public int endLine() {
        return range.endLine();
    }

    /** What is wrong, without the file and line prefix. */
    public String reason() {
        return reason;
    }
}
