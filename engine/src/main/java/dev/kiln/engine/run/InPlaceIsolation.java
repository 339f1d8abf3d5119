package dev.kiln.engine.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kaniko's mode: Kiln itself runs inside the build container and the stage's rootfs is {@code /}, so the
 * process runs in place, seeing the container's own {@code /dev}, {@code /proc}, {@code /etc/hosts} and
 * network. It still goes through the {@link ExecChain} (with {@code --root=/}, a no-op {@code chroot}) for
 * user, groups, working directory and a clean environment.
 *
 * <p>Immutable and thread-safe. The host tools must then live where the build does not overwrite them (as
 * kaniko keeps itself in {@code /kaniko}); the snapshot must ignore them. Same limits as
 * {@link ChrootIsolation}: no {@code --network=none}, no bind, cache or tmpfs mounts; secrets are files
 * removed after the run.
 *
 * <p>It never touches the host's {@code /} in tests: the package-private constructor takes another root
 * (a throwaway copy of a rootfs), which is then used exactly as {@code /} would be, and {@link #start}
 * refuses any rootfs other than that root.
 */
final class InPlaceIsolation extends ProcessIsolation {

    private static final Duration READER_GRACE = Duration.ofSeconds(2);

    private final Path root;

    /** In place in {@code /}. */
    InPlaceIsolation(HostTools tools) {
        this(tools, Path.of("/"));
    }

    /** In place in {@code root}, standing in for {@code /} (the test seam). */
    InPlaceIsolation(HostTools tools, Path root) {
        super(tools);
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    IsolationKind kind() {
        return IsolationKind.IN_PLACE;
    }

    /** The directory this strategy treats as {@code /}. */
    Path root() {
        return root;
    }

    @Override
    RunResult execute(RunHandle handle, Path rootfs, RunSpec spec, OutputSink sink, Instant started) throws IOException {
        if (!rootfs.toRealPath().equals(root.toRealPath())) {
            throw new RunException(RunException.Reason.SETUP, "run " + Preparation.quoted(spec) + ": in-place isolation runs in "
                    + root + " only, not in " + rootfs);
        }
        DirectSetup.refuseUnsupported(spec, kind());
        Preparation prep = Preparation.prepare(root, spec);
        if (prep.failure().isPresent()) {
            return prep.execFailed(spec, kind(), started);
        }
        Stubs stubs = new Stubs(prep.rootfs());
        try {
            DirectSetup.writeSecrets(spec, stubs);
            return ProcessSupervisor.run(handle, new ProcessSupervisor.Launch(command(prep),
                    Map.of("PATH", HOST_PATH, "LC_ALL", "C"), Optional.empty(), Optional.of(READER_GRACE), Optional.empty()),
                    spec, kind(), sink, started);
        } finally {
            stubs.removeAll();
        }
    }

    /** The host command line for a prepared run. */
    List<String> command(Preparation prep) {
        return ExecChain.command(tools, root.toString(), prep.cwd(), prep.user(), prep.env(), prep.argv());
    }
}
