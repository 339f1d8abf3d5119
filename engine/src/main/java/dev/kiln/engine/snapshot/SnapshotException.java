package dev.kiln.engine.snapshot;

import java.io.IOException;

/**
 * Indexing a rootfs failed: names the rootfs, the container path and the cause, e.g.
 * {@code index rootfs /tmp/r at /etc/shadow: statx /tmp/r/etc/shadow: EACCES (Permission denied)}.
 *
 * <p>Immutable. An {@link IOException}, because the cause is always the filesystem; the original
 * exception (often a {@link dev.kiln.engine.fs.PosixException} with its errno) is the cause.
 */
public final class SnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String containerPath;

    /**
     * @param root          the rootfs directory on the host
     * @param containerPath the path inside the rootfs being looked at
     * @param cause         what failed
     */
    public SnapshotException(String root, String containerPath, Throwable cause) {
        super("index rootfs " + root + " at " + containerPath + ": " + cause.getMessage(), cause);
        this.containerPath = containerPath;
    }

    /** The container path at which indexing failed. */
    public String containerPath() {
        return containerPath;
    }
}
