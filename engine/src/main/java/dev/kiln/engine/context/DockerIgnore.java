package dev.kiln.engine.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusion rules of a build context: its {@code .dockerignore}, read and matched as BuildKit does.
 *
 * <p>Immutable and thread-safe (walkers may ask from several threads; a cache of per-directory results
 * grows with the number of directories asked about). Reading follows moby/patternmatcher's
 * {@code ignorefile.ReadAll}: a UTF-8 byte order mark is dropped, lines starting with {@code #} are
 * comments, every other line is trimmed, empty lines are skipped, and the pattern (after an optional
 * {@code !}) is cleaned like a path with leading {@code /} removed, so {@code /a/./b/} means {@code a/b}.
 * Matching follows BuildKit's context walker (tonistiigi/fsutil {@code filterFS.Walk}), see
 * {@link #excluded} and {@link #mayContainIncluded}.
 *
 * <p>Which file: BuildKit first looks for {@code <Dockerfile name>.dockerignore} next to the Dockerfile
 * ({@code app.Dockerfile.dockerignore}) and only without it for {@code .dockerignore} at the context root.
 * Neither the Dockerfile nor the ignore file gets special treatment: they are sent with the context
 * unless a pattern excludes them (BuildKit reads the Dockerfile separately). The classic builder and the
 * old Docker CLI re-included them; BuildKit does not, and neither does Kiln.
 */
public final class DockerIgnore {

    /** The ignore file at the root of a build context. */
    public static final String FILE_NAME = ".dockerignore";

    private static final DockerIgnore NONE = new DockerIgnore("(none)", List.of(), PatternMatcher.compile(List.of()));

    private final String source;
    private final List<Integer> lines;
    private final PatternMatcher matcher;
    private final boolean onlyPrefixExceptions;
    private final Map<String, DirState> dirs = new ConcurrentHashMap<>();

    /** What the walk knows about a directory. */
    private record DirState(boolean excluded, boolean skipped, PatternMatcher.MatchInfo info) {
    }

    private DockerIgnore(String source, List<Integer> lines, PatternMatcher matcher) {
        this.source = source;
        this.lines = List.copyOf(lines);
        this.matcher = matcher;
        // fsutil may skip an excluded directory only if no exception has a wildcard (a trailing /* or /**
        // aside); then only an exception naming a path below the directory can re-include something.
        this.onlyPrefixExceptions = matcher.patterns().stream()
                .noneMatch(p -> p.exclusion() && containsAny(withoutTrailingGlob(p), "*[]?^\\"));
    }

    /** Rules that exclude nothing. */
    public static DockerIgnore none() {
        return NONE;
    }

    /**
     * Reads the rules for a build: {@code <dockerfile>.dockerignore} next to {@code dockerfile} if that file
     * exists (even empty: it then excludes nothing), else {@code contextDir/.dockerignore}, else none.
     * {@code dockerfile} may be null (no Dockerfile-specific file then).
     *
     * @throws IOException if an existing ignore file cannot be read
     * @throws DockerIgnoreException naming the file and line of a pattern Docker rejects
     */
    public static DockerIgnore load(Path contextDir, Path dockerfile) throws IOException {
        Objects.requireNonNull(contextDir, "contextDir");
        if (dockerfile != null && dockerfile.getFileName() != null) {
            Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + FILE_NAME);
            if (Files.isRegularFile(specific)) {
                return read(specific);
            }
        }
        Path root = contextDir.resolve(FILE_NAME);
        return Files.isRegularFile(root) ? read(root) : NONE;
    }

    private static DockerIgnore read(Path file) throws IOException {
        return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * Parses ignore-file text.
     *
     * @param source names the text in error messages, e.g. its path
     * @throws DockerIgnoreException naming {@code source} and the line of a pattern Docker rejects
     */
    public static DockerIgnore parse(String source, String content) {
        List<String> patterns = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] split = content.split("\n", -1);
        int count = content.endsWith("\n") ? split.length - 1 : split.length; // bufio.ScanLines
        for (int i = 0; i < count; i++) {
            String line = split[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = PatternMatcher.trimSpace(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = PatternMatcher.trimSpace(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoPath.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            patterns.add(invert ? "!" + pattern : pattern);
            lines.add(i + 1);
        }
        try {
            return new DockerIgnore(source, lines, PatternMatcher.compile(patterns));
        } catch (InvalidPatternException e) {
            throw new DockerIgnoreException(source, lines.get(e.index()), e);
        }
    }

    /** Where the rules came from: a file path, or {@code (none)}. */
    public String source() {
        return source;
    }

    /** The patterns in effect, in order. */
    public List<PathPattern> patterns() {
        return matcher.patterns();
    }

    /** The matcher, for walkers that track parent results themselves with {@link PatternMatcher.MatchInfo}. */
    public PatternMatcher matcher() {
        return matcher;
    }

    /**
     * Whether the entry at {@code relativePath} (slash-separated, relative to the context root) is left out
     * of the context: it matches, or it lies in a directory that BuildKit's walker skips whole. An excluded
     * directory is still created when something inside it is included (BuildKit sends the parents of every
     * path it sends). {@code isDir} does not change the answer: patterns cannot tell files from directories
     * (a trailing slash is cleaned away).
     */
    public boolean excluded(String relativePath, boolean isDir) {
        String path = normalise(relativePath);
        if (path.equals(".")) {
            return false; // the context root itself is never excluded
        }
        String parent = GoPath.dir(path);
        PatternMatcher.MatchInfo info = PatternMatcher.MatchInfo.NONE;
        if (!parent.equals(".")) {
            DirState state = dir(parent);
            if (state.skipped()) {
                return true;
            }
            info = state.info();
        }
        return matcher.matches(path, info).matched();
    }

    /**
     * Whether a walker must descend into the directory {@code relativeDir}: false only when BuildKit skips
     * it whole, because it is excluded and no exception could re-include anything below it. When this is
     * true for an excluded directory, each entry inside must be checked with {@link #excluded}.
     */
    public boolean mayContainIncluded(String relativeDir) {
        String path = normalise(relativeDir);
        return path.equals(".") || !dir(path).skipped();
    }

    private DirState dir(String path) {
        DirState known = dirs.get(path);
        if (known != null) {
            return known;
        }
        String parent = GoPath.dir(path);
        PatternMatcher.MatchInfo parentInfo = PatternMatcher.MatchInfo.NONE;
        DirState state;
        DirState parentState = parent.equals(".") ? null : dir(parent);
        if (parentState != null && parentState.skipped()) {
            state = new DirState(true, true, parentState.info());
        } else {
            if (parentState != null) {
                parentInfo = parentState.info();
            }
            PatternMatcher.Result r = matcher.matches(path, parentInfo);
            state = new DirState(r.matched(), r.matched() && !mustWalk(path), r.info());
        }
        dirs.putIfAbsent(path, state);
        return state;
    }

    /** fsutil's test for an excluded directory: may an exception re-include something below it? */
    private boolean mustWalk(String dir) {
        if (!onlyPrefixExceptions) {
            return true;
        }
        String dirSlash = dir + "/";
        for (PathPattern p : matcher.patterns()) {
            if (p.exclusion() && (withoutTrailingGlob(p) + "/").startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrailingGlob(PathPattern p) {
        String s = p.text();
        if (s.endsWith("/**")) {
            s = s.substring(0, s.length() - 3);
        }
        if (s.endsWith("/*")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (s.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String relativePath) {
        String p = GoPath.clean(relativePath);
        if (p.startsWith("/")) {
            p = GoPath.clean(p.substring(1));
        }
        if (p.equals("..") || p.startsWith("../")) {
            throw new IllegalArgumentException("path outside the build context: " + relativePath);
        }
        return p;
    }

    /** The source and the line of each pattern, for diagnostics. */
    public List<Integer> lines() {
        return lines;
    }

    @Override
    public String toString() {
        return "DockerIgnore[" + source + ", " + matcher.patterns().size() + " patterns]";
    }
}
