package dev.kiln.engine.context;

import java.util.Objects;

/**
 * A {@code .dockerignore} file with a pattern Docker rejects.
 *
 * <p>Immutable. Unchecked, like {@link InvalidPatternException}: the user must fix the file. The message
 * names the file, the line and the pattern, e.g.
 * {@code parse /src/.dockerignore line 3: invalid pattern "[a": syntax error in pattern}.
 */
public final class DockerIgnoreException extends IllegalArgumentException {

    private final String source;
    private final int line;

    /**
     * An error in {@code source} at {@code line} (1-based).
     *
     * @param cause the pattern error
     */
    public DockerIgnoreException(String source, int line, InvalidPatternException cause) {
        super("parse " + Objects.requireNonNull(source, "source") + " line " + line + ": " + cause.getMessage(), cause);
        this.source = source;
        this.line = line;
    }

    /** The file (or other source) that holds the pattern. */
    public String source() {
        return source;
    }

    /** The 1-based line of the bad pattern. */
    public int line() {
        return line;
    }

    /** The pattern error. */
    @Override
    public synchronized InvalidPatternException getCause() {
        return (InvalidPatternException) super.getCause();
    }
}
