package dev.kiln.engine.context;

import dev.kiln.engine.fs.FileType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a build context as the build sees it: what a layer cache may key a {@code COPY} on.
 *
 * <p>Immutable. Owners are always 0:0, because that is what BuildKit's client sends ({@code client/solve.go}
 * resets uid and gid of every context file before the transfer): the result of a {@code COPY} from the
 * context never depends on who owns the files on the host, and neither should a cache key. Directories
 * report size 0 (their on-disk size depends on the filesystem, not on the content).
 *
 * @param path        slash-separated path relative to the context root, {@code .} for the root itself
 * @param type        the kind of file (never followed: a symlink is {@link FileType#SYMLINK})
 * @param permissions the 12 permission bits ({@code 07777})
 * @param uid         owner as the build sees it (always 0)
 * @param gid         group as the build sees it (always 0)
 * @param size        bytes of a regular file, length of a symlink's target, else 0
 * @param mtime       last modification, to the nanosecond
 * @param linkTarget  a symlink's target exactly as stored; empty for other types
 */
public record ContextFile(String path, FileType type, int permissions, int uid, int gid, long size, Instant mtime,
                          Optional<String> linkTarget) {

    public ContextFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(linkTarget, "linkTarget");
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("context file " + path + ": permissions 0"
                    + Integer.toOctalString(permissions) + " have bits outside 07777");
        }
        if (linkTarget.isPresent() != (type == FileType.SYMLINK)) {
            throw new IllegalArgumentException("context file " + path + ": a link target belongs to symlinks only");
        }
    }

    /** True for a directory. */
    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    /** The last path component ({@code .} for the root). */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
