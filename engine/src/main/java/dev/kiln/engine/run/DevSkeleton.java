package dev.kiln.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The skeleton of a namespaced run's {@code /dev}, made by Java in the run's work directory and bind-mounted
 * (nosuid) over the rootfs's {@code /dev} as one fstab entry: empty files as mount points for the host
 * devices ({@link NamespacedIsolation#DEVICES}), the {@code pts} and {@code shm} mount points, and the
 * links {@code ptmx fd stdin stdout stderr} of the OCI runtime spec's default devices. It replaces a tmpfs
 * filled by a {@code mkdir} and five {@code ln} processes per run.
 *
 * <p>Stateless. What a run writes to {@code /dev} lands here and goes with the work directory, never in
 * the rootfs; mounts on top of it live in the run's mount namespace only.
 *
 * @see <a href="https://github.com/opencontainers/runtime-spec/blob/main/runtime-linux.md#default-devices">default devices</a>
 */
final class DevSkeleton {

    private DevSkeleton() {}

    /** Creates {@code dir} (root-owned, 0755, as the tmpfs it replaces) and its entries; returns it. */
    static Path create(Path dir) throws IOException {
        var mode = PosixFilePermissions.fromString("rwxr-xr-x");
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, mode);
        for (String d : NamespacedIsolation.DEVICES) {
            Files.createFile(dir.resolve(d));
        }
        for (String d : new String[] {"pts", "shm"}) {
            Files.setPosixFilePermissions(Files.createDirectory(dir.resolve(d)), mode);
        }
        Files.createSymbolicLink(dir.resolve("ptmx"), Path.of("pts/ptmx"));
        Files.createSymbolicLink(dir.resolve("fd"), Path.of("/proc/self/fd"));
        Files.createSymbolicLink(dir.resolve("stdin"), Path.of("/proc/self/fd/0"));
        Files.createSymbolicLink(dir.resolve("stdout"), Path.of("/proc/self/fd/1"));
        Files.createSymbolicLink(dir.resolve("stderr"), Path.of("/proc/self/fd/2"));
        return dir;
    }
}
