package dev.kiln.engine.context;

/**
 * Go's {@code filepath.Match} on Linux, used the way moby/patternmatcher uses it: to decide whether a
 * pattern is well-formed. Docker rejects a {@code .dockerignore} pattern exactly when
 * {@code filepath.Match(pattern, ".")} fails, even though it then matches with a regular expression of
 * its own, so the accepted syntax is this function's.
 *
 * <p>Stateless. Works on code points; Go works on bytes, which gives the same answers because every
 * character with a meaning here is ASCII. This is the current Go algorithm, which checks the rest of
 * the pattern before it answers "no match" (older Go stopped at the first mismatch).
 */
final class GoFilepathMatch {

    /** Go's {@code filepath.ErrBadPattern}. */
    static final class BadPatternException extends Exception {
        BadPatternException() {
            super("syntax error in pattern", null, false, false);
        }
    }

    private GoFilepathMatch() {
    }

    /** Throws if {@code pattern} is malformed, as {@code filepath.Match(pattern, ".")} would. */
    static void validate(String pattern) throws BadPatternException {
        match(pattern, ".");
    }

    /** {@code filepath.Match}: whether all of {@code name} matches {@code pattern}. */
    static boolean match(String pattern, String name) throws BadPatternException {
        int[] pat = pattern.codePoints().toArray();
        int[] nm = name.codePoints().toArray();
        int p = 0;
        int s = 0;
        pattern:
        while (p < pat.length) {
            boolean star = false;
            while (p < pat.length && pat[p] == '*') {
                p++;
                star = true;
            }
            int chunkEnd = scanChunk(pat, p);
            if (star && chunkEnd == p) {
                // a trailing star matches the rest of the name unless it has a separator
                for (int i = s; i < nm.length; i++) {
                    if (nm[i] == '/') {
                        return false;
                    }
                }
                return true;
            }
            int t = matchChunk(pat, p, chunkEnd, nm, s);
            if (t >= 0 && (t == nm.length || chunkEnd < pat.length)) {
                s = t;
                p = chunkEnd;
                continue;
            }
            if (star) {
                for (int i = s; i < nm.length && nm[i] != '/'; i++) {
                    t = matchChunk(pat, p, chunkEnd, nm, i + 1);
                    if (t >= 0) {
                        if (chunkEnd == pat.length && t < nm.length) {
                            continue;
                        }
                        s = t;
                        p = chunkEnd;
                        continue pattern;
                    }
                }
            }
            // before answering "no match", check that the rest of the pattern is well-formed
            p = chunkEnd;
            while (p < pat.length) {
                while (p < pat.length && pat[p] == '*') {
                    p++;
                }
                int end = scanChunk(pat, p);
                matchChunk(pat, p, end, nm, nm.length);
                p = end;
            }
            return false;
        }
        return s == nm.length;
    }

    /** The end of the chunk starting at {@code from}: up to the next star outside brackets. */
    private static int scanChunk(int[] pat, int from) {
        boolean inRange = false;
        int i = from;
        scan:
        for (; i < pat.length; i++) {
            switch (pat[i]) {
                case '\\' -> {
                    if (i + 1 < pat.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        break scan;
                    }
                }
                default -> {
                }
            }
        }
        return i;
    }

    /**
     * Matches the chunk {@code pat[from, to)} at {@code nm[s...]}; returns the index after the match, or -1.
     * After a mismatch it keeps reading the chunk to report malformed syntax.
     */
    private static int matchChunk(int[] pat, int from, int to, int[] nm, int s) throws BadPatternException {
        boolean failed = false;
        int c = from;
        while (c < to) {
            if (!failed && s >= nm.length) {
                failed = true;
            }
            switch (pat[c]) {
                case '[' -> {
                    int r = -1;
                    if (!failed) {
                        r = nm[s++];
                    }
                    c++;
                    boolean negated = false;
                    if (c < to && pat[c] == '^') {
                        negated = true;
                        c++;
                    }
                    boolean match = false;
                    int ranges = 0;
                    while (true) {
                        if (c < to && pat[c] == ']' && ranges > 0) {
                            c++;
                            break;
                        }
                        int[] lo = getEsc(pat, c, to);
                        c = lo[1];
                        int hi = lo[0];
                        if (pat[c] == '-') {
                            int[] h = getEsc(pat, c + 1, to);
                            hi = h[0];
                            c = h[1];
                        }
                        if (lo[0] <= r && r <= hi) {
                            match = true;
                        }
                        ranges++;
                    }
                    if (match == negated) {
                        failed = true;
                    }
                }
                case '?' -> {
                    if (!failed) {
                        if (nm[s] == '/') {
                            failed = true;
                        }
                        s++;
                    }
                    c++;
                }
                default -> {
                    if (pat[c] == '\\') {
                        c++;
                        if (c == to) {
                            throw new BadPatternException();
                        }
                    }
                    if (!failed) {
                        if (pat[c] != nm[s]) {
                            failed = true;
                        }
                        s++;
                    }
                    c++;
                }
            }
        }
        return failed ? -1 : s;
    }

    /** A possibly escaped character of a bracket expression: {@code {char, next index}}. */
    private static int[] getEsc(int[] pat, int c, int to) throws BadPatternException {
        if (c >= to || pat[c] == '-' || pat[c] == ']') {
            throw new BadPatternException();
        }
        if (pat[c] == '\\') {
            c++;
            if (c >= to) {
                throw new BadPatternException();
            }
        }
        int r = pat[c++];
        if (c >= to) {
            throw new BadPatternException();
        }
        return new int[] {r, c};
    }
}
