package dev.kiln.executor.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way Go's {@code time.ParseDuration} and {@code Duration.String} do,
 * because kaniko's {@code --cache-ttl} takes Go durations ({@code 336h}, {@code 6h30m}, {@code 1.5h},
 * {@code 90s}) and users copy their flags over unchanged.
 *
 * <p>Stateless and thread-safe. Spec: https://pkg.go.dev/time#ParseDuration
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * Parses a Go duration such as {@code 336h}, {@code 2h45m}, {@code -1.5h}, {@code 300ms} or {@code 0}.
     *
     * @throws IllegalArgumentException quoting the text when it is not a Go duration
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text);
        }
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw invalid(text);
            }
            nanos = nanos.add(new java.math.BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(java.math.BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        if (pos == 0) {
            throw invalid(text);
        }
        Duration d = Duration.ofNanos(nanos.longValueExact());
        return negative ? d.negated() : d;
    }

    /** Formats like Go's {@code Duration.String()}: {@code 336h0m0s}, {@code 1m30s}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long totalSeconds = d.getSeconds();
        int nano = d.getNano();
        if (totalSeconds == 0) {
            if (nano % 1_000_000 == 0) {
                return sb.append(nano / 1_000_000).append("ms").toString();
            }
            if (nano % 1_000 == 0) {
                return sb.append(nano / 1_000).append("µs").toString();
            }
            return sb.append(nano).append("ns").toString();
        }
        long h = totalSeconds / 3600;
        long m = (totalSeconds % 3600) / 60;
        long sec = totalSeconds % 60;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(sec);
        if (nano != 0) {
            String frac = String.format("%09d", nano).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        return sb.append('s').toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException(unit);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (expected a Go duration such as 336h, 6h30m or 90s)");
    }
}
