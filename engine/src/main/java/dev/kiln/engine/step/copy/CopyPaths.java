package dev.kiln.engine.step.copy;

import dev.kiln.engine.context.Glob;

/**
 * Path rules of BuildKit's Dockerfile frontend for {@code COPY}/{@code ADD} operands. Stateless.
 *
 * <ul>
 *   <li>Sources are joined to {@code /} and cleaned ({@code system.NormalizePath("/", src)}): {@code ../x}
 *       and {@code /x} are the same path, trailing slashes and {@code /.} go.</li>
 *   <li>The destination is taken relative to the working directory unless absolute
 *       ({@code pathRelativeToWorkingDir}); {@code .} and the empty string mean the working directory
 *       itself as a directory; a trailing {@code /} or {@code /.} survives cleaning and makes it a
 *       directory.</li>
 * </ul>
 */
final class CopyPaths {

    private CopyPaths() {
    }

    /** A source path as BuildKit normalises it: absolute and clean. */
    static String source(String src) {
        return Glob.clean("/" + src);
    }

    /**
     * The destination as an absolute, clean container path that keeps a trailing {@code /} (or {@code /.})
     * when it was written with one.
     */
    static String destination(String dest, String workdir) {
        String p = dest;
        String parent = workdir == null || workdir.isEmpty() ? "/" : workdir;
        if (!parent.startsWith("/")) {
            parent = Glob.clean("/" + parent);
        }
        if (!p.startsWith("/") && (p.isEmpty() || p.equals("."))) {
            p = "./";
        }
        String out = p.startsWith("/") ? Glob.clean(p) : Glob.clean(parent + "/" + p);
        if (p.endsWith("/") && !out.endsWith("/")) {
            out += "/";
        } else if (p.endsWith("/.")) {
            out = (out.equals("/") ? "/" : out + "/") + ".";
        }
        return out;
    }

    /** Whether a normalised destination names a directory by its syntax: ends with {@code /} or {@code /.}. */
    static boolean isDirectorySyntax(String dest) {
        return dest.endsWith("/") || dest.endsWith("/.");
    }

    /** The destination without its directory marker, e.g. {@code /app/} gives {@code /app}. */
    static String clean(String dest) {
        return Glob.clean(dest);
    }

    /** Go's {@code path.Dir}. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return Glob.clean(path.substring(0, slash + 1));
    }

    /** Go's {@code path.Base} for a clean absolute path: {@code /} for the root. */
    static String base(String path) {
        if (path.equals("/")) {
            return "/";
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
