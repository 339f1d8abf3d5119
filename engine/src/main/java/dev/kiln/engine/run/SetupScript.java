package dev.kiln.engine.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A POSIX shell script, built line by line with every value single-quoted, that prepares the namespaces of
 * a run and then {@code exec}s its positional arguments (the {@link ExecChain}).
 *
 * <p>Not thread-safe; one per run. The script runs under the host's {@code /bin/sh} inside the new
 * namespaces. Its own stderr goes to a log file until the final {@code exec}, so setup errors do not mix
 * with the command's output: a failing required step prints {@code kiln: <step> failed} and exits 125
 * (Docker's code for errors of the runtime itself); optional steps (loopback) may fail silently. Mounts
 * are not steps of their own: a step runs {@code mount -a} on a generated {@link Fstab}, where optional
 * mounts ({@code devpts}, {@code sysfs}) are {@code nofail} and {@code mount} names a failing entry in
 * the log. Just before the {@code exec} it creates a marker file, so the caller can
 * tell a setup failure from a command that failed.
 */
final class SetupScript {

    /** Exit code of a failed setup step. */
    static final int SETUP_FAILED = 125;

    private final List<String> lines = new ArrayList<>();

    SetupScript(String log) {
        lines.add("set -u");
        lines.add("exec 3>&2 2>>" + q(log));
        lines.add("fail() { echo \"kiln: $1 failed\" >&2; exit " + SETUP_FAILED + "; }");
    }

    /** A required step: the script stops with a message naming {@code what} if it fails. */
    SetupScript step(String what, String... command) {
        lines.add(words(command) + " || fail " + q(what));
        return this;
    }

    /** An optional step: failure is ignored. */
    SetupScript optional(String... command) {
        lines.add(words(command) + " 2>/dev/null || :");
        return this;
    }

    /** A required step given as raw shell text (the caller quotes values with {@link #q}). */
    SetupScript raw(String what, String shell) {
        lines.add("{ " + shell + "; } || fail " + q(what));
        return this;
    }

    /** The script: the steps, the ready marker, stderr restored, stdin emptied, then {@code exec "$@"}. */
    String finish(String readyMarker) {
        List<String> all = new ArrayList<>(lines);
        all.add(": > " + q(readyMarker) + " || fail 'mark the setup done'");
        all.add("exec 2>&3 3>&- </dev/null");
        all.add("exec \"$@\"");
        return String.join("\n", all) + "\n";
    }

    private static String words(String... command) {
        StringBuilder b = new StringBuilder();
        for (String w : command) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(q(w));
        }
        return b.toString();
    }

    /** Single-quotes a value for the shell; the only character needing care inside is {@code '} itself. */
    static String q(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
