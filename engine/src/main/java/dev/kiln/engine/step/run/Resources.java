package dev.kiln.engine.step.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one prepared run holds until it is closed: cache leases (locks, use counts) and its scratch
 * directory (copies, heredoc scripts, private caches).
 *
 * <p>Thread-safe: {@link #close()} may come from another thread than the one that prepared, and twice.
 * Closing releases in reverse order of acquisition, then deletes the scratch directory; failures are
 * logged, never thrown, since it runs in cleanup paths.
 */
final class Resources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final Path scratchRoot;
    private final String name;
    private final Deque<AutoCloseable> held = new ArrayDeque<>();
    private Path scratch;
    private boolean closed;

    Resources(Path scratchRoot, String name) {
        this.scratchRoot = scratchRoot;
        this.name = name;
    }

    /** The run's scratch directory (mode 0700), created on first use. */
    synchronized Path scratch() throws IOException {
        if (closed) {
            throw new IllegalStateException("the run's resources are released");
        }
        if (scratch == null) {
            Files.createDirectories(scratchRoot);
            scratch = Files.createTempDirectory(scratchRoot, name + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return scratch;
    }

    /** A new directory in the scratch space with {@code permissions} (e.g. 0755 for a mount source). */
    Path directory(String prefix, int permissions) throws IOException {
        Path dir = Files.createTempDirectory(scratch(), prefix);
        dev.kiln.engine.fs.Posix.chmod(dir, permissions);
        return dir;
    }

    /** Holds {@code resource} until {@link #close()}. */
    synchronized void hold(AutoCloseable resource) {
        held.push(resource);
    }

    @Override
    public void close() {
        Path dir;
        Deque<AutoCloseable> toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dir = scratch;
            toRelease = new ArrayDeque<>(held);
            held.clear();
        }
        for (AutoCloseable r : toRelease) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("release {} of a RUN: {}", r, e.toString());
            }
        }
        if (dir != null) {
            try {
                TreeCopy.delete(dir);
            } catch (IOException e) {
                LOG.warn("delete the RUN scratch directory {}: {}", dir, e.toString());
            }
        }
    }
}
