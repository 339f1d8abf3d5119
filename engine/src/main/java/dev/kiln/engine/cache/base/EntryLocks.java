package dev.kiln.engine.cache.base;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive locks on files in {@code <cache>/.locks/}, held across processes and threads: an advisory
 * {@link FileChannel#lock()} (released by the kernel when the process dies, even by {@code SIGKILL}) under a
 * per-file semaphore of this JVM. The semaphore is needed because JVM file locks belong to the process: a
 * second thread asking for the same file would get an {@code OverlappingFileLockException} instead of
 * waiting. It is a semaphore, not a reentrant lock, so that a thread holding a lock never "tries" it again
 * successfully (the stale-temp clean-up relies on that).
 *
 * <p>Thread-safe. Lock files are never deleted while they may be in use (a deleted and re-created lock file
 * would be a second, independent lock); only the unique ones of scratch directories are removed by their owner.
 */
final class EntryLocks {

    private static final ConcurrentMap<Path, Semaphore> LOCAL = new ConcurrentHashMap<>();

    private EntryLocks() {
    }

    /** A held lock; closing releases it (file lock first, then the JVM's). */
    static final class Held implements AutoCloseable {
        private final Semaphore local;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean released;

        private Held(Semaphore local, FileChannel channel, FileLock lock) {
            this.local = local;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public synchronized void close() throws IOException {
            if (released) {
                return;
            }
            released = true;
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    local.release();
                }
            }
        }
    }

    /** Waits for the lock on {@code file} (created if absent). */
    static Held acquire(Path file) throws IOException, InterruptedException {
        Semaphore local = local(file);
        local.acquire();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return new Held(local, channel, lock);
        } catch (IOException | RuntimeException | Error e) {
            if (channel != null) {
                channel.close();
            }
            local.release();
            throw e;
        }
    }

    /** The lock on {@code file} if nobody (this JVM or another process) holds it now; never waits. */
    static Optional<Held> tryAcquire(Path file) throws IOException {
        Semaphore local = local(file);
        if (!local.tryAcquire()) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                local.release();
                return Optional.empty();
            }
            return Optional.of(new Held(local, channel, lock));
        } catch (IOException | RuntimeException | Error e) {
            if (channel != null) {
                channel.close();
            }
            local.release();
            throw e;
        }
    }

    private static Semaphore local(Path file) {
        return LOCAL.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Semaphore(1));
    }
}
