package dev.kiln.engine.cache.base;

import dev.kiln.engine.image.layout.AtomicFiles;
import dev.kiln.engine.layer.extract.RootfsCleaner;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The base-image cache: kaniko's {@code --cache-dir}, filled by the warmer and read by builds, so that a
 * build's {@code FROM} needs no registry.
 *
 * <p><b>Layout.</b> Each image is an OCI image layout directory named by its (platform-specific) manifest
 * digest, {@code <dir>/sha256-<hex>}, whose {@code index.json} tags the manifest {@value #LAYOUT_TAG}, plus
 * {@value #RECORD_FILE}: every reference the entry was warmed from, with the platform asked for and when
 * ({@link EntryRecord}).
 *
 * <p><b>Concurrency.</b> Thread-safe, and several processes (warmers and executors on one volume) may share
 * the directory. An entry is written into {@code .tmp-...} in the cache directory and renamed into place
 * under a per-digest lock ({@code .locks/sha256-<hex>.lock}, a file lock plus a lock of this JVM): a second
 * writer waits, then finds the entry and only records its reference. Replacing an entry ({@code force})
 * swaps the directories in one step ({@link DirectorySwap}); its content is the same by construction (the
 * name is the manifest digest), so a reader that opened the old one keeps reading identical blobs. The
 * record is rewritten by rename. Readers take no lock: they see complete entries or none.
 *
 * <p><b>Failures.</b> A lookup never fails: an absent, expired or corrupt entry (logged as a warning) is a
 * miss. A temporary directory left by a killed writer is never read, and is deleted by a later
 * {@link #store} once its lock is free and it is older than {@link #STALE_TEMP_AGE}. Layers read from an
 * entry are verified against their digests while streamed; {@link #store} verifies every blob it writes.
 *
 * <p>All methods block on file I/O: call them on worker or virtual threads.
 */
public final class BaseImageCache {

    /** How old an unlocked temporary directory must be before a writer deletes it. */
    public static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    /** The tag of the image in each entry's {@code index.json}. */
    public static final String LAYOUT_TAG = "image";

    /** The record of what an entry was warmed from. */
    public static final String RECORD_FILE = "kiln-entry.json";

    private static final Logger LOG = LoggerFactory.getLogger(BaseImageCache.class);
    private static final String SCRATCH_PREFIX = "scratch-";

    /**
     * What {@link #store} did.
     *
     * @param digest    the manifest digest
     * @param directory the entry's directory
     * @param reference the reference it was stored for
     * @param platform  the platform it was stored for
     * @param warmed    when (the start of its TTL)
     * @param written   true when the blobs were written, false when an intact entry was there already and only
     *                  the reference was recorded
     */
    public record Entry(Digest digest, Path directory, ImageReference reference, Platform platform, Instant warmed,
            boolean written) {
    }

    private final Path dir;
    private final Duration ttl;
    private final Clock clock;

    /** A cache in {@code dir} (created when first written) whose entries expire {@code ttl} after warming. */
    public BaseImageCache(Path dir, Duration ttl) {
        this(dir, ttl, Clock.systemUTC());
    }

    /** As {@link #BaseImageCache(Path, Duration)}, with the clock that warming times and the TTL are read from. */
    public BaseImageCache(Path dir, Duration ttl, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("base-image cache TTL must be positive: " + ttl);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cache directory (absolute). */
    public Path directory() {
        return dir;
    }

    /** How long an entry stays fresh after it was warmed. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The cached image {@code ref} names for {@code platform}: by digest when the reference has one (or through a
     * reference warmed with that digest), else by the reference recorded when warming, the newest if several
     * entries recorded it. Entries warmed longer than the TTL ago are ignored; corrupt ones are ignored with a
     * warning. Never fails.
     */
    public Optional<Image> lookup(ImageReference ref, Platform platform) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(platform, "platform");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<Candidate> candidates = new ArrayList<>();
        if (ref.digest() != null) {
            Path byDigest = dir.resolve(CacheDirectory.entryName(ref.digest()));
            readRecord(byDigest).flatMap(r -> r.warmedAt(Optional.empty(), platform))
                    .ifPresent(at -> candidates.add(new Candidate(byDigest, ref.digest(), at)));
        }
        if (candidates.isEmpty()) {
            for (Path entry : entries()) {
                Optional<Digest> digest = CacheDirectory.digestOf(entry);
                if (digest.isPresent()) {
                    readRecord(entry).flatMap(r -> r.warmedAt(Optional.of(ref), platform))
                            .ifPresent(at -> candidates.add(new Candidate(entry, digest.get(), at)));
                }
            }
        }
        candidates.sort(Comparator.comparing(Candidate::warmed).reversed());
        for (Candidate c : candidates) {
            if (!c.warmed().plus(ttl).isAfter(now)) {
                LOG.debug("Base-image cache entry {} for {} expired (warmed {})", c.digest(), ref, c.warmed());
                continue;
            }
            try {
                return Optional.of(CacheDirectory.openVerified(c.directory(), c.digest()));
            } catch (RuntimeException e) {
                LOG.warn("Ignoring corrupt base-image cache entry {} for {}: {}", c.directory(), ref,
                        ImageException.describe(e));
            }
        }
        return Optional.empty();
    }

    /**
     * Stores {@code image} as what {@code ref} names for {@code platform}: reads every layer (verified while
     * streaming) into a temporary layout and renames it into place under the digest's lock. When an intact
     * entry for the digest exists and {@code force} is false, only the reference is recorded (warmed now);
     * with {@code force} the entry is written again and swapped in. Also deletes stale temporary directories.
     *
     * @throws ImageException naming the reference, the digest and the cause when the entry cannot be written
     */
    public Entry store(ImageReference ref, Platform platform, Image image, boolean force) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(platform, "platform");
        Digest digest = image.digest();
        String name = CacheDirectory.entryName(digest);
        String action = "cache base image " + ref + " (" + digest + ") in " + dir;
        try {
            Files.createDirectories(dir);
            removeStaleTemps();
            try (EntryLocks.Held lock = EntryLocks.acquire(CacheDirectory.lockFile(dir, name))) {
                return storeLocked(ref, platform, image, force, digest, dir.resolve(name));
            }
        } catch (IOException e) {
            throw new ImageException(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException(action, new InterruptedIOException("interrupted"));
        } catch (ImageException e) {
            throw new ImageException(action, e);
        }
    }

    private Entry storeLocked(ImageReference ref, Platform platform, Image image, boolean force, Digest digest,
            Path target) throws IOException {
        Instant now = clock.instant();
        Optional<EntryRecord> existing = readRecord(target);
        boolean intact = existing.isPresent() && intact(target, digest);
        EntryRecord record = existing.orElse(new EntryRecord(digest, List.of())).with(ref, platform, now);
        if (intact && !force) {
            AtomicFiles.write(target.resolve(RECORD_FILE), record.toBytes());
            LOG.debug("Base image {} ({}) already in the cache; recorded the reference", ref, digest);
            return new Entry(digest, target, ref, platform, now, false);
        }
        Path tmp = CacheDirectory.tempPath(dir, CacheDirectory.entryName(digest));
        try {
            OciLayout layout = OciLayout.create(tmp);
            layout.writeImage(image, LAYOUT_TAG);
            AtomicFiles.write(tmp.resolve(RECORD_FILE), record.toBytes());
            if (Files.exists(target)) {
                DirectorySwap.exchange(tmp, target);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            // after a swap: the old entry; after a failure: the partial one
            RootfsCleaner.delete(tmp);
        }
        return new Entry(digest, target, ref, platform, now, true);
    }

    /**
     * Deletes temporary directories whose writer is gone (its lock is free) and that are older than
     * {@link #STALE_TEMP_AGE}: what a writer killed with {@code SIGKILL} left. Best effort: failures are logged.
     */
    public void removeStaleTemps() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant cutoff = clock.instant().minus(STALE_TEMP_AGE);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, CacheDirectory.TEMP_PREFIX + "*")) {
            for (Path temp : children) {
                Optional<String> lockName = CacheDirectory.lockNameOfTemp(temp.getFileName().toString());
                if (lockName.isEmpty() || !Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
                    continue;
                }
                Optional<EntryLocks.Held> lock = EntryLocks.tryAcquire(CacheDirectory.lockFile(dir, lockName.get()));
                if (lock.isEmpty()) {
                    continue; // its writer is alive
                }
                try (EntryLocks.Held held = lock.get()) {
                    LOG.info("Removing a base-image cache temporary directory left by an interrupted writer: {}", temp);
                    RootfsCleaner.delete(temp);
                    if (lockName.get().startsWith(SCRATCH_PREFIX)) {
                        // a scratch lock's name is unique: nobody else will ever lock it
                        Files.deleteIfExists(CacheDirectory.lockFile(dir, lockName.get()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not clean up temporary directories of the base-image cache {}: {}", dir,
                    ImageException.describe(e));
        }
    }

    /**
     * A private scratch directory in the cache directory (same filesystem), locked while open and deleted by
     * {@link Scratch#close}; one left behind by a killed process is removed by a later writer. The warmer
     * downloads layers there before {@link #store} copies them into an entry.
     */
    public Scratch scratch() {
        String name = SCRATCH_PREFIX + java.util.UUID.randomUUID();
        try {
            Files.createDirectories(dir);
            Path lockFile = CacheDirectory.lockFile(dir, name);
            EntryLocks.Held lock = EntryLocks.tryAcquire(lockFile).orElseThrow(() ->
                    new IOException("lock " + lockFile + ": held by someone else"));
            Path path = CacheDirectory.tempPath(dir, name);
            try {
                Files.createDirectory(path);
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            return new Scratch(path, lock, lockFile);
        } catch (IOException e) {
            throw new ImageException("create a scratch directory in the base-image cache " + dir, e);
        }
    }

    /** A scratch directory of {@link #scratch()}; close it to delete it. Thread-safe. */
    public static final class Scratch implements AutoCloseable {
        private final Path path;
        private final EntryLocks.Held lock;
        private final Path lockFile;

        private Scratch(Path path, EntryLocks.Held lock, Path lockFile) {
            this.path = path;
            this.lock = lock;
            this.lockFile = lockFile;
        }

        /** The directory. */
        public Path path() {
            return path;
        }

        /** Deletes the directory and its lock file. */
        @Override
        public void close() {
            try {
                RootfsCleaner.delete(path);
                Files.deleteIfExists(lockFile);
                lock.close();
            } catch (IOException e) {
                LOG.warn("Could not delete the base-image cache scratch directory {}: {}", path,
                        ImageException.describe(e));
            }
        }
    }

    private record Candidate(Path directory, Digest digest, Instant warmed) {
    }

    /** Entry directories (not temporary ones), sorted by name for a stable order. */
    private List<Path> entries() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir,
                p -> CacheDirectory.ENTRY_NAME.matcher(p.getFileName().toString()).matches())) {
            children.forEach(out::add);
        } catch (IOException e) {
            LOG.warn("Could not list the base-image cache {}: {}", dir, ImageException.describe(e));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The entry's record; empty when the entry is absent, or (with a warning) unreadable. */
    private Optional<EntryRecord> readRecord(Path entry) {
        Path file = entry.resolve(RECORD_FILE);
        try {
            EntryRecord record = EntryRecord.parse(Files.readAllBytes(file));
            Optional<Digest> named = CacheDirectory.digestOf(entry);
            if (named.isPresent() && !named.get().equals(record.digest())) {
                throw new IOException("it names " + record.digest() + ", the directory " + named.get());
            }
            return Optional.of(record);
        } catch (NoSuchFileException e) {
            if (Files.isDirectory(entry)) {
                LOG.warn("Ignoring corrupt base-image cache entry {}: no {}", entry, RECORD_FILE);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring corrupt base-image cache entry {}: read {}: {}", entry, RECORD_FILE,
                    ImageException.describe(e));
            return Optional.empty();
        }
    }

    private static boolean intact(Path entry, Digest digest) {
        try {
            CacheDirectory.openVerified(entry, digest);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Replacing corrupt base-image cache entry {}: {}", entry, ImageException.describe(e));
            return false;
        }
    }

    @Override
    public String toString() {
        return "base-image cache " + dir;
    }
}
