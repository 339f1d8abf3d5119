package dev.kiln.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Scratch directories of the filesystem benchmarks: under {@code /tmp} (a disk here, not tmpfs, as a
 * build's rootfs would be), named {@code kiln-bench-*} so that leftovers of a killed run are easy to
 * find, and removed without following links. Stateless.
 */
final class Scratch {

    private Scratch() {}

    /** A new empty directory {@code /tmp/kiln-bench-<what>-<random>}. */
    static Path create(String what) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), "kiln-bench-" + what + "-");
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
