package dev.kiln.engine.snapshot;

import java.util.Comparator;

/**
 * The order of container paths in change sets: component by component, each component by Unicode code
 * point (which is the byte order of their UTF-8 encoding). So a directory comes right before its
 * subtree, and the subtree is contiguous: {@code /a}, {@code /a/b}, {@code /a-b}. This is the order of
 * a depth-first walk with sorted children (Go's {@code filepath.Walk}, which Docker's and BuildKit's
 * layer writers use), and plain string order would break it, since {@code -} sorts before {@code /}.
 *
 * <p>Immutable and thread-safe: a stateless comparator.
 */
public final class PathOrder implements Comparator<String> {

    /** The one instance. */
    public static final PathOrder INSTANCE = new PathOrder();

    private PathOrder() {}

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                if (ca == '/') {
                    return -1;
                }
                if (cb == '/') {
                    return 1;
                }
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** True if {@code path} is {@code ancestor} or lies below it (both normalised container paths). */
    public static boolean isAtOrBelow(String path, String ancestor) {
        if (ancestor.equals("/")) {
            return true;
        }
        return path.startsWith(ancestor)
                && (path.length() == ancestor.length() || path.charAt(ancestor.length()) == '/');
    }
}
