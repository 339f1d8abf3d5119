package dev.kiln.engine.dockerfile.parser;

import java.util.Objects;
import java.util.Optional;

/**
 * A parser directive from the top of a Dockerfile, such as {@code # syntax=docker/dockerfile:1},
 * {@code # escape=`} or {@code # check=skip=JSONArgsRecommended}.
 *
 * <p>Immutable. See https://docs.docker.com/reference/dockerfile/#parser-directives: directives are
 * comments of the form {@code # key=value} before any instruction, blank line or other comment; keys are
 * case-insensitive and each may appear once.
 *
 * @param name  the key, lower-cased: {@code syntax}, {@code escape} or {@code check}
 * @param value the value with surrounding whitespace removed
 * @param line  the 1-based line it was read from
 */
public record Directive(String name, String value, int line) {

    /** The {@code syntax} directive's key. */
    public static final String SYNTAX = "syntax";
    /** The {@code escape} directive's key. */
    public static final String ESCAPE = "escape";
    /** The {@code check} directive's key. */
    public static final String CHECK = "check";

    public Directive {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Reads the text of a comment (without its {@code #}) as a directive, e.g. {@code check=skip=all}; BuildKit
     * also honours a {@code check} directive written as the comment right above an instruction.
     *
     * @return the directive, line 0, when the text is {@code key=value} with a known key
     */
    public static Optional<Directive> fromComment(String text) {
        DirectiveScanner.Found found = DirectiveScanner.match(GoText.trimLeadingSpace(text));
        return found == null ? Optional.empty() : Optional.of(new Directive(found.name(), found.value(), 0));
    }
}
