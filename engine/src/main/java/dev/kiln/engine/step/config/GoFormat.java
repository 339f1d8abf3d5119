package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.oci.HealthCheck;
import java.time.Duration;
import java.util.List;

/**
 * The few Go {@code fmt} verbs BuildKit's history texts are written with: {@code %v} and {@code %q} of a
 * {@code []string}, {@code time.Duration.String()} and {@code %+v} of Docker's {@code HealthcheckConfig}.
 * Stateless.
 */
final class GoFormat {

    private GoFormat() {
    }

    /** {@code fmt.Sprintf("%v", list)}: {@code [a b c]}. */
    static String list(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** {@code fmt.Sprintf("%q", list)}: {@code ["a" "b c"]}, each element as {@code strconv.Quote}. */
    static String quotedList(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(GoText.quote(values.get(i)));
        }
        return out.append(']').toString();
    }

    /**
     * {@code fmt.Sprintf("%+v", cfg)} of {@code HealthcheckConfig}:
     * {@code {Test:[CMD-SHELL curl x] Interval:30s Timeout:0s StartPeriod:0s StartInterval:0s Retries:3}}.
     */
    static String healthcheck(HealthCheck h) {
        return "{Test:" + list(h.test()) + " Interval:" + duration(h.interval()) + " Timeout:" + duration(h.timeout())
                + " StartPeriod:" + duration(h.startPeriod()) + " StartInterval:" + duration(h.startInterval())
                + " Retries:" + h.retries() + "}";
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5s}, {@code 1m30s}, {@code 2h0m0s},
     * {@code 500ms}, {@code 1.2µs}, {@code 40ns} (https://pkg.go.dev/time#Duration.String).
     */
    static String duration(Duration d) {
        long v = d.toNanos();
        boolean neg = v < 0;
        // |Long.MIN_VALUE| does not fit a long; Go works on uint64, so use unsigned arithmetic as it does
        long u = neg ? -v : v;
        StringBuilder rev = new StringBuilder(); // built backwards, as Go fills its buffer from the end
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            int prec;
            rev.append('s');
            if (u == 0) {
                return "0s";
            } else if (u < 1_000L) {
                prec = 0;
                rev.append('n');
            } else if (u < 1_000_000L) {
                prec = 3;
                rev.append('µ');
            } else {
                prec = 6;
                rev.append('m');
            }
            u = fraction(rev, u, prec);
            integer(rev, u);
        } else {
            rev.append('s');
            u = fraction(rev, u, 9);
            integer(rev, Long.remainderUnsigned(u, 60));
            u = Long.divideUnsigned(u, 60);
            if (u > 0) {
                rev.append('m');
                integer(rev, u % 60);
                u /= 60;
                if (u > 0) {
                    rev.append('h');
                    integer(rev, u);
                }
            }
        }
        if (neg) {
            rev.append('-');
        }
        return rev.reverse().toString();
    }

    /** Go's {@code fmtFrac}: the fraction v/10^prec without trailing zeros (and without the dot if zero). */
    private static long fraction(StringBuilder rev, long v, int prec) {
        boolean print = false;
        for (int i = 0; i < prec; i++) {
            long digit = Long.remainderUnsigned(v, 10);
            print = print || digit != 0;
            if (print) {
                rev.append((char) ('0' + digit));
            }
            v = Long.divideUnsigned(v, 10);
        }
        if (print) {
            rev.append('.');
        }
        return v;
    }

    /** Go's {@code fmtInt}, backwards. */
    private static void integer(StringBuilder rev, long v) {
        if (v == 0) {
            rev.append('0');
            return;
        }
        while (v != 0) {
            rev.append((char) ('0' + Long.remainderUnsigned(v, 10)));
            v = Long.divideUnsigned(v, 10);
        }
    }
}
