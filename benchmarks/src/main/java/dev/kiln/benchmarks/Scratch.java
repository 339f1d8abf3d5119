package dev.kiln.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Scratch directories of the filesystem benchmarks: under {@code /tmp} (a disk here, not tmpfs, as a
 * build's rootfs would be) or under {@code $KILN_BENCH_DIR} if set (forked JVMs inherit the environment),
 * named {@code kiln-bench-*} so that leftovers of a killed run are easy to find, and removed without
 * following links. Stateless.
 *
 * <p>Why the variable: on the development VM the root filesystem is ext4 without a journal, whose inode
 * allocator skips inodes deleted in the last minute or more at a high CPU cost (see
 * {@link ExtractBenchmark}), so creating a file where files were recently deleted (any tree with churn,
 * {@code /tmp} first) costs up to about 0.7 ms against 20 µs elsewhere and under 10 µs on tmpfs:
 * something of the machine, not of Kiln, which {@code KILN_BENCH_DIR=/dev/shm} takes out.
 */
final class Scratch {

    /** Where scratch directories go unless {@code KILN_BENCH_DIR} says otherwise. */
    static final String DEFAULT_BASE = "/tmp";

    private Scratch() {}

    /** A new empty directory {@code <base>/kiln-bench-<what>-<random>}. */
    static Path create(String what) throws IOException {
        String base = System.getenv("KILN_BENCH_DIR");
        return Files.createTempDirectory(Path.of(base == null || base.isBlank() ? DEFAULT_BASE : base),
                "kiln-bench-" + what + "-");
    }

    /** Removes {@code root} and everything below it; symlinks are removed, never followed. Null is ignored. */
    static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
