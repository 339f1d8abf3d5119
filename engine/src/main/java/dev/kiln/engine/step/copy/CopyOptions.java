package dev.kiln.engine.step.copy;

import dev.kiln.engine.layer.tar.TarLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link CopyOperation} that come from the build, not from the Dockerfile.
 *
 * <p>Immutable.
 *
 * @param scratch     a directory for downloads, clones and heredoc files while an instruction runs; each
 *                    instruction uses a fresh subdirectory and removes it
 * @param clock       the time given to heredoc files (BuildKit creates them when the step runs)
 * @param httpTimeout connect and overall timeout of one download
 * @param tarLimits   caps on tar headers when {@code ADD} unpacks an archive
 */
public record CopyOptions(Path scratch, Clock clock, Duration httpTimeout, TarLimits tarLimits) {

    public CopyOptions {
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
        Objects.requireNonNull(tarLimits, "tarLimits");
    }

    /** Scratch space in {@code java.io.tmpdir}, the system clock, 10 minutes per download, default tar limits. */
    public static CopyOptions defaults() {
        return new CopyOptions(Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC(), Duration.ofMinutes(10),
                TarLimits.DEFAULT);
    }

    public CopyOptions withScratch(Path value) {
        return new CopyOptions(value, clock, httpTimeout, tarLimits);
    }

    public CopyOptions withClock(Clock value) {
        return new CopyOptions(scratch, value, httpTimeout, tarLimits);
    }

    public CopyOptions withHttpTimeout(Duration value) {
        return new CopyOptions(scratch, clock, value, tarLimits);
    }
}
