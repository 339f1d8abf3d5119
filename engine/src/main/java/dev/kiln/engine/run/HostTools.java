package dev.kiln.engine.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host programs RUN isolation drives, by absolute path.
 *
 * <p>Immutable. Absolute paths matter: the final exec chain starts with an empty environment, and in the
 * in-place mode the build may overwrite {@code /usr/bin}, so a deployment running in place points these at
 * a directory the build ignores. All are part of a minimal Debian ({@code util-linux}, {@code coreutils},
 * {@code mount}, {@code dash}); {@code ip} ({@code iproute2}) is optional and only brings up loopback for
 * {@code --network=none}.
 *
 * @param paths the programs found; a missing one fails the run that needs it, naming it
 */
public record HostTools(Map<Tool, Path> paths) {

    /** Where tools are searched besides {@code $PATH}. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** A host program and the Debian package that has it. */
    public enum Tool {
        SH("sh", "dash"),
        UNSHARE("unshare", "util-linux"),
        SETPRIV("setpriv", "util-linux"),
        ENV("env", "coreutils"),
        MOUNT("mount", "mount"),
        UMOUNT("umount", "mount"),
        IP("ip", "iproute2");

        private final String program;
        private final String debianPackage;

        Tool(String program, String debianPackage) {
            this.program = program;
            this.debianPackage = debianPackage;
        }

        /** The program name, e.g. {@code unshare}. */
        public String program() {
            return program;
        }
    }

    public HostTools {
        paths = Map.copyOf(paths);
    }

    /** The tools found in {@code $PATH} and the usual system directories. */
    public static HostTools fromPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String env = System.getenv("PATH");
        if (env != null) {
            dirs.addAll(java.util.Arrays.asList(env.split(":")));
        }
        dirs.addAll(java.util.Arrays.asList(DEFAULT_PATH.split(":")));
        Map<Tool, Path> found = new EnumMap<>(Tool.class);
        for (Tool t : Tool.values()) {
            for (String d : dirs) {
                if (d.isEmpty() || !d.startsWith("/")) {
                    continue;
                }
                Path p = Path.of(d, t.program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    found.put(t, p);
                    break;
                }
            }
        }
        return new HostTools(found);
    }

    /** The tool's path, if found. */
    public Optional<Path> find(Tool tool) {
        return Optional.ofNullable(paths.get(tool));
    }

    /**
     * The tool's path as a string for a command line.
     *
     * @throws RunException ({@link RunException.Reason#SETUP}) naming the tool and its package if missing
     */
    public String require(Tool tool) {
        Path p = paths.get(tool);
        if (p == null) {
            throw new RunException(RunException.Reason.SETUP, "RUN isolation needs the host program "
                    + tool.program + " (Debian package " + tool.debianPackage + "), which is not installed");
        }
        return p.toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("HostTools[");
        for (Tool t : Tool.values()) {
            b.append(t.name().toLowerCase(Locale.ROOT)).append('=').append(paths.getOrDefault(t, null)).append(' ');
        }
        return b.toString().strip() + "]";
    }
}
