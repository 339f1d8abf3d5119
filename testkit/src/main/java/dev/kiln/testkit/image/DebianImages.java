package dev.kiln.testkit.image;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Umoci;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Debian bookworm {@code --variant=minbase} image (about 127 MB unpacked, one 51 MB gzip layer), built once
 * per machine with {@code debootstrap} from the apt mirror this machine uses ({@link DebianMirror}) and
 * {@code umoci}, and cached as an OCI layout under
 * {@code ${KILN_TESTKIT_CACHE:-~/.cache/kiln-testkit}/debian-bookworm-minbase/oci}.
 *
 * <p>Thread-safe: the build is serialised by a JVM lock and an inter-process file lock, and happens in a
 * temporary directory next to the cache whose layout is moved into place atomically, so a layout under the
 * cache name is always complete; parallel test JVMs build it at most once (about 60-70 s; {@code SOURCE} beside
 * it says from which mirror and when). Needs root
 * (debootstrap chroots and creates device nodes). The downloaded packages are kept in
 * {@code debootstrap-cache} beside it, so a rebuild after deleting the layout is quicker. The environment
 * variable {@code KILN_TESTKIT_DEBIAN_MIRROR} overrides the mirror.
 */
final class DebianImages {
    static final String SUITE = "bookworm";
    private static final Object LOCK = new Object();
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration UMOCI_TIMEOUT = Duration.ofMinutes(5);

    private DebianImages() {}

    /** The cached layout, built on first use; its image is tagged {@link BaseImages#TAG}. */
    @SuppressWarnings("try") // the file lock is held for the block, never referenced
    static Path minbaseLayout() {
        Path dir = BusyboxBinaries.cacheRoot().resolve("debian-" + SUITE + "-minbase");
        Path layout = dir.resolve("oci");
        synchronized (LOCK) {
            if (Files.isRegularFile(layout.resolve("index.json"))) {
                return layout;
            }
            try {
                Files.createDirectories(dir);
                try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = ch.lock()) {
                    if (!Files.isRegularFile(layout.resolve("index.json"))) {
                        build(dir, layout);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("build Debian " + SUITE + " minbase image in " + dir + ": " + e.getMessage(), e);
            }
            return layout;
        }
    }

    private static void build(Path dir, Path target) throws IOException {
        Tool.requireAll(Tool.DEBOOTSTRAP, Tool.UMOCI);
        String mirror = System.getenv("KILN_TESTKIT_DEBIAN_MIRROR");
        if (mirror == null || mirror.isBlank()) {
            mirror = DebianMirror.find(Path.of("/etc/apt"), SUITE).orElse(DebianMirror.FALLBACK);
        }
        Arch arch = hostArch();
        Path cache = Files.createDirectories(dir.resolve("debootstrap-cache"));
        try (TempDir work = TempDir.create(dir, "build-")) {
            Path layout = work.resolve("oci");
            Path bundle = work.resolve("bundle");
            Path rootfs = bundle.resolve("rootfs");
            Umoci.init(layout);
            Umoci.newImage(layout, BaseImages.TAG);
            Umoci.unpack(layout, BaseImages.TAG, bundle);
            try {
                Command.of(Tool.DEBOOTSTRAP, "--variant=minbase", "--arch=" + arch.debianName(), "--cache-dir=" + cache,
                        SUITE, rootfs.toString(), mirror).timeout(DEBOOTSTRAP_TIMEOUT).check();
            } finally {
                unmountBelow(bundle); // a failed debootstrap can leave /proc or /sys mounted in the target
            }
            slimDown(rootfs);
            Command.of(Tool.UMOCI, "repack", "--image", layout + ":" + BaseImages.TAG, bundle.toString())
                    .timeout(UMOCI_TIMEOUT).check();
            Umoci.config(layout, BaseImages.TAG, "--architecture", arch.ociName(), "--os", "linux",
                    "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--config.cmd", "bash", "--author", "kiln-testkit");
            Umoci.gc(layout);
            TempDir.deleteRecursively(bundle);
            Files.writeString(dir.resolve("SOURCE"), "debootstrap --variant=minbase " + SUITE + " " + mirror
                    + " at " + Instant.now() + "\n");
            Files.move(layout, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** What an image does not need: downloaded packages, apt lists, logs; and no copy of the host's resolv.conf. */
    private static void slimDown(Path rootfs) throws IOException {
        deleteChildren(rootfs.resolve("var/cache/apt/archives"), p -> p.getFileName().toString().endsWith(".deb"));
        deleteChildren(rootfs.resolve("var/lib/apt/lists"), p -> true);
        deleteChildren(rootfs.resolve("var/log"), p -> p.getFileName().toString().endsWith(".log"));
        Path resolv = rootfs.resolve("etc/resolv.conf");
        Files.deleteIfExists(resolv);
        Files.createFile(resolv);
    }

    private static void deleteChildren(Path dir, java.util.function.Predicate<Path> which) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(which).toList()) {
                TempDir.deleteRecursively(p);
            }
        }
    }

    /** Unmounts (lazily, deepest first) whatever is mounted below {@code dir}. */
    private static void unmountBelow(Path dir) throws IOException {
        String prefix = dir.toRealPath() + "/";
        List<String> targets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                String mountPoint = unescape(fields[4]);
                if (mountPoint.startsWith(prefix)) {
                    targets.add(mountPoint);
                }
            }
        }
        targets.sort(Comparator.comparingInt(String::length).reversed());
        for (String t : targets) {
            Command.of("umount", "-l", t).run();
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Arch hostArch() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> Arch.AMD64;
            case "aarch64", "arm64" -> Arch.ARM64;
            default -> throw new IllegalStateException("build Debian image: no Debian architecture for os.arch " + arch);
        };
    }
}
