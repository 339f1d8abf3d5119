package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code HEALTHCHECK [--interval=d --timeout=d --start-period=d --start-interval=d --retries=n] CMD command}
 * or {@code HEALTHCHECK NONE}.
 *
 * <p>Immutable. The fields are the image config's {@code Healthcheck}: {@code test} is {@code ["NONE"]},
 * {@code ["CMD", exec words...]} or {@code ["CMD-SHELL", command]}; durations of zero mean "inherit the
 * default", as in the config.
 *
 * @param location      where it is in the Dockerfile
 * @param original      the instruction's text
 * @param test          the test, see above
 * @param interval      {@code --interval}, zero if not given
 * @param timeout       {@code --timeout}, zero if not given
 * @param startPeriod   {@code --start-period}, zero if not given
 * @param startInterval {@code --start-interval}, zero if not given
 * @param retries       {@code --retries}, zero if not given
 */
public record Healthcheck(SourceRange location, String original, List<String> test, Duration interval,
        Duration timeout, Duration startPeriod, Duration startInterval, int retries) implements Instruction {

    public Healthcheck {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        test = List.copyOf(test);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
        Objects.requireNonNull(startInterval, "startInterval");
    }

    /** Whether this disables the base image's health check ({@code HEALTHCHECK NONE}). */
    public boolean disabled() {
        return test.equals(List.of("NONE"));
    }
}
