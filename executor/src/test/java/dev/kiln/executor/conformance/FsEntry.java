package dev.kiln.executor.conformance;

import java.util.Objects;

/**
 * One path of a flattened image filesystem, with everything the corpus compares: type, all 12 mode bits,
 * owner, size and content digest of regular files, link target of symbolic links, device numbers, and the
 * first path of its hard-link group. Times are deliberately absent: builders stamp them differently.
 *
 * <p>Immutable. {@link #render()} is the short form used in case files and failure messages, e.g.
 * {@code file 0644 0:0 3 b5bb9d8014a0} or {@code symlink 0777 0:0 -> /etc}.
 *
 * @param type       the kind of file
 * @param mode       permission bits including setuid, setgid and sticky ({@code 07777} mask)
 * @param uid        owner
 * @param gid        group
 * @param size       content length of a regular file, else 0
 * @param sha256     hex digest of a regular file's content, else empty
 * @param linkTarget a symbolic link's target, else empty
 * @param device     {@code major,minor} of a device node, else empty
 * @param linkGroup  the lexically first path sharing this file's inode when there is more than one, else empty
 */
record FsEntry(Type type, int mode, long uid, long gid, long size, String sha256, String linkTarget, String device,
        String linkGroup) {

    /** File kinds a layer tar can hold. */
    enum Type {
        FILE("file"), DIR("dir"), SYMLINK("symlink"), CHAR("char"), BLOCK("block"), FIFO("fifo");

        final String word;

        Type(String word) {
            this.word = word;
        }
    }

    FsEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(linkTarget, "linkTarget");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(linkGroup, "linkGroup");
        mode &= 07777;
    }

    /** This entry as a member of the hard-link group led by {@code first}. */
    FsEntry withLinkGroup(String first) {
        return new FsEntry(type, mode, uid, gid, size, sha256, linkTarget, device, first);
    }

    /** The short form: type, octal mode, uid:gid, then size and digest prefix, link target, device, group. */
    String render() {
        StringBuilder sb = new StringBuilder(type.word).append(' ').append(String.format("%04o", mode))
                .append(' ').append(uid).append(':').append(gid);
        switch (type) {
            case FILE -> sb.append(' ').append(size).append(' ').append(sha256, 0, Math.min(12, sha256.length()));
            case SYMLINK -> sb.append(" -> ").append(linkTarget);
            case CHAR, BLOCK -> sb.append(' ').append(device);
            default -> { }
        }
        if (!linkGroup.isEmpty()) {
            sb.append(" links=").append(linkGroup);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
