package dev.kiln.engine.image.layout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Serialises the read-modify-write of a layout's {@code index.json}: between the threads of this JVM (one lock
 * object per layout directory, shared by every {@link OciLayout} instance) and between processes (an exclusive
 * {@code fcntl} lock on the layout's {@code oci-layout} file, which is written once when the layout is made and
 * never replaced, unlike {@code index.json}, which is renamed over on every update). Two builds in separate
 * processes storing entries into one {@code oci:} cache therefore do not lose each other's tags.
 *
 * <p>Thread-safe. Entries are never removed; a process touches few layout directories.
 */
final class IndexLocks {

    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    /** What runs under the lock. */
    interface IndexUpdate {
        void run() throws IOException;
    }

    private IndexLocks() {
    }

    /** The in-process lock for {@code root}, an absolute normalised path. */
    static Object forDirectory(Path root) {
        return LOCKS.computeIfAbsent(root, r -> new Object());
    }

    /**
     * Runs {@code update} holding both locks of the layout at {@code root} (its {@code oci-layout} file must
     * exist). Blocks while another thread or process holds them.
     */
    static void update(Path root, IndexUpdate update) throws IOException {
        synchronized (forDirectory(root)) {
            // JVM file locks are per process: the monitor above keeps two threads from locking twice
            try (FileChannel channel = FileChannel.open(root.resolve("oci-layout"), StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                update.run();
            }
        }
    }
}
