package dev.kiln.testkit.image;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Statically linked busybox binaries per architecture, without internet: amd64 is the host's
 * {@code busybox-static}; arm64 is Debian's {@code busybox-static} {@code .deb}, downloaded once per machine
 * with apt into a private state dir and cached under {@code ${KILN_TESTKIT_CACHE:-~/.cache/kiln-testkit}}.
 *
 * <p>Thread-safe: the download is serialised by a JVM lock and an inter-process file lock, and the binary
 * appears in the cache by an atomic move, so parallel test JVMs fetch it at most once. Each binary is checked
 * to be a static ELF for its architecture, because a dynamic busybox would produce an image that cannot run.
 */
public final class BusyboxBinaries {
    private static final Object LOCK = new Object();
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);

    private BusyboxBinaries() {}

    /**
     * The busybox binary for {@code arch}.
     *
     * @throws IllegalStateException if the binary is not a static ELF for {@code arch}
     * @throws dev.kiln.testkit.process.CommandException if apt cannot fetch the arm64 package
     */
    public static Path binary(Arch arch) {
        return switch (arch) {
            case AMD64 -> checkStaticElf(Tool.BUSYBOX.require(), arch);
            case ARM64 -> cached(arch);
        };
    }

    /** The cache root: {@code $KILN_TESTKIT_CACHE}, else {@code ~/.cache/kiln-testkit}. */
    public static Path cacheRoot() {
        String env = System.getenv("KILN_TESTKIT_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "kiln-testkit");
    }

    /** Every applet path of the host busybox relative to {@code /}, e.g. {@code bin/sh} ({@code busybox --list-full}). */
    public static List<String> appletPaths() {
        String out = Command.of(Tool.BUSYBOX, "--list-full").check().stdout();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("bin/busybox")).toList();
    }

    @SuppressWarnings("try") // the file lock is held for the block, never referenced
    private static Path cached(Arch arch) {
        Path dir = cacheRoot().resolve("busybox-static-" + arch.debianName());
        Path binary = dir.resolve("busybox");
        synchronized (LOCK) {
            if (Files.isRegularFile(binary)) {
                return checkStaticElf(binary, arch);
            }
            try {
                Files.createDirectories(dir);
                try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = ch.lock()) {
                    if (!Files.isRegularFile(binary)) {
                        fetch(arch, dir, binary);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cache busybox-static " + arch.debianName() + " in " + dir + ": " + e.getMessage(), e);
            }
            return checkStaticElf(binary, arch);
        }
    }

    private static void fetch(Arch arch, Path dir, Path binary) throws IOException {
        Tool.requireAll(Tool.APT_GET, Tool.DPKG_DEB);
        try (TempDir work = TempDir.create(dir, "fetch-")) {
            Path lists = work.resolve("lists");
            Path cache = work.resolve("cache");
            Path debs = work.resolve("debs");
            Files.createDirectories(lists.resolve("partial"));
            Files.createDirectories(cache.resolve("archives/partial"));
            Files.createDirectories(debs);
            // private lists and cache: the host's apt state is neither read for arm64 nor changed
            Command apt = Command.of(Tool.APT_GET, "-q",
                    "-oAPT::Architecture=" + arch.debianName(), "-oAPT::Architectures=" + arch.debianName(),
                    "-oDir::State::Lists=" + lists, "-oDir::Cache=" + cache,
                    "-oAPT::Sandbox::User=root").in(debs).timeout(APT_TIMEOUT);
            apt.args("update").check();
            apt.args("download", "busybox-static").check();
            Path deb;
            try (Stream<Path> s = Files.list(debs)) {
                deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElseThrow(() ->
                        new IllegalStateException("download busybox-static " + arch.debianName() + ": no .deb in " + debs));
            }
            Path extracted = work.resolve("x");
            Command.of(Tool.DPKG_DEB, "-x", deb.toString(), extracted.toString()).check();
            Path found = Stream.of("bin/busybox", "usr/bin/busybox").map(extracted::resolve)
                    .filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                            new IllegalStateException("extract " + deb.getFileName() + ": no bin/busybox inside"));
            checkStaticElf(found, arch);
            Path tmp = dir.resolve("busybox.tmp");
            Files.copy(found, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve("SOURCE"), deb.getFileName() + "\n");
            Files.move(tmp, binary, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Returns {@code file} if it is a statically linked 64-bit little-endian ELF executable for {@code arch}.
     *
     * @throws IllegalStateException naming the file and what is wrong otherwise
     */
    static Path checkStaticElf(Path file, Arch arch) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            if (h.position() < 64 || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                throw new IllegalStateException("check busybox " + file + ": not a 64-bit little-endian ELF file");
            }
            int machine = Short.toUnsignedInt(h.getShort(0x12));
            if (machine != arch.elfMachine()) {
                throw new IllegalStateException("check busybox " + file + ": ELF machine " + machine + ", expected "
                        + arch.elfMachine() + " for " + arch.ociName());
            }
            long phoff = h.getLong(0x20);
            int phentsize = Short.toUnsignedInt(h.getShort(0x36));
            int phnum = Short.toUnsignedInt(h.getShort(0x38));
            ByteBuffer ph = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < phnum; i++) {
                ph.clear();
                ch.read(ph, phoff + (long) i * phentsize);
                if (ph.getInt(0) == 3) { // PT_INTERP: needs a dynamic loader the image does not have
                    throw new IllegalStateException("check busybox " + file + ": dynamically linked; install the "
                            + "busybox-static package (apt-get install busybox-static)");
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("check busybox " + file + ": " + e.getMessage(), e);
        }
    }
}
