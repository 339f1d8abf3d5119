package dev.kiln.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary directory that is deleted, with everything in it, on {@link #close()} or at JVM exit.
 *
 * <p>Thread-safe: the path is fixed and deletion is idempotent. It exists because fixtures create trees
 * (registry storage, vfs stores, unpacked bundles) that must not pile up in {@code /tmp} across runs.
 * Deletion does not follow symbolic links, so a link to {@code /} inside an image rootfs is harmless.
 */
public final class TempDir implements AutoCloseable {
    private final Path path;
    private final ShutdownCleanup.Registration cleanup;

    private TempDir(Path path, boolean untilExit) {
        this.path = path;
        Runnable delete = () -> deleteRecursively(path);
        this.cleanup = untilExit
                ? ShutdownCleanup.registerForExit("delete " + path, delete)
                : ShutdownCleanup.register("delete " + path, delete);
    }

    /** A new directory under {@code java.io.tmpdir} named {@code prefix} plus a random suffix. */
    public static TempDir create(String prefix) {
        try {
            return new TempDir(Files.createTempDirectory(prefix), false);
        } catch (IOException e) {
            throw new UncheckedIOException("create temp dir " + prefix + "*: " + e.getMessage(), e);
        }
    }

    /** A new directory under {@code parent} (created if missing), for work that ends in a same-filesystem move. */
    public static TempDir create(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return new TempDir(Files.createTempDirectory(parent, prefix), false);
        } catch (IOException e) {
            throw new UncheckedIOException("create temp dir " + parent.resolve(prefix) + "*: " + e.getMessage(), e);
        }
    }

    /** A directory meant to live until JVM exit (a per-JVM cache); its deletion then is not reported as a leak. */
    public static TempDir createUntilExit(String prefix) {
        try {
            return new TempDir(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("create temp dir " + prefix + "*: " + e.getMessage(), e);
        }
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** {@code path().resolve(other)}. */
    public Path resolve(String other) {
        return path.resolve(other);
    }

    /** Deletes the directory tree; idempotent. */
    @Override
    public void close() {
        cleanup.close();
        deleteRecursively(path);
    }

    /**
     * Deletes {@code root} and everything below it, never following symbolic links; a missing root is fine.
     *
     * @throws UncheckedIOException naming the path that could not be deleted
     */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof NoSuchFileException)) {
                        throw exc;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("delete " + root + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
