package dev.kiln.engine.layer.tar;

/**
 * Caps that keep a hostile tar from exhausting memory through header data, the only part of an archive a
 * reader must hold in memory. Immutable.
 *
 * @param maxHeaderBytes most bytes of PAX and GNU long-name/long-link data before one entry (and of one
 *                       PAX global header); the default 1 MiB is far above any real layer's needs
 * @param maxNameBytes   longest entry name or link target in UTF-8 bytes; the default is Linux's
 *                       {@code PATH_MAX} (4096), beyond which no system call would accept the path
 */
public record TarLimits(long maxHeaderBytes, int maxNameBytes) {

    /** 1 MiB of extension headers, names of 4096 bytes. */
    public static final TarLimits DEFAULT = new TarLimits(1 << 20, 4096);

    public TarLimits {
        if (maxHeaderBytes < 512 || maxNameBytes < 100) {
            throw new IllegalArgumentException("tar limits too small: " + maxHeaderBytes + " header bytes, "
                    + maxNameBytes + " name bytes");
        }
    }
}
