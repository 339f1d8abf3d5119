package dev.kiln.engine.dockerfile.instruction;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * BuildKit's "did you mean" hints ({@code util/suggest}): the closest option within an edit distance of 2,
 * appended to a message as {@code (did you mean run?)}.
 *
 * <p>Shared by the instruction parsers and the stage planner. Stateless and thread-safe. BuildKit iterates a Go map, so among equally close options it picks one at
 * random; Kiln takes the first in sorted order, so its messages are stable.
 */
public final class Suggest {

    private Suggest() {
    }

    /** {@code message}, with {@code " (did you mean X?)"} appended when an option is close to {@code value}. */
    public static String wrap(String message, String value, Collection<String> options, boolean caseSensitive) {
        String match = search(value, options, caseSensitive);
        return match == null ? message : message + " (did you mean " + match + "?)";
    }

    /** The closest option, or null when none is within distance 2 or {@code value} is an exact match. */
    public static String search(String value, Collection<String> options, boolean caseSensitive) {
        String val = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
        String match = null;
        int minDistance = 3;
        for (String option : options.stream().sorted().toList()) {
            String opt = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
            if (val.equals(opt)) {
                return null;
            }
            int distance = distance(val, opt);
            if (distance < minDistance) {
                match = caseSensitive ? opt : matchCase(opt, value);
                minDistance = distance;
            }
        }
        return match;
    }

    private static String matchCase(String option, String original) {
        if (original.equals(original.toLowerCase(Locale.ROOT))) {
            return option.toLowerCase(Locale.ROOT);
        }
        if (original.equals(original.toUpperCase(Locale.ROOT))) {
            return option.toUpperCase(Locale.ROOT);
        }
        return option;
    }

    /** Levenshtein distance over code points, unit costs. */
    public static int distance(String a, String b) {
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

    /** The instruction keywords, upper-case, as BuildKit offers them for unknown instructions. */
    static final List<String> INSTRUCTIONS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER",
            "VOLUME", "WORKDIR");
}
