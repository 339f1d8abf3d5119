package dev.kiln.engine.dockerfile.parser;

import java.util.Objects;

/**
 * The lines of a Dockerfile that one instruction, directive or warning comes from.
 *
 * <p>Immutable. It exists so that every parse result and every later error ("stage not found", "COPY
 * failed") can name the file and the lines, as BuildKit's {@code parser.Range} does. Lines are 1-based and
 * inclusive; an instruction with continuation lines or heredocs spans several. Line 0 stands for "no line",
 * used only for a file that has none.
 *
 * @param file      the Dockerfile's name as the user knows it, e.g. {@code Dockerfile} or {@code build/app.Dockerfile}
 * @param startLine the first line, 1-based (0 only for an empty file)
 * @param endLine   the last line, at least {@code startLine}
 */
public record SourceRange(String file, int startLine, int endLine) {

    public SourceRange {
        Objects.requireNonNull(file, "file");
        if (startLine < 0) {
            throw new IllegalArgumentException("startLine < 0: " + startLine);
        }
        if (endLine < startLine) {
            endLine = startLine;
        }
    }

    /** A range of one line. */
    public static SourceRange line(String file, int line) {
        return new SourceRange(file, line, line);
    }

    /** {@code file:start} or {@code file:start-end}, the prefix used in messages. */
    @Override
    public String toString() {
        if (startLine == 0) {
            return file;
        }
        return startLine == endLine ? file + ":" + startLine : file + ":" + startLine + "-" + endLine;
    }
}
