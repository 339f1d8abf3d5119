package dev.kiln.engine.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of path patterns with exceptions, matched as moby/patternmatcher matches
 * {@code .dockerignore} files (and BuildKit matches {@code COPY --exclude}): the last pattern that matches
 * a path, or one of its parent directories, decides; an exception ({@code !pattern}) re-includes.
 *
 * <p>Immutable and thread-safe. Two ways to match, as in Docker:
 * <ul>
 *   <li>{@link #matches(String)} is {@code MatchesOrParentMatches}: each pattern is tried on the path and
 *       on every parent directory.</li>
 *   <li>{@link #matches(String, MatchInfo)} is {@code MatchesUsingParentResults}, what BuildKit's file
 *       walker (tonistiigi/fsutil) uses while it descends: a pattern that matched the parent directory
 *       matches the child, otherwise only the child's own path is tried. The two can differ, e.g. for
 *       {@code a}, {@code !a/c}, {@code a} and the path {@code a/c}, which the walker keeps.</li>
 * </ul>
 * Paths are relative, slash-separated and clean ({@code a/b}, not {@code ./a/b/}).
 */
public final class PatternMatcher {

    private final List<PathPattern> patterns;
    private final boolean exclusions;

    private PatternMatcher(List<PathPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.exclusions = patterns.stream().anyMatch(PathPattern::exclusion);
    }

    /**
     * Compiles patterns as {@code patternmatcher.New} does: each is trimmed, skipped if empty, cleaned like
     * a path, split off its leading {@code !}, and checked with Go's {@code filepath.Match} syntax.
     *
     * @throws InvalidPatternException naming the first bad pattern and its index in {@code raw}
     */
    public static PatternMatcher compile(List<String> raw) {
        List<PathPattern> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String given = raw.get(i);
            String p = trimSpace(given);
            if (p.isEmpty()) {
                continue;
            }
            p = GoPath.clean(p);
            boolean exclusion = false;
            if (p.charAt(0) == '!') {
                if (p.length() == 1) {
                    throw new InvalidPatternException(given, i, "illegal exclusion pattern: \"!\"");
                }
                exclusion = true;
                p = p.substring(1);
            }
            try {
                GoFilepathMatch.validate(p);
                out.add(PathPattern.compile(p, exclusion));
            } catch (GoFilepathMatch.BadPatternException e) {
                throw new InvalidPatternException(given, i, e.getMessage());
            } catch (GoRegex.SyntaxException e) {
                // Docker reports this only when it first matches a path, as filepath.ErrBadPattern
                throw new InvalidPatternException(given, i, "syntax error in pattern (" + e.getMessage() + ")");
            }
        }
        return new PatternMatcher(out);
    }

    /** The compiled patterns, in order, without the skipped empty ones. */
    public List<PathPattern> patterns() {
        return patterns;
    }

    /** Whether any pattern is an exception ({@code !pattern}). */
    public boolean hasExclusions() {
        return exclusions;
    }

    /** Docker's {@code MatchesOrParentMatches}: whether {@code path} is matched, by itself or a parent. */
    public boolean matches(String path) {
        String parent = GoPath.dir(path);
        String[] parentDirs = parent.split("/", -1);
        boolean matched = false;
        for (PathPattern pattern : patterns) {
            if (pattern.exclusion() != matched) {
                continue; // an inclusion cannot change a match, an exception cannot change a non-match
            }
            boolean match = pattern.matches(path) || (!parent.equals(".") && matchesAParent(pattern, parentDirs));
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return matched;
    }

    /** What one directory's matching tells its children: which patterns matched it. Immutable. */
    public static final class MatchInfo {
        /** For a path at the top of the walk (or when nothing is known): parents are tried one by one. */
        public static final MatchInfo NONE = new MatchInfo(new boolean[0]);

        private final boolean[] parentMatched;

        private MatchInfo(boolean[] parentMatched) {
            this.parentMatched = parentMatched;
        }
    }

    /** The answer for one path, and what its children need to know if it is a directory. Immutable. */
    public record Result(boolean matched, MatchInfo info) {
    }

    /**
     * Docker's {@code MatchesUsingParentResults}: matches {@code path} given the result for its parent
     * directory ({@link MatchInfo#NONE} at the top).
     */
    public Result matches(String path, MatchInfo parent) {
        boolean[] parentMatched = parent.parentMatched;
        if (parentMatched.length != 0 && parentMatched.length != patterns.size()) {
            throw new IllegalArgumentException("match info of another pattern list");
        }
        String[] parentDirs = null;
        boolean[] info = new boolean[patterns.size()];
        boolean matched = false;
        for (int i = 0; i < patterns.size(); i++) {
            PathPattern pattern = patterns.get(i);
            boolean match = parentMatched.length != 0 && parentMatched[i];
            if (!match) {
                if (pattern.exclusion() != matched) {
                    continue;
                }
                match = pattern.matches(path);
                if (!match && parentMatched.length == 0) {
                    String dir = GoPath.dir(path);
                    if (!dir.equals(".")) {
                        if (parentDirs == null) {
                            parentDirs = dir.split("/", -1);
                        }
                        match = matchesAParent(pattern, parentDirs);
                    }
                }
            }
            info[i] = match;
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return new Result(matched, new MatchInfo(info));
    }

    private static boolean matchesAParent(PathPattern pattern, String[] parentDirs) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parentDirs.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parentDirs[i]);
            if (pattern.matches(prefix.toString())) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code strings.TrimSpace}: Unicode white space at both ends. */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int cp) {
        if (cp <= 0xFF) {
            return cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r' || cp == ' '
                    || cp == 0x85 || cp == 0xA0;
        }
        return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    @Override
    public String toString() {
        return "PatternMatcher" + Arrays.toString(patterns.toArray());
    }
}
