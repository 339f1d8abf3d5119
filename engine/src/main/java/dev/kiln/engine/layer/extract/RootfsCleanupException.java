package dev.kiln.engine.layer.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A rootfs could not be deleted completely. Either some paths were left on purpose
 * ({@link #leftovers()}: mount points, which are never crossed, and files the kernel forbids to remove),
 * everything else having been deleted; or a system call failed ({@link #getCause()}), which stops the
 * deletion where it was.
 *
 * <p>Immutable. The message names the rootfs, each path left and what to do about it:
 * {@code delete rootfs /stage/0: 1 path left: /stage/0/proc is a mount point (device 0:23, the rootfs is
 * on 254:1): unmount it, then delete again}.
 */
public final class RootfsCleanupException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a path was left. */
    public enum Reason {
        /** Another filesystem or a bind mount is mounted there: deleting would reach into it. */
        MOUNT_POINT("is a mount point"),
        /** The immutable inode flag ({@code chattr +i}) forbids unlinking it and changing what is inside. */
        IMMUTABLE("has the immutable attribute; clear it with chattr -i"),
        /** The append-only inode flag ({@code chattr +a}) forbids unlinking it and removing entries from it. */
        APPEND_ONLY("has the append-only attribute; clear it with chattr -a");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    /**
     * A path left in place; its parent directories are left too.
     *
     * @param path   the host path
     * @param reason why
     * @param detail more about it (the devices of a mount point), or empty
     */
    public record Leftover(Path path, Reason reason, String detail) {
        public Leftover {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return path + " " + reason.text + (detail.isEmpty() ? "" : " (" + detail + ")")
                    + (reason == Reason.MOUNT_POINT ? ": unmount it, then delete again" : "");
        }
    }

    private final transient Path root;
    private final transient List<Leftover> leftovers;

    /** Paths left on purpose; everything else was deleted. */
    RootfsCleanupException(Path root, List<Leftover> leftovers) {
        super(message(root, leftovers));
        this.root = root;
        this.leftovers = List.copyOf(leftovers);
    }

    /** A system call failed at {@code path}. */
    RootfsCleanupException(Path root, Path path, String detail, Throwable cause) {
        super("delete rootfs " + root + ": " + (path.equals(root) ? "" : path + ": ") + detail, cause);
        this.root = root;
        this.leftovers = List.of();
    }

    private static String message(Path root, List<Leftover> leftovers) {
        int n = leftovers.size();
        return "delete rootfs " + root + ": " + n + (n == 1 ? " path" : " paths") + " left: "
                + leftovers.stream().limit(20).map(Leftover::toString).collect(Collectors.joining("; "))
                + (n > 20 ? "; and " + (n - 20) + " more" : "");
    }

    /** The tree being deleted. */
    public Path root() {
        return root;
    }

    /** The paths left on purpose (empty when a system call failed). */
    public List<Leftover> leftovers() {
        return leftovers;
    }
}
