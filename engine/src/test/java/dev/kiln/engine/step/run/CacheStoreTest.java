package dev.kiln.engine.step.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheStoreTest {

    @TempDir
    Path dir;

    private static final CacheStore.Ownership DEFAULT = new CacheStore.Ownership(OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    private CacheStore.Lease acquire(CacheStore store, String id, RunMount.Sharing sharing) throws Exception {
        return store.acquire(id, sharing, Optional::empty, DEFAULT, Files.createDirectories(dir.resolve("scratch")));
    }

    @Test
    void keysAreSafeFileNamesThatDifferPerId() {
        assertThat(CacheStore.key("/root/.cache")).matches("_root_.cache-[0-9a-f]{16}");
        assertThat(CacheStore.key("../../etc")).doesNotContain("/").startsWith(".._.._etc-");
        assertThat(CacheStore.key("a/b")).isNotEqualTo(CacheStore.key("a_b"));
        assertThat(CacheStore.key("x".repeat(300))).hasSize(48 + 1 + 16);
    }

    @Test
    void aSharedCacheIsTheSameDirectoryEveryTimeAndKeepsItsContent() throws Exception {
        CacheStore store = new CacheStore(dir.resolve("caches"));
        Path first;
        try (CacheStore.Lease a = acquire(store, "go", RunMount.Sharing.SHARED)) {
            first = a.directory();
            Files.writeString(first.resolve("f"), "kept");
        }
        try (CacheStore.Lease b = acquire(store, "go", RunMount.Sharing.SHARED);
                CacheStore.Lease c = acquire(store, "go", RunMount.Sharing.SHARED)) {
            assertThat(b.directory()).isEqualTo(first).isEqualTo(c.directory());
            assertThat(b.directory().resolve("f")).hasContent("kept");
        }
        assertThat(first).startsWith(dir.resolve("caches"));
    }

    @Test
    void aNewCacheIs0755RootUnlessOwnershipIsGiven() throws Exception {
        CacheStore store = new CacheStore(dir.resolve("caches"));
        try (CacheStore.Lease a = acquire(store, "plain", RunMount.Sharing.SHARED);
                CacheStore.Lease b = store.acquire("owned", RunMount.Sharing.SHARED, Optional::empty,
                        new CacheStore.Ownership(OptionalLong.of(0700), OptionalLong.of(1000), OptionalLong.empty()),
                        dir)) {
            Statx plain = Posix.statx(a.directory());
            assertThat(plain.permissions()).isEqualTo(0755);
            assertThat(plain.uid()).isZero();
            Statx owned = Posix.statx(b.directory());
            assertThat(owned.permissions()).isEqualTo(0700);
            assertThat(owned.uid()).isEqualTo(1000);
            assertThat(owned.gid()).isZero();
        }
    }

    @Test
    void aNewCacheIsSeededFromItsSourceOnlyOnce() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("s.txt"), "seeded");
        CacheStore store = new CacheStore(dir.resolve("caches"));
        try (CacheStore.Lease a = store.acquire("s", RunMount.Sharing.SHARED, () -> Optional.of(seed), DEFAULT, dir)) {
            assertThat(a.directory().resolve("s.txt")).hasContent("seeded");
            Files.delete(a.directory().resolve("s.txt"));
        }
        try (CacheStore.Lease a = store.acquire("s", RunMount.Sharing.SHARED, () -> Optional.of(seed), DEFAULT, dir)) {
            assertThat(a.directory().resolve("s.txt")).doesNotExist();
        }
    }

    @Test
    void aPrivateCacheInUseGivesAFreshDirectoryThatIsDiscarded() throws Exception {
        CacheStore store = new CacheStore(dir.resolve("caches"));
        try (CacheStore.Lease shared = acquire(store, "p", RunMount.Sharing.SHARED)) {
            Path fresh;
            try (CacheStore.Lease priv = acquire(store, "p", RunMount.Sharing.PRIVATE)) {
                fresh = priv.directory();
                assertThat(fresh).isNotEqualTo(shared.directory()).isDirectory();
            }
            assertThat(fresh).doesNotExist();
        }
        try (CacheStore.Lease priv = acquire(store, "p", RunMount.Sharing.PRIVATE)) {
            assertThat(priv.directory()).as("unused: the persistent directory").endsWith(Path.of("data"));
        }
    }

    @Test
    void aLockedCacheWaitsUntilTheHolderReleasesIt() throws Exception {
        CacheStore store = new CacheStore(dir.resolve("caches"));
        List<String> events = new CopyOnWriteArrayList<>();
        CacheStore.Lease first = acquire(store, "l", RunMount.Sharing.LOCKED);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread second = Thread.ofVirtual().start(() -> {
            try (CacheStore.Lease l = acquire(store, "l", RunMount.Sharing.LOCKED)) {
                events.add("second acquired");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        while (second.getState() != Thread.State.WAITING && second.isAlive()) {
            Thread.onSpinWait();
        }
        events.add("first releases");
        first.close();
        second.join();
        assertThat(failure.get()).isNull();
        assertThat(events).containsExactly("first releases", "second acquired");
    }
}
