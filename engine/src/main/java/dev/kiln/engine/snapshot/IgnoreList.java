package dev.kiln.engine.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The container paths a snapshot never records and never walks into, with kaniko's semantics
 * ({@code util.CheckIgnoreList}): a rule {@code /a/b} ignores {@code /a/b} and everything below it; a
 * {@link Scope#BELOW_ONLY} rule keeps the path itself but ignores what is below. Like kaniko, each path
 * component of a rule may be a {@code filepath.Match} pattern ({@code /var/lib/*}/cache), checked
 * component by component.
 *
 * <p>Immutable and thread-safe: {@code with*} methods return new lists, so a step can add its RUN mount
 * points without affecting the build's list. It exists because the ignore list is assembled from five
 * sources (see {@link #forBuild} and {@link #forInPlaceBuild}) and checked for every entry of every
 * scan, so it must be cheap: literal rules (the usual case) are hash-set lookups, and the walk asks only
 * about the path at hand, never about its ancestors (which it did not enter if they were ignored).
 */
public final class IgnoreList {

    /** What a rule covers. */
    public enum Scope {
        /** The path and everything below it (kaniko's {@code PrefixMatchOnly: false}). */
        PATH_AND_BELOW,
        /** Only what is below the path; the path itself is recorded (kaniko's {@code PrefixMatchOnly: true}). */
        BELOW_ONLY
    }

    /**
     * One rule.
     *
     * <p>Immutable.
     *
     * @param path   an absolute container path, normalised (no {@code .}, {@code ..}, repeated or trailing
     *               slashes); components may be {@code filepath.Match} patterns
     * @param scope  what the rule covers
     * @param origin why the rule exists, for logs and messages (e.g. {@code --ignore-path})
     */
    public record Rule(String path, Scope scope, String origin) {
        public Rule {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(origin, "origin");
            path = normalise(path, origin);
        }

        /** A rule for the path and everything below it. */
        public static Rule pathAndBelow(String path, String origin) {
            return new Rule(path, Scope.PATH_AND_BELOW, origin);
        }

        /** A rule for everything below the path, not the path itself. */
        public static Rule belowOnly(String path, String origin) {
            return new Rule(path, Scope.BELOW_ONLY, origin);
        }
    }

    /** Kaniko's ignore-list entries for an in-place build besides the mounts, executor and /var/run. */
    static final List<Rule> KANIKO_IN_PLACE_DEFAULTS = List.of(
            Rule.pathAndBelow("/etc/mtab", "kaniko default (mount table of the build container)"),
            Rule.belowOnly("/tmp/apt-key-gpghome", "kaniko default (apt-key's temporary keyring)"));

    private static final IgnoreList NONE = new IgnoreList(List.of());

    private final List<Rule> rules;
    private final Set<String> literalTree = new HashSet<>();
    private final Set<String> literalBelow = new HashSet<>();
    private final List<GlobRule> globs = new ArrayList<>();

    private IgnoreList(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        for (Rule r : this.rules) {
            String[] components = components(r.path());
            boolean pattern = false;
            for (String c : components) {
                pattern |= Glob.isPattern(c);
            }
            if (!pattern) {
                (r.scope() == Scope.PATH_AND_BELOW ? literalTree : literalBelow).add(r.path());
                continue;
            }
            Pattern[] compiled = new Pattern[components.length];
            for (int i = 0; i < components.length; i++) {
                if (Glob.isPattern(components[i])) {
                    try {
                        compiled[i] = Glob.compile(components[i]);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("ignore path \"" + r.path() + "\" (" + r.origin()
                                + "): invalid pattern \"" + components[i] + "\": " + e.getMessage(), e);
                    }
                }
            }
            globs.add(new GlobRule(r.scope(), components, compiled));
        }
    }

    /** The empty list. */
    public static IgnoreList none() {
        return NONE;
    }

    /** A list of exactly these rules. */
    public static IgnoreList of(Collection<Rule> rules) {
        return rules.isEmpty() ? NONE : new IgnoreList(List.copyOf(rules));
    }

    /**
     * The list for a build in its own rootfs directory: each {@code --ignore-path} (path and below) and,
     * unless {@code --ignore-var-run=false}, {@code /var/run} (path and below).
     *
     * @throws IllegalArgumentException naming an ignore path that is relative, {@code /} or a bad pattern
     */
    public static IgnoreList forBuild(List<String> ignorePaths, boolean ignoreVarRun) {
        List<Rule> rules = new ArrayList<>();
        for (String p : ignorePaths) {
            rules.add(Rule.pathAndBelow(p, "--ignore-path"));
        }
        if (ignoreVarRun) {
            rules.add(Rule.pathAndBelow("/var/run", "--ignore-var-run"));
        }
        return of(rules);
    }

    /**
     * The list for an in-place build (the rootfs is {@code /} of the executor's own container, as in
     * kaniko): {@link #forBuild}'s rules, plus the executor's own directory, plus every mount point
     * except {@code /} (from {@link MountInfo#mountPoints}), plus kaniko's two defaults {@code /etc/mtab}
     * and below {@code /tmp/apt-key-gpghome}.
     */
    public static IgnoreList forInPlaceBuild(List<String> ignorePaths, boolean ignoreVarRun, String executorDir,
                                             Collection<String> mountPoints) {
        List<Rule> rules = new ArrayList<>(forBuild(ignorePaths, ignoreVarRun).rules);
        rules.add(Rule.pathAndBelow(executorDir, "executor directory"));
        for (String m : mountPoints) {
            if (!m.equals("/")) {
                rules.add(Rule.pathAndBelow(escapePattern(m), "mount point"));
            }
        }
        rules.addAll(KANIKO_IN_PLACE_DEFAULTS);
        return of(rules);
    }

    /** This list plus {@code more}. */
    public IgnoreList with(Collection<Rule> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(more);
        return new IgnoreList(all);
    }

    /** This list plus the rules of {@code other}. */
    public IgnoreList with(IgnoreList other) {
        return with(other.rules);
    }

    /**
     * This list plus RUN mount points (path and below: what a mount showed is not part of the image,
     * and a target created for the mount is the step's business, not the snapshot's). Mount targets are
     * literal paths: pattern characters in them are escaped.
     */
    public IgnoreList withRunMounts(Collection<String> targets) {
        List<Rule> more = new ArrayList<>();
        for (String t : targets) {
            more.add(Rule.pathAndBelow(escapePattern(t), "RUN mount"));
        }
        return with(more);
    }

    /** The rules, in the order they were added. */
    public List<Rule> rules() {
        return rules;
    }

    /** True if there are no rules. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** True if the container path (absolute, normalised) is ignored by some rule. */
    public boolean isIgnored(String path) {
        if (rules.isEmpty() || path.equals("/")) {
            return false;
        }
        for (int end = path.length(); end > 0; end = path.lastIndexOf('/', end - 1)) {
            String prefix = end == path.length() ? path : path.substring(0, end);
            if (literalTree.contains(prefix) || (end != path.length() && literalBelow.contains(prefix))) {
                return true;
            }
        }
        if (globs.isEmpty()) {
            return false;
        }
        String[] components = components(path);
        for (GlobRule g : globs) {
            if (g.covers(components)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For the walk, whose caller has entered the parent: true if a {@link Scope#PATH_AND_BELOW} rule
     * names exactly this path.
     */
    boolean ignoresExactly(String path, int depth) {
        if (literalTree.contains(path)) {
            return true;
        }
        return !globs.isEmpty() && matchesGlob(path, depth, Scope.PATH_AND_BELOW);
    }

    /** For the walk: true if a {@link Scope#BELOW_ONLY} rule names exactly this directory. */
    boolean ignoresChildrenOf(String dir, int depth) {
        if (literalBelow.contains(dir)) {
            return true;
        }
        return !globs.isEmpty() && matchesGlob(dir, depth, Scope.BELOW_ONLY);
    }

    private boolean matchesGlob(String path, int depth, Scope scope) {
        String[] components = null;
        for (GlobRule g : globs) {
            if (g.scope == scope && g.components.length == depth) {
                if (components == null) {
                    components = components(path);
                }
                if (g.matchesPrefix(components)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IgnoreList l && l.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "IgnoreList" + rules;
    }

    private record GlobRule(Scope scope, String[] components, Pattern[] patterns) {
        /** True if the rule covers a path with these components. */
        boolean covers(String[] path) {
            int need = scope == Scope.PATH_AND_BELOW ? components.length : components.length + 1;
            return path.length >= need && matchesPrefix(path);
        }

        boolean matchesPrefix(String[] path) {
            for (int i = 0; i < components.length; i++) {
                boolean ok = patterns[i] == null ? components[i].equals(path[i]) : patterns[i].matcher(path[i]).matches();
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The components of a normalised absolute path; none for {@code /}. */
    static String[] components(String path) {
        return path.equals("/") ? new String[0] : path.substring(1).split("/");
    }

    /** The number of components of a normalised absolute path ({@code /} has 0). */
    static int depth(String path) {
        if (path.length() == 1) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** Escapes pattern characters so that a literal path (a mount point) matches only itself. */
    static String escapePattern(String path) {
        if (!Glob.isPattern(path)) {
            return path;
        }
        StringBuilder b = new StringBuilder(path.length() + 4);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Cleans an absolute path lexically as Go's {@code filepath.Clean}: repeated slashes, {@code .} and
     * trailing slashes go, {@code ..} removes the component before it ({@code /..} is {@code /}).
     */
    static String normalise(String path, String origin) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("ignore path \"" + path + "\" (" + origin
                    + "): must be an absolute path inside the container");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("ignore path \"" + path.replace("\0", "\\0") + "\" (" + origin
                    + "): contains a NUL character");
        }
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(c);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("ignore path \"" + path + "\" (" + origin
                    + "): would ignore the whole filesystem");
        }
        return "/" + String.join("/", out);
    }
}
