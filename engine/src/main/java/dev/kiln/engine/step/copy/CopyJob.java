package dev.kiln.engine.step.copy;

import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one instruction being carried out: where it writes, the {@code --chown} and {@code --chmod}
 * in effect, what it has written and warned about, and how its errors are named.
 *
 * <p>Not thread-safe: one per instruction, used by one thread.
 */
final class CopyJob {

    static final int MAX_WARNINGS = 100;

    final String instruction;
    final int line;
    final Rootfs dest;
    /** The resolved {@code --chown}, or null to keep the source's owner (0:0 for the context). */
    final Chown chown;
    final ModeChange mode;
    private final Set<String> written = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    CopyJob(String instruction, int line, Rootfs dest, Chown chown, ModeChange mode) {
        this.instruction = instruction;
        this.line = line;
        this.dest = dest;
        this.chown = chown;
        this.mode = mode;
    }

    CopyException fail(CopyException.Reason reason, String subject, String detail, Throwable cause) {
        return new CopyException(instruction, line, subject, reason, detail, cause);
    }

    /** The error for a failed filesystem operation on {@code host} in the destination. */
    CopyException filesystem(Path host, IOException e) {
        if (e instanceof CopyException c) {
            return c;
        }
        return fail(CopyException.Reason.FILESYSTEM, "destination \"" + container(host) + "\"", describe(e), e);
    }

    static String describe(IOException e) {
        return e instanceof PosixException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The container path of a host path in the destination rootfs. */
    String container(Path host) {
        try {
            return dest.containerPath(host);
        } catch (IllegalArgumentException e) {
            return host.toString();
        }
    }

    void wrote(Path host) {
        written.add(container(host));
    }

    void warn(String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(message);
        }
    }

    CopyResult result() {
        return new CopyResult(List.copyOf(written), warnings);
    }

    /**
     * fsutil's {@code MkdirAll}: creates {@code host} (a resolved path in the destination) and its missing
     * parents, each with {@code permissions}, owned by the {@code --chown} user if there is one (else by
     * root, the builder), times left at "now".
     *
     * @throws CopyException CONFLICT if an existing component is not a directory
     */
    void mkdirAll(Path host, int permissions) throws IOException {
        Statx st = statOrNull(host);
        if (st != null) {
            if (st.type() != FileType.DIRECTORY) {
                throw fail(CopyException.Reason.CONFLICT, "destination \"" + container(host) + "\"",
                        "mkdir: a " + kind(st.type()) + " is in the way of a directory", null);
            }
            return;
        }
        Path parent = host.getParent();
        if (parent != null && parent.startsWith(dest.root())) {
            mkdirAll(parent, permissions);
        }
        try {
            Files.createDirectory(host);
            Posix.chmod(host, permissions);
            if (chown != null) {
                Posix.lchown(host, chown.uid(), chown.gid());
            }
        } catch (IOException e) {
            throw filesystem(host, e);
        }
        wrote(host);
    }

    /** {@code statx} without following, or null if nothing is there. */
    static Statx statOrNull(Path host) throws PosixException {
        try {
            return Posix.statx(host);
        } catch (PosixException.NotFound e) {
            return null;
        } catch (PosixException e) {
            if (e.is(Errno.ENOTDIR)) {
                return null;
            }
            throw e;
        }
    }

    static String kind(FileType type) {
        return switch (type) {
            case REGULAR -> "file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
            default -> type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
