package dev.kiln.engine.fs;

/**
 * The kind of a file, as encoded in the {@code S_IFMT} bits of {@code st_mode}
 * (https://man7.org/linux/man-pages/man7/inode.7.html).
 *
 * <p>Immutable. It exists because {@code java.nio} has no notion of device nodes or FIFOs, which image
 * layers carry and {@link Posix#mknod} creates.
 */
public enum FileType {
    FIFO(0010000),
    CHAR_DEVICE(0020000),
    DIRECTORY(0040000),
    BLOCK_DEVICE(0060000),
    REGULAR(0100000),
    SYMLINK(0120000),
    SOCKET(0140000);

    /** Mask of the type bits in a mode ({@code S_IFMT}). */
    public static final int S_IFMT = 0170000;

    private final int bits;

    FileType(int bits) {
        this.bits = bits;
    }

    /** The {@code S_IF*} bits of this type, e.g. {@code 0100000} for a regular file. */
    public int bits() {
        return bits;
    }

    /** The type encoded in a full {@code st_mode}; the permission bits are ignored. */
    public static FileType ofMode(int mode) {
        int t = mode & S_IFMT;
        for (FileType type : values()) {
            if (type.bits == t) {
                return type;
            }
        }
        throw new IllegalArgumentException("file type of mode 0" + Integer.toOctalString(mode)
                + ": unknown S_IFMT bits 0" + Integer.toOctalString(t));
    }

    /** True for character and block devices, the types that carry a device number. */
    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
}
