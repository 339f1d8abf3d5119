package dev.kiln.engine.image;

import dev.kiln.engine.oci.MediaType;
import java.util.Objects;

/**
 * How to compress a layer built from a tar: the algorithm and its level.
 *
 * <p>Immutable value. Exists because the choice decides both the bytes (hence the digest) and the media type,
 * and the two must never disagree.
 *
 * @param algorithm {@code NONE}, {@code GZIP} or {@code ZSTD}
 * @param level     gzip 1-9 (6 is the usual default: Docker, kaniko), zstd 1-22 (3 is zstd's default);
 *                  ignored for {@code NONE}
 */
public record LayerCompression(MediaType.Compression algorithm, int level) {

    public LayerCompression {
        Objects.requireNonNull(algorithm, "algorithm");
        switch (algorithm) {
            case GZIP -> {
                if (level < 1 || level > 9) {
                    throw new IllegalArgumentException("gzip level must be 1-9, got " + level);
                }
            }
            case ZSTD -> {
                if (level < 1 || level > 22) {
                    throw new IllegalArgumentException("zstd level must be 1-22, got " + level);
                }
            }
            case NONE -> level = 0;
        }
    }

    /** gzip at level 6, the level Docker and kaniko use, so layer sizes look familiar. */
    public static LayerCompression gzip() {
        return new LayerCompression(MediaType.Compression.GZIP, 6);
    }

    /** gzip at {@code level} (1 is about 2.5 times faster than 6 and a little bigger). */
    public static LayerCompression gzip(int level) {
        return new LayerCompression(MediaType.Compression.GZIP, level);
    }

    /** zstd at level 3, zstd's own default. */
    public static LayerCompression zstd() {
        return new LayerCompression(MediaType.Compression.ZSTD, 3);
    }

    /** zstd at {@code level}. */
    public static LayerCompression zstd(int level) {
        return new LayerCompression(MediaType.Compression.ZSTD, level);
    }

    /** No compression: the blob is the tar, so digest and diff ID are equal. */
    public static LayerCompression none() {
        return new LayerCompression(MediaType.Compression.NONE, 0);
    }

    /** The OCI layer media type for this compression. */
    public MediaType ociMediaType() {
        return switch (algorithm) {
            case NONE -> MediaType.OCI_LAYER;
            case GZIP -> MediaType.OCI_LAYER_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_ZSTD;
        };
    }
}
