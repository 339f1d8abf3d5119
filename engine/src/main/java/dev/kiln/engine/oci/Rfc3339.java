package dev.kiln.engine.oci;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as Go's {@code time.Time} writes them in JSON ({@code RFC3339Nano}): UTC as {@code Z}, fraction
 * without trailing zeros and absent when zero, e.g. {@code 2024-05-01T10:20:30.5Z}. Stateless.
 */
final class Rfc3339 {

    private Rfc3339() {
    }

    /** Parses {@code 2024-05-01T10:20:30Z}, {@code 2024-05-01T10:20:30.123456789+02:00} and the like. */
    static Instant parse(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * Formats in UTC with Go's RFC3339Nano layout.
     *
     * @throws IllegalArgumentException for years outside 0000-9999, which Go refuses to write as well
     */
    static String format(Instant instant) {
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("time " + instant + ": year outside 0000-9999");
        }
        StringBuilder sb = new StringBuilder(30);
        sb.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        int nanos = t.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        return sb.append('Z').toString();
    }

    /** Whether {@code text} parses; for callers that validate before constructing. */
    static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
