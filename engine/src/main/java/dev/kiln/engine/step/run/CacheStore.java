package dev.kiln.engine.step.run;

import dev.kiln.engine.crypto.Sha256;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.fs.Posix;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The {@code type=cache} directories of a cache root, with BuildKit's sharing modes.
 *
 * <p>Layout: {@code <root>/<key>/data} is the cache of one id, {@code <root>/<key>/lock} the file lock of
 * {@code sharing=locked}; {@code <key>} is the id made safe for a file name (letters, digits, {@code . _ -}
 * kept, anything else {@code _}, at most 48 characters) plus 16 hex digits of its SHA-256, so different ids
 * never share a directory and no id can name a path outside the root. A cache directory is created in a
 * temporary sibling (seeded, owned and moded) and renamed into place, so no run ever sees it half-made.
 *
 * <p>Sharing: {@code shared} runs use the directory at once; {@code locked} runs wait for each other, in this
 * JVM (a semaphore per id) and across processes on the same root (an exclusive {@link FileChannel#lock()} on
 * the lock file); {@code private} runs use the directory only if no run of this JVM uses it, else a fresh
 * directory (seeded likewise) in the run's scratch space, discarded afterwards. Across processes
 * {@code private} behaves as {@code shared}.
 *
 * <p>Thread-safe: the per-id state lives in a static map, so every {@link RunStep} of the JVM sees the same
 * users and locks. Acquiring may block (a locked cache in use); call it on a virtual thread.
 */
final class CacheStore {

    /** What one run holds: the directory to mount and how to give it back. */
    interface Lease extends AutoCloseable {
        Path directory();

        @Override
        void close() throws IOException;
    }

    /** Fills a new cache directory: copies the seed (a stage's or image's directory) into it, if any. */
    @FunctionalInterface
    interface Seed {
        /** The host directory to copy from, empty for an empty cache. */
        Optional<Path> directory() throws IOException;
    }

    /** Owner and mode for a new cache directory, each empty when not given. */
    record Ownership(OptionalLong mode, OptionalLong uid, OptionalLong gid) {
    }

    private static final class State {
        final Semaphore locked = new Semaphore(1, true);
        final Object create = new Object();
        int users;
    }

    private static final Map<Path, State> STATES = new ConcurrentHashMap<>();

    private final Path root;

    CacheStore(Path root) {
        this.root = root;
    }

    /** The directory name for cache {@code id}. */
    static String key(String id) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < id.length() && safe.length() < 48; i++) {
            char c = id.charAt(i);
            safe.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '-' ? c : '_');
        }
        byte[] sha = Sha256.newDigest().digest(id.getBytes(StandardCharsets.UTF_8));
        return safe + "-" + HexFormat.of().formatHex(sha, 0, 8);
    }

    /**
     * Takes cache {@code id} for one run, creating it if needed.
     *
     * @param scratch the run's scratch directory, for a private copy
     */
    Lease acquire(String id, RunMount.Sharing sharing, Seed seed, Ownership ownership, Path scratch)
            throws IOException, InterruptedException {
        Path keyDir = root.resolve(key(id));
        Files.createDirectories(keyDir);
        State state = STATES.computeIfAbsent(keyDir, k -> new State());
        Path data = keyDir.resolve("data");
        switch (sharing) {
            case SHARED -> {
                ensure(state, keyDir, data, seed, ownership);
                return use(state, data, () -> { });
            }
            case PRIVATE -> {
                synchronized (state) {
                    if (state.users == 0) {
                        state.users++;
                        try {
                            ensure(state, keyDir, data, seed, ownership);
                        } catch (IOException | RuntimeException e) {
                            release(state);
                            throw e;
                        }
                        return lease(state, data, () -> { });
                    }
                }
                Path fresh = scratch.resolve("cache-" + key(id) + "-" + UUID.randomUUID());
                create(fresh, seed, ownership);
                return new Lease() {
                    @Override
                    public Path directory() {
                        return fresh;
                    }

                    @Override
                    public void close() throws IOException {
                        TreeCopy.delete(fresh);
                    }
                };
            }
            case LOCKED -> {
                state.locked.acquire();
                FileChannel channel = null;
                try {
                    channel = FileChannel.open(keyDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    channel.lock(); // waits for a locked run of another process; released by closing the channel
                    ensure(state, keyDir, data, seed, ownership);
                } catch (IOException | RuntimeException e) {
                    if (channel != null) {
                        channel.close();
                    }
                    state.locked.release();
                    throw e;
                }
                FileChannel held = channel;
                return use(state, data, () -> {
                    try {
                        held.close();
                    } finally {
                        state.locked.release();
                    }
                });
            }
        }
        throw new IllegalStateException("sharing " + sharing);
    }

    private interface Release {
        void run() throws IOException;
    }

    private static Lease use(State state, Path data, Release release) {
        synchronized (state) {
            state.users++;
        }
        return lease(state, data, release);
    }

    private static Lease lease(State state, Path data, Release release) {
        return new Lease() {
            private boolean closed;

            @Override
            public Path directory() {
                return data;
            }

            @Override
            public synchronized void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    release.run();
                } finally {
                    release(state);
                }
            }
        };
    }

    private static void release(State state) {
        synchronized (state) {
            state.users--;
        }
    }

    /** Creates {@code data} if missing: in a temporary sibling, renamed into place. */
    private static void ensure(State state, Path keyDir, Path data, Seed seed, Ownership ownership) throws IOException {
        synchronized (state.create) {
            if (Files.isDirectory(data)) {
                return;
            }
            Path temp = keyDir.resolve("tmp-" + UUID.randomUUID());
            try {
                create(temp, seed, ownership);
                Files.move(temp, data, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // another process made it first: use theirs
            } finally {
                TreeCopy.delete(temp);
            }
        }
    }

    /**
     * Makes a cache directory: a copy of the seed (keeping its owner and mode unless given) or an empty
     * directory, 0755 root:root unless given (BuildKit's defaults).
     */
    private static void create(Path dir, Seed seed, Ownership ownership) throws IOException {
        Optional<Path> from = seed.directory();
        if (from.isPresent()) {
            TreeCopy.copy(from.get(), dir);
        } else {
            Files.createDirectory(dir);
            Posix.lchown(dir, 0, 0);
            Posix.chmod(dir, 0755);
        }
        if (ownership.uid().isPresent() || ownership.gid().isPresent()) {
            Posix.lchown(dir, (int) ownership.uid().orElse(0), (int) ownership.gid().orElse(0));
        }
        if (ownership.mode().isPresent() || ownership.uid().isPresent() || ownership.gid().isPresent()) {
            Posix.chmod(dir, (int) ownership.mode().orElse(0755) & 07777);
        }
    }
}
