package dev.kiln.engine.context;

/**
 * Go's {@code parseRepeat} and {@code parseInt}: the counted repetitions <code>{n}</code>,
 * <code>{n,}</code> and <code>{n,m}</code>. A brace that does not start one is a literal in Go.
 *
 * <p>Stateless.
 */
final class GoRegexRepeat {

    private GoRegexRepeat() {
    }

    /**
     * Reads a count at {@code in[pos]} (a <code>{</code>): {@code {min, max, next index}} with max -1 for
     * no limit and min -1 for a number too large, or null if the text is not a count.
     */
    static int[] parse(int[] in, int pos) {
        int i = pos + 1;
        long[] min = parseInt(in, i);
        if (min == null) {
            return null;
        }
        i = (int) min[1];
        long max;
        if (i < in.length && in[i] == ',') {
            i++;
            if (i < in.length && in[i] == '}') {
                max = -1;
            } else {
                long[] m = parseInt(in, i);
                if (m == null) {
                    return null;
                }
                max = m[0];
                i = (int) m[1];
                if (max < 0) {
                    min[0] = -1;
                }
            }
        } else {
            max = min[0];
        }
        if (i >= in.length || in[i] != '}') {
            return null;
        }
        return new int[] {(int) min[0], (int) max, i + 1};
    }

    /** Digits without a leading zero, -1 when too large: {value, next index}, or null. */
    private static long[] parseInt(int[] in, int i) {
        if (i >= in.length || in[i] < '0' || in[i] > '9') {
            return null;
        }
        if (in[i] == '0' && i + 1 < in.length && in[i + 1] >= '0' && in[i + 1] <= '9') {
            return null;
        }
        long n = 0;
        while (i < in.length && in[i] >= '0' && in[i] <= '9') {
            if (n >= 100_000_000L) {
                n = -1;
            } else if (n >= 0) {
                n = n * 10 + in[i] - '0';
            }
            i++;
        }
        return new long[] {n, i};
    }
}
