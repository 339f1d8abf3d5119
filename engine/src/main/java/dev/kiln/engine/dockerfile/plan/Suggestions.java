package dev.kiln.engine.dockerfile.plan;

import java.util.Collection;
import java.util.Locale;

/**
 * BuildKit's "did you mean" hints ({@code util/suggest}): the closest option within an edit distance of 2.
 *
 * <p>Stateless; package-private. Among equally close options the first in sorted order wins (BuildKit's
 * choice depends on its input order), so messages are stable.
 */
final class Suggestions {

    private Suggestions() {
    }

    /** {@code message}, plus {@code " (did you mean X?)"} when an option is close to {@code value}. */
    static String wrap(String message, String value, Collection<String> options, boolean caseSensitive) {
        String match = search(value, options, caseSensitive);
        return match == null ? message : message + " (did you mean " + match + "?)";
    }

    /** The closest option, or null when none is within distance 2 or one equals {@code value}. */
    static String search(String value, Collection<String> options, boolean caseSensitive) {
        String val = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
        String match = null;
        int best = 3;
        for (String option : options.stream().sorted().toList()) {
            String opt = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
            if (val.equals(opt)) {
                return null;
            }
            int d = distance(val, opt);
            if (d < best) {
                best = d;
                match = option;
            }
        }
        return match;
    }

    /** Levenshtein distance over code points. */
    static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length];
    }
}
