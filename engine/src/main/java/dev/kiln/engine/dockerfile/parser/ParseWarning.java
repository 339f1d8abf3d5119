package dev.kiln.engine.dockerfile.parser;

import java.util.Objects;

/**
 * A problem that BuildKit reports as a build check warning but that does not stop the build, such as an
 * empty continuation line or the deprecated {@code MAINTAINER}.
 *
 * <p>Immutable. {@code rule} and {@code message} are BuildKit's (https://docs.docker.com/go/dockerfile/rule/),
 * so that {@code # check=skip=<rule>} works the same way.
 *
 * @param rule     the check's name, e.g. {@code NoEmptyContinuation}
 * @param message  the text shown to the user, e.g. {@code Empty continuation line}
 * @param url      the rule's documentation page
 * @param location where in the Dockerfile
 */
public record ParseWarning(String rule, String message, String url, SourceRange location) {

    public ParseWarning {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(location, "location");
    }

    /** {@code Dockerfile:7: NoEmptyContinuation: Empty continuation line}. */
    @Override
    public String toString() {
        return location.file() + ":" + location.startLine() + ": " + rule + ": " + message;
    }
}
