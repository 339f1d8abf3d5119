package dev.kiln.engine.layer.write;

import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.oci.MediaType;

import java.util.Objects;

/**
 * How to write a layer blob. Immutable; start from {@link #DEFAULT} and use the {@code with*} methods.
 *
 * @param compression     gzip, zstd or none ({@code --compression})
 * @param level           compression level, {@link Compression#DEFAULT_LEVEL} for the format's default
 *                        ({@code --compression-level})
 * @param threads         threads for compression; the output does not depend on it
 * @param timestamps      which mtimes to record ({@code --reproducible} uses {@link Timestamps#reproducible})
 * @param dockerMediaType label the blob with Docker's media type instead of OCI's
 */
public record LayerWriteOptions(Compression compression, int level, int threads, Timestamps timestamps,
                                boolean dockerMediaType) {

    /** gzip at its default level on all cores, file times kept, OCI media type. */
    public static final LayerWriteOptions DEFAULT = new LayerWriteOptions(Compression.GZIP, Compression.DEFAULT_LEVEL,
            Runtime.getRuntime().availableProcessors(), Timestamps.KEEP, false);

    public LayerWriteOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(timestamps, "timestamps");
        compression.effectiveLevel(level); // fail early on a bad --compression-level
        if (threads < 1) {
            throw new IllegalArgumentException("compression threads " + threads + ": at least 1");
        }
    }

    public LayerWriteOptions withCompression(Compression c, int newLevel) {
        return new LayerWriteOptions(c, newLevel, threads, timestamps, dockerMediaType);
    }

    public LayerWriteOptions withThreads(int n) {
        return new LayerWriteOptions(compression, level, n, timestamps, dockerMediaType);
    }

    public LayerWriteOptions withTimestamps(Timestamps t) {
        return new LayerWriteOptions(compression, level, threads, t, dockerMediaType);
    }

    public LayerWriteOptions withDockerMediaType(boolean docker) {
        return new LayerWriteOptions(compression, level, threads, timestamps, docker);
    }

    /** The media type of blobs written with these options. */
    public MediaType mediaType() {
        return switch (compression.kind()) {
            case GZIP -> dockerMediaType ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP;
            case ZSTD -> dockerMediaType ? MediaType.DOCKER_LAYER_ZSTD : MediaType.OCI_LAYER_ZSTD;
            case NONE -> dockerMediaType ? MediaType.DOCKER_LAYER_UNCOMPRESSED : MediaType.OCI_LAYER;
        };
    }
}
