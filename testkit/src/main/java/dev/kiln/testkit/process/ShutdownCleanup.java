package dev.kiln.testkit.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The safety net: actions (stop a server, kill a command, delete a temp dir) that run when the JVM exits,
 * unless their owner already cleaned up and closed its {@link Registration}.
 *
 * <p>Thread-safe: registrations live in a concurrent map and the single shutdown hook is installed once.
 * It exists because a failing test, or a test that forgets {@code close()}, must still not leave a
 * {@code docker-registry} or a container running after the test JVM is gone. Actions run newest first
 * (servers before the directories they use); each failure is printed and does not stop the others.
 */
public final class ShutdownCleanup {

    /** A registered action; {@link #close()} removes it without running it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Entry(String description, Runnable action, boolean report) {}

    private static final Map<Long, Entry> PENDING = new ConcurrentSkipListMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private ShutdownCleanup() {}

    /**
     * Runs {@code action} at JVM exit unless the returned registration is closed first.
     *
     * @param description what the action does, printed when the net has to catch something
     */
    public static Registration register(String description, Runnable action) {
        return add(description, action, true);
    }

    /**
     * Like {@link #register} for work that is meant to happen at exit (per-JVM caches), so it is not
     * reported as something a test forgot to clean up.
     */
    public static Registration registerForExit(String description, Runnable action) {
        return add(description, action, false);
    }

    private static Registration add(String description, Runnable action, boolean report) {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("kiln-testkit-cleanup")
                    .unstarted(ShutdownCleanup::runAll));
        }
        long id = SEQUENCE.incrementAndGet();
        PENDING.put(id, new Entry(description, action, report));
        return () -> PENDING.remove(id);
    }

    /** How many actions are still pending (for tests of the harness itself). */
    public static int pendingCount() {
        return PENDING.size();
    }

    private static void runAll() {
        List<Map.Entry<Long, Entry>> entries = new ArrayList<>(PENDING.entrySet());
        entries.sort(Map.Entry.<Long, Entry>comparingByKey(Comparator.reverseOrder()));
        for (Map.Entry<Long, Entry> e : entries) {
            if (PENDING.remove(e.getKey()) == null) {
                continue;
            }
            try {
                if (e.getValue().report()) {
                    System.err.println("kiln-testkit: at JVM exit: " + e.getValue().description());
                }
                e.getValue().action().run();
            } catch (RuntimeException ex) {
                System.err.println("kiln-testkit: at JVM exit: " + e.getValue().description() + " failed: " + ex);
            }
        }
    }
}
