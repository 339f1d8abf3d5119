package dev.kiln.engine.image.layout;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One lock object per layout directory, shared by every {@link OciLayout} instance of this JVM, so that two
 * instances opened on the same directory do not lose each other's {@code index.json} updates.
 *
 * <p>Thread-safe. Entries are never removed; a process touches few layout directories.
 */
final class IndexLocks {

    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private IndexLocks() {
    }

    /** The lock for {@code root}, an absolute normalised path. */
    static Object forDirectory(Path root) {
        return LOCKS.computeIfAbsent(root, r -> new Object());
    }
}
