package dev.kiln.engine.layer.extract;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.InodeAttributes;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Deletes a stage rootfs (or any tree a build made): after the build, or when an extraction failed half
 * way ({@link ImageExtractException#rootfsUnusable()}).
 *
 * <p>A rootfs is hostile ground: its symlinks point at {@code /}, its directories may be mode 0000, RUN
 * steps may have left mounts or {@code chattr}-ed files behind. So:
 * <ul>
 * <li><b>Never follows a symlink</b>: every path is examined with {@code statx(AT_SYMLINK_NOFOLLOW)}; a
 *     link, to a directory or anywhere else, is unlinked as a link. The root itself, if it is a link, is
 *     removed as one.</li>
 * <li><b>Never crosses a mount point</b>: a path on another device, or with another mount ID (a bind
 *     mount of the same filesystem), is left untouched with its parents and reported, instead of being
 *     descended into; it could be {@code /proc} or a host directory.</li>
 * <li><b>Opens closed directories</b>: a directory without read, write or search permission for its
 *     owner is {@code chmod u+rwx} before it is listed, so a non-root deletion can empty it (root
 *     passes anyway).</li>
 * <li><b>Reports what the kernel forbids</b>: files and directories with the immutable or append-only
 *     attribute cannot be unlinked, even by root; they are left with their parents and reported. The
 *     flags are not cleared: a build must not override what the machine's owner set.</li>
 * </ul>
 * Everything else is deleted, bottom-up, without recursion (a hostile tree can be thousands of levels
 * deep). Then, if something was left, one {@link RootfsCleanupException} lists it; an unexpected error
 * (permission denied, I/O error) stops at once with an exception naming the path.
 *
 * <p>Stateless and thread-safe, but not for a tree that another process modifies meanwhile: like
 * {@link dev.kiln.engine.fs.Rootfs}, it examines a path and then acts on it by name, and a directory
 * swapped for a symlink in between would be followed. Between builds nothing runs in a stage rootfs.
 */
public final class RootfsCleaner {

    private RootfsCleaner() {}

    /** A directory being emptied, and whether something in it must stay. */
    private static final class Dir {
        final Path path;
        final Dir parent;
        boolean listed;
        boolean keep;

        Dir(Path path, Dir parent) {
            this.path = path;
            this.parent = parent;
        }
    }

    /**
     * Deletes {@code root} and everything below it; a missing root is fine.
     *
     * @throws RootfsCleanupException listing the paths left on purpose (everything else is deleted), or
     *                                naming the path where a system call failed
     * @throws IllegalArgumentException for the file system root {@code /}
     */
    public static void delete(Path root) throws RootfsCleanupException {
        Path top = root.toAbsolutePath().normalize();
        if (top.getParent() == null) {
            throw new IllegalArgumentException("delete rootfs " + top + ": refusing to delete the root directory");
        }
        InodeAttributes rootAttributes;
        try {
            rootAttributes = InodeAttributes.of(top);
        } catch (PosixException.NotFound e) {
            return;
        } catch (PosixException e) {
            throw new RootfsCleanupException(top, top, e.getMessage(), e);
        }
        List<RootfsCleanupException.Leftover> leftovers = new ArrayList<>();
        if (rootAttributes.type() != FileType.DIRECTORY) {
            if (!locked(top, rootAttributes, leftovers)) {
                unlink(top, top);
            }
        } else {
            deleteTree(top, rootAttributes, leftovers);
        }
        if (!leftovers.isEmpty()) {
            throw new RootfsCleanupException(top, leftovers);
        }
    }

    private static void deleteTree(Path top, InodeAttributes rootAttributes, List<RootfsCleanupException.Leftover> leftovers)
            throws RootfsCleanupException {
        Deque<Dir> stack = new ArrayDeque<>();
        if (locked(top, rootAttributes, leftovers)) {
            return;
        }
        stack.push(new Dir(top, null));
        while (!stack.isEmpty()) {
            Dir dir = stack.peek();
            if (!dir.listed) {
                dir.listed = true;
                empty(top, rootAttributes, dir, stack, leftovers);
                continue;
            }
            stack.pop();
            if (dir.keep) {
                if (dir.parent != null) {
                    dir.parent.keep = true;
                }
            } else {
                unlink(top, dir.path);
            }
        }
    }

    /** Opens {@code dir} if needed, unlinks its non-directories and pushes its subdirectories. */
    private static void empty(Path top, InodeAttributes rootAttributes, Dir dir, Deque<Dir> stack,
                              List<RootfsCleanupException.Leftover> leftovers) throws RootfsCleanupException {
        try {
            InodeAttributes a = InodeAttributes.of(dir.path);
            if ((a.permissions() & 0700) != 0700) {
                Posix.chmod(dir.path, a.permissions() | 0700);
            }
        } catch (PosixException.NotFound e) {
            return;
        } catch (PosixException e) {
            throw new RootfsCleanupException(top, dir.path, "open directory: " + e.getMessage(), e);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir.path)) {
            for (Path child : children) {
                InodeAttributes a;
                try {
                    a = InodeAttributes.of(child);
                } catch (PosixException.NotFound e) {
                    continue;
                }
                if (!a.sameMountAs(rootAttributes)) {
                    leftovers.add(new RootfsCleanupException.Leftover(child, RootfsCleanupException.Reason.MOUNT_POINT,
                            "device " + a.device() + (a.mountId() == InodeAttributes.UNKNOWN_MOUNT ? "" : " mount " + a.mountId())
                                    + ", the rootfs is on " + rootAttributes.device()
                                    + (rootAttributes.mountId() == InodeAttributes.UNKNOWN_MOUNT ? "" : " mount " + rootAttributes.mountId())));
                    dir.keep = true;
                } else if (locked(child, a, leftovers)) {
                    dir.keep = true;
                } else if (a.type() == FileType.DIRECTORY) {
                    stack.push(new Dir(child, dir));
                } else {
                    unlink(top, child);
                }
            }
        } catch (NoSuchFileException e) {
            // gone meanwhile: nothing left to delete
        } catch (IOException e) {
            throw new RootfsCleanupException(top, dir.path, "list directory: " + describe(e), e);
        }
    }

    /** Records {@code path} if an inode flag forbids removing it (or, for a directory, its entries). */
    private static boolean locked(Path path, InodeAttributes a, List<RootfsCleanupException.Leftover> leftovers) {
        if (a.immutable()) {
            leftovers.add(new RootfsCleanupException.Leftover(path, RootfsCleanupException.Reason.IMMUTABLE, ""));
            return true;
        }
        if (a.appendOnly()) {
            leftovers.add(new RootfsCleanupException.Leftover(path, RootfsCleanupException.Reason.APPEND_ONLY, ""));
            return true;
        }
        return false;
    }

    private static void unlink(Path top, Path path) throws RootfsCleanupException {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new RootfsCleanupException(top, path, "delete: " + describe(e), e);
        }
    }

    /** The reason of a file system error without the path the message names already. */
    private static String describe(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
    }
}
