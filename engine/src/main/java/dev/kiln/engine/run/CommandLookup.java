package dev.kiln.engine.run;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import java.util.List;
import java.util.Locale;

/**
 * Finds {@code argv[0]} inside the image, as runc does with Go's {@code exec.LookPath} before it starts
 * the process (https://pkg.go.dev/os/exec#LookPath): a name with a {@code /} is checked as is (relative to
 * the working directory), otherwise each {@code PATH} entry is tried in order and the first executable
 * regular file wins. Failures carry Go's message and Docker's exit code: {@code exec: "x": executable file
 * not found in $PATH} (127), {@code exec: "/x": stat /x: no such file or directory} (127), {@code ...:
 * permission denied} or {@code ...: is a directory} (126).
 *
 * <p>Stateless. Lookups run on the host before the mounts exist, so a candidate under a {@code RUN
 * --mount} target cannot be judged here: the result is then {@link Deferred} and the kernel's
 * {@code execvp} inside the run decides (with the same {@code PATH}).
 */
final class CommandLookup {

    /** runc's default {@code PATH} when the environment has none. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandLookup() {}

    /** The outcome of a lookup. */
    sealed interface Result permits Found, Failed, Deferred {
    }

    /** An executable at this container path. */
    record Found(String path) implements Result {
    }

    /** Nothing to execute: the message and the exit code Docker would give. */
    record Failed(String message, int exitCode) implements Result {
    }

    /** The answer lies under a mount target, to be found by the kernel at exec time. */
    record Deferred() implements Result {
    }

    /**
     * Looks {@code name} up in the rootfs.
     *
     * @param path         the {@code PATH} value of the run's environment, or {@code null} for runc's default
     * @param cwd          the working directory, for relative names with a {@code /}
     * @param mountTargets normalised container paths of the run's mount targets
     */
    static Result lookup(Rootfs rootfs, String name, String path, String cwd, List<String> mountTargets) {
        if (name.contains("/")) {
            String absolute = name.startsWith("/") ? name : cwd + "/" + name;
            if (underMount(absolute, mountTargets)) {
                return new Deferred();
            }
            String problem = check(rootfs, absolute, name);
            if (problem == null) {
                return new Found(name);
            }
            return new Failed("exec: " + quote(name) + ": " + problem, problem.endsWith(NO_SUCH) ? 127 : 126);
        }
        String dirs = path == null ? DEFAULT_PATH : path;
        for (String dir : dirs.split(":", -1)) {
            String d = dir.isEmpty() ? "." : dir;
            String candidate = d.endsWith("/") ? d + name : d + "/" + name;
            String absolute = candidate.startsWith("/") ? candidate : cwd + "/" + candidate;
            if (underMount(absolute, mountTargets)) {
                return new Deferred();
            }
            if (check(rootfs, absolute, candidate) == null) {
                return new Found(candidate);
            }
        }
        return new Failed("exec: " + quote(name) + ": executable file not found in $PATH", 127);
    }

    private static final String NO_SUCH = "no such file or directory";

    /** Go's {@code findExecutable}: null if executable, else the error text as Go prints it. */
    private static String check(Rootfs rootfs, String absolute, String shown) {
        Statx st;
        try {
            st = Posix.statx(rootfs.resolve(absolute));
        } catch (PosixException.NotFound e) {
            return "stat " + shown + ": " + NO_SUCH;
        } catch (PosixException e) {
            return "stat " + shown + ": " + e.errno().description().toLowerCase(Locale.ROOT);
        }
        if (st.type() == FileType.DIRECTORY) {
            return "is a directory";
        }
        return (st.permissions() & 0111) != 0 ? null : "permission denied";
    }

    static boolean underMount(String absolute, List<String> mountTargets) {
        String p = RunSpec.normalize(absolute);
        for (String t : mountTargets) {
            if (p.equals(t) || p.startsWith(t.equals("/") ? "/" : t + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code strconv.Quote} for the printable names commands have; control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
