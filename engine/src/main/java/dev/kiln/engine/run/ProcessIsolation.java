package dev.kiln.engine.run;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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

    /** A private (0700) directory for the run's generated files. */
    static Path createWorkDir() throws IOException {
        return Files.createTempDirectory("kiln-run-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Deletes the work directory; logs instead of throwing (it runs in finally blocks). */
    static void deleteWorkDir(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("delete RUN work directory {}: {}", dir, e.toString());
        }
    }
}
