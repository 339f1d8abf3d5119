package dev.kiln.engine.context;

/**
 * Go's {@code path.Clean} and {@code path.Dir} for slash-separated paths, which is what
 * {@code filepath.Clean} does on Linux; Docker cleans every {@code .dockerignore} pattern with it.
 *
 * <p>Stateless. {@link java.nio.file.Path#normalize()} differs: it keeps a trailing {@code ..} at the
 * root ({@code /..}) and does not turn the empty path into {@code .}.
 */
final class GoPath {

    private GoPath() {
    }

    /**
     * The shortest equivalent path: repeated slashes become one, {@code .} elements go, {@code x/..} pairs
     * cancel, {@code ..} at the root goes, a trailing slash goes; the empty path is {@code .}.
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder(n);
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            char c = path.charAt(r);
            if (c == '/') {
                r++;
            } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (c == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                    out.setLength(w);
                } else if (!rooted) {
                    if (!out.isEmpty()) {
                        out.append('/');
                    }
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if ((rooted && out.length() != 1) || (!rooted && !out.isEmpty())) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r++));
                }
            }
        }
        return out.isEmpty() ? "." : out.toString();
    }

    /** Go's {@code path.Dir}: everything before the last slash, cleaned ({@code "a"} gives {@code "."}). */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(path.substring(0, slash + 1));
    }
}
