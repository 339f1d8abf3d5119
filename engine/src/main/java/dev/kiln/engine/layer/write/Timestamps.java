package dev.kiln.engine.layer.write;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What modification times a written layer records. Immutable values.
 *
 * <p>{@link Keep} writes the files' own times (to the nanosecond). For reproducible builds
 * ({@code --reproducible}) {@link Fixed} writes one time everywhere, as kaniko does (the epoch, or
 * {@code SOURCE_DATE_EPOCH}, see https://reproducible-builds.org/specs/source-date-epoch/); {@link Clamp}
 * keeps older times and clamps newer ones, as BuildKit's {@code rewrite-timestamp} does.
 */
public sealed interface Timestamps {

    /** The file times as they are. */
    Timestamps KEEP = new Keep();

    /** The time to record for a file whose mtime is {@code mtime}. */
    Instant apply(Instant mtime);

    /**
     * Fixed times for {@code --reproducible}: {@code SOURCE_DATE_EPOCH} (whole seconds since the epoch) from
     * {@code env} if set, else the epoch itself.
     *
     * @throws IllegalArgumentException if SOURCE_DATE_EPOCH is set but not a non-negative integer
     */
    static Timestamps reproducible(Map<String, String> env) {
        String epoch = env.get("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return new Fixed(Instant.EPOCH);
        }
        try {
            long seconds = Long.parseLong(epoch.strip());
            if (seconds < 0) {
                throw new NumberFormatException("negative");
            }
            return new Fixed(Instant.ofEpochSecond(seconds));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + epoch + "': expected whole seconds since 1970");
        }
    }

    /** Keeps every file's mtime. */
    record Keep() implements Timestamps {
        @Override
        public Instant apply(Instant mtime) {
            return mtime;
        }
    }

    /** Records {@code time} for every entry. */
    record Fixed(Instant time) implements Timestamps {
        public Fixed {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public Instant apply(Instant mtime) {
            return time;
        }
    }

    /** Records {@code min(mtime, max)}. */
    record Clamp(Instant max) implements Timestamps {
        public Clamp {
            Objects.requireNonNull(max, "max");
        }

        @Override
        public Instant apply(Instant mtime) {
            return mtime.isAfter(max) ? max : mtime;
        }
    }
}
