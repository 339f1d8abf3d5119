package dev.kiln.testkit.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The external programs the harness drives, each with the Debian package that provides it.
 *
 * <p>Immutable (an enum); lookups are cached per JVM in a concurrent map, so it is thread-safe. It exists so
 * that a missing program is reported once, by name and package ("install apt package skopeo"), instead of
 * as an obscure {@code IOException: error=2} from {@link ProcessBuilder}. The search also covers the
 * {@code sbin} directories, because {@code runc} lives in {@code /usr/sbin}, which a non-login PATH may lack.
 */
public enum Tool {
    DOCKER_REGISTRY("docker-registry", "docker-registry"),
    SKOPEO("skopeo", "skopeo"),
    UMOCI("umoci", "umoci"),
    RUNC("runc", "runc"),
    BUILDAH("buildah", "buildah"),
    HTPASSWD("htpasswd", "apache2-utils"),
    OPENSSL("openssl", "openssl"),
    APT_GET("apt-get", "apt"),
    DPKG_DEB("dpkg-deb", "dpkg"),
    BUSYBOX("busybox", "busybox-static"),
    DEBOOTSTRAP("debootstrap", "debootstrap");

    private static final List<String> FALLBACK_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static final Map<Tool, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private final String executable;
    private final String aptPackage;

    Tool(String executable, String aptPackage) {
        this.executable = executable;
        this.aptPackage = aptPackage;
    }

    /** The program's file name, e.g. {@code docker-registry}. */
    public String executable() {
        return executable;
    }

    /** The Debian package that installs it, e.g. {@code apache2-utils} for {@code htpasswd}. */
    public String aptPackage() {
        return aptPackage;
    }

    /** The absolute path of the program, if it is installed and executable. */
    public Optional<Path> find() {
        return FOUND.computeIfAbsent(this, Tool::search);
    }

    /** Whether the program is installed. */
    public boolean isAvailable() {
        return find().isPresent();
    }

    /**
     * The absolute path of the program.
     *
     * @throws ToolMissingException naming the program and its apt package when it is not installed
     */
    public Path require() {
        return find().orElseThrow(() -> new ToolMissingException(List.of(this)));
    }

    /** The tools among {@code tools} that are not installed, in the given order. */
    public static List<Tool> missing(Tool... tools) {
        List<Tool> out = new ArrayList<>();
        for (Tool t : new LinkedHashSet<>(List.of(tools))) {
            if (!t.isAvailable()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Throws one {@link ToolMissingException} listing every missing tool among {@code tools}.
     */
    public static void requireAll(Tool... tools) {
        List<Tool> missing = missing(tools);
        if (!missing.isEmpty()) {
            throw new ToolMissingException(missing);
        }
    }

    private static Optional<Path> search(Tool tool) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(FALLBACK_DIRS);
        for (String d : dirs) {
            Path candidate = Path.of(d, tool.executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
