package dev.kiln.engine.layer.tar;

/**
 * The kinds of tar entries a layer may hold, with their POSIX {@code typeflag}
 * (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06). Immutable.
 * Extension headers (PAX {@code x}/{@code g}, GNU {@code L}/{@code K}) are consumed by {@link TarReader}
 * and never surface as entries.
 */
public enum TarType {
    REGULAR('0'),
    HARDLINK('1'),
    SYMLINK('2'),
    CHAR_DEVICE('3'),
    BLOCK_DEVICE('4'),
    DIRECTORY('5'),
    FIFO('6');

    private final char flag;

    TarType(char flag) {
        this.flag = flag;
    }

    /** The typeflag byte written for this type. */
    public char flag() {
        return flag;
    }

    /** True for device nodes, which carry major and minor numbers. */
    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }

    /** True if entries of this type have content in the archive (only regular files, as Go's archive/tar). */
    public boolean hasContent() {
        return this == REGULAR;
    }
}
