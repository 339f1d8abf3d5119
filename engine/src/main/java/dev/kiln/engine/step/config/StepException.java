package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * A Dockerfile step that cannot be carried out as written: a word that does not expand, an invalid
 * {@code STOPSIGNAL} or {@code EXPOSE} port, an empty {@code VOLUME}, or a {@code WORKDIR} that cannot be
 * created in the rootfs.
 *
 * <p>Immutable. The message is {@code <file>:<line>: <KEYWORD>: <reason>}, e.g.
 * {@code Dockerfile:4: STOPSIGNAL: invalid signal: SIGFOO}, with BuildKit's reason where it has one, so that
 * users can search for it; {@code <reason>} alone when no location is known (a {@code WORKDIR} created without
 * one). For an {@code ONBUILD} trigger the line is the {@code FROM} that brought it in, as in BuildKit.
 * Unchecked, like {@link dev.kiln.engine.dockerfile.plan.PlanException}: it reports bad input and ends the
 * build; callers that want to can still catch it by type.
 */
public final class StepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SourceRange location;
    private final String reason;

    /**
     * An error about the lines {@code location}.
     *
     * @param location where in the Dockerfile, or null when unknown
     * @param reason   what is wrong, without the location prefix
     * @param cause    the underlying exception, or null
     */
    public StepException(SourceRange location, String reason, Throwable cause) {
        super(format(location, Objects.requireNonNull(reason, "reason")), cause);
        this.location = location;
        this.reason = reason;
    }

    private static String format(SourceRange location, String reason) {
        if (location == null) {
            return reason;
        }
        return location.startLine() == 0 ? location.file() + ": " + reason
                : location.file() + ":" + location.startLine() + ": " + reason;
    }

    /** Where in the Dockerfile, if known. */
    public Optional<SourceRange> location() {
        return Optional.ofNullable(location);
    }

    /** What is wrong, without the location prefix. */
    public String reason() {
        return reason;
    }

    /** This error with {@code newLocation}, for a caller that knows the step when the callee did not. */
    public StepException at(SourceRange newLocation) {
        return new StepException(newLocation, reason, getCause());
    }
}
