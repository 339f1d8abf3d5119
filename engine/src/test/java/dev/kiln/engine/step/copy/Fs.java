package dev.kiln.engine.step.copy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds trees with exact metadata and describes trees compactly, for expected-tree comparisons. */
final class Fs {

    /** The mtime every fixture file gets. */
    static final Instant T0 = Instant.parse("2020-01-02T03:04:05.123456789Z");

    private Fs() {
    }

    static Path file(Path root, String rel, String content, int mode) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Posix.chmod(p, mode);
        Posix.setTimes(p, T0, T0);
        return p;
    }

    static Path dir(Path root, String rel, int mode) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p);
        Posix.chmod(p, mode);
        return p;
    }

    static Path link(Path root, String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Posix.symlink(target, p);
        return p;
    }

    /** Sets the times of every directory below (and of) {@code root} to {@link #T0}, deepest first. */
    static void settle(Path root) throws IOException {
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (Posix.statx(p).type() == FileType.DIRECTORY) {
                    Posix.setTimes(p, T0, T0);
                }
            }
        }
    }

    /**
     * One line per entry below {@code root}: {@code file 0644 0:0 "content"}, {@code dir 0755 0:0},
     * {@code link 0:0 -> target}.
     */
    static SortedMap<String, String> describe(Path root) throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        try (Stream<Path> w = Files.walk(root)) {
            w.filter(p -> !p.equals(root)).forEach(p -> {
                try {
                    out.put("/" + root.relativize(p), entry(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return out;
    }

    static String entry(Path p) throws IOException {
        Statx st = Posix.statx(p);
        String owner = Integer.toUnsignedString(st.uid()) + ":" + Integer.toUnsignedString(st.gid());
        String mode = String.format("%04o", st.permissions());
        return switch (st.type()) {
            case REGULAR -> "file " + mode + " " + owner + " \"" + Files.readString(p) + "\"";
            case DIRECTORY -> "dir " + mode + " " + owner;
            case SYMLINK -> "link " + owner + " -> " + Posix.readlink(p);
            default -> st.type().name().toLowerCase() + " " + mode + " " + owner;
        };
    }

    static Instant mtime(Path p) throws IOException {
        return Posix.statx(p).mtime();
    }
}
