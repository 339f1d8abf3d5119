package dev.kiln.engine.context;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code filepath.Match} (on Linux) for the wildcards of {@code COPY} and {@code ADD} sources: {@code *}
 * any run of characters but {@code /}, {@code ?} one character but {@code /}, {@code [...]} a class (with
 * {@code ^} negation and ranges), {@code \} escapes the next character.
 *
 * <p>Stateless. It exists so that callers outside this package (the copy step) match source paths with the
 * same port that checks {@code .dockerignore} syntax, instead of a second implementation. BuildKit
 * (tonistiigi/fsutil {@code copy.ResolveWildcards}) splits a source at its first component with a
 * wildcard and matches the rest against paths relative to the part before it; that walk is the caller's.
 */
public final class Glob {

    private Glob() {
    }

    /**
     * Whether all of {@code name} matches {@code pattern}, as {@code filepath.Match}.
     *
     * @throws IllegalArgumentException {@code syntax error in pattern} for a malformed pattern, naming it
     */
    public static boolean matches(String pattern, String name) {
        try {
            return GoFilepathMatch.match(pattern, name);
        } catch (GoFilepathMatch.BadPatternException e) {
            throw new IllegalArgumentException("invalid pattern \"" + pattern + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code name} holds a wildcard ({@code * ? [}) outside a backslash escape: fsutil's
     * {@code containsWildcards}, which decides where the literal prefix of a source ends.
     */
    public static boolean hasWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /**
     * A clean absolute source split at its first component with a wildcard: the literal prefix (absolute,
     * {@code /} when empty) and the rest, the pattern to match below it ({@code ""} without wildcards).
     */
    public record Split(String prefix, String pattern) {

        /**
         * How many levels below the prefix a match can be: one per {@code /} of the pattern, plus one per
         * bracket, which might match a {@code /}. Bounds the walk of a matcher.
         */
        public int depthBound() {
            int n = 1;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '/' || c == '[') {
                    n++;
                }
            }
            return n;
        }
    }

    /** {@code source} split as {@link Split} says; empty components are skipped. */
    public static Split split(String source) {
        List<String> prefix = new ArrayList<>();
        List<String> pattern = new ArrayList<>();
        for (String part : source.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (pattern.isEmpty() && !hasWildcards(part)) {
                prefix.add(part);
            } else {
                pattern.add(part);
            }
        }
        return new Split("/" + String.join("/", prefix), String.join("/", pattern));
    }

    /** Go's {@code path.Clean} for slash-separated paths (the empty path is {@code .}). */
    public static String clean(String path) {
        return GoPath.clean(path);
    }
}
