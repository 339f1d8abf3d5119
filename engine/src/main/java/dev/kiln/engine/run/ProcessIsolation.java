package dev.kiln.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every strategy shares: a virtual thread per run that prepares, launches, supervises and
 * cleans up, completing the {@link RunHandle}.
 *
 * <p>Immutable and thread-safe (it holds only the host tools); runs share nothing.
 */
abstract class ProcessIsolation implements Isolation {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessIsolation.class);

    /** The host's search path for the tools the setup runs by name ({@code mkdir}, {@code cat}, ...). */
    static final String HOST_PATH = HostTools.DEFAULT_PATH;

    final HostTools tools;

    ProcessIsolation(HostTools tools) {
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    /** Which strategy this is. */
    abstract IsolationKind kind();

    /** Runs {@code spec} to its end on the calling (virtual) thread. */
    abstract RunResult execute(RunHandle handle, Path rootfs, RunSpec spec, OutputSink sink, Instant started)
            throws IOException;

    @Override
    public RunHandle start(Path rootfs, RunSpec spec, OutputSink sink) {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(sink, "sink");
        RunHandle handle = new RunHandle();
        Instant started = Instant.now();
        Thread.ofVirtual().name("kiln-run-" + spec.stage() + "-" + spec.step()).start(() -> {
            try {
                LOG.debug("RUN {} in {} ({})", spec.argv(), rootfs, kind());
                if (kind() != IsolationKind.IN_PLACE && Isolations.isHostRoot(rootfs)) {
                    throw new RunException(RunException.Reason.UNSUPPORTED, "run " + Preparation.quoted(spec) + " in "
                            + rootfs + " with " + kind() + " isolation: the rootfs is the host's /, which only in-place "
                            + "isolation may use");
                }
                handle.complete(execute(handle, rootfs, spec, sink, started));
            } catch (RunException e) {
                handle.fail(e);
            } catch (IOException | RuntimeException e) {
                handle.fail(new RunException(RunException.Reason.PROCESS, "run " + Preparation.quoted(spec)
                        + " in " + rootfs + ": " + e, e));
            } catch (Error e) {
                handle.fail(e);
                throw e;
            }
        });
        return handle;
    }

    /**
     * A private (0700) directory for the run's generated files (setup script, fstab, network files, the
     * {@code /dev} skeleton), under {@link WorkBase#DIR}.
     */
    static Path createWorkDir() throws IOException {
        return Files.createTempDirectory(WorkBase.DIR, "kiln-run-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Where work directories go, chosen once: {@code /dev/shm} when it is a writable tmpfs, else
     * {@code java.io.tmpdir}. A run creates and deletes a dozen small files there; on a tmpfs that costs
     * about 0.2 ms in all, on the ext4 {@code /tmp} of the machine this was measured on about 4 ms, a large
     * part of a small RUN. Nothing there is secret (secrets go to a tmpfs mounted in the run's namespace)
     * and each directory is 0700 with an unguessable name.
     */
    static final class WorkBase {
        static final Path DIR = choose();

        private WorkBase() {}

        private static Path choose() {
            Path shm = Path.of("/dev/shm");
            try {
                if (Files.isDirectory(shm) && Files.isWritable(shm) && "tmpfs".equals(Files.getFileStore(shm).type())) {
                    return shm;
                }
            } catch (IOException | SecurityException e) {
                LOG.debug("use {} for RUN work directories: {}", shm, e.toString());
            }
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    /** Deletes the work directory; logs instead of throwing (it runs in finally blocks). */
    static void deleteWorkDir(Path dir) {
        try {
            dev.kiln.engine.layer.extract.RootfsCleaner.delete(dir);
        } catch (IOException e) {
            LOG.warn("delete RUN work directory {}: {}", dir, e.toString());
        }
    }
}
