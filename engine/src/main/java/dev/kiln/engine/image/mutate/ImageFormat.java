package dev.kiln.engine.image.mutate;

import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.oci.MediaType;

/**
 * The two families of media types an image can be written in: OCI
 * (https://github.com/opencontainers/image-spec/blob/main/media-types.md) and Docker schema 2
 * (https://distribution.github.io/distribution/spec/manifest-v2-2/). Kiln builds OCI by default and
 * converts on request, since some registries and old daemons still want Docker types.
 *
 * <p>Immutable (an enum).
 */
public enum ImageFormat {
    OCI(MediaType.OCI_MANIFEST, MediaType.OCI_CONFIG, MediaType.OCI_INDEX),
    DOCKER(MediaType.DOCKER_MANIFEST, MediaType.DOCKER_CONFIG, MediaType.DOCKER_MANIFEST_LIST);

    private final MediaType manifestType;
    private final MediaType configType;
    private final MediaType indexType;

    ImageFormat(MediaType manifestType, MediaType configType, MediaType indexType) {
        this.manifestType = manifestType;
        this.configType = configType;
        this.indexType = indexType;
    }

    public MediaType manifestType() {
        return manifestType;
    }

    public MediaType configType() {
        return configType;
    }

    public MediaType indexType() {
        return indexType;
    }

    /** The format a manifest media type belongs to. */
    public static ImageFormat of(MediaType manifestType) {
        return manifestType.isDocker() ? DOCKER : OCI;
    }

    /**
     * The media type {@code layer} has in this format, same compression and distributability.
     *
     * @throws InvalidImageException when the format has no such type: zstd and non-distributable
     *         non-gzip layers have none in Docker's schema 2 (containers/image refuses them too)
     */
    public MediaType layerType(Layer layer) {
        MediaType type = layer.mediaType();
        boolean distributable = type.isDistributable();
        MediaType.Compression c = type.compression();
        MediaType converted = switch (this) {
            case OCI -> switch (c) {
                case NONE -> distributable ? MediaType.OCI_LAYER : MediaType.OCI_LAYER_NONDIST;
                case GZIP -> distributable ? MediaType.OCI_LAYER_GZIP : MediaType.OCI_LAYER_NONDIST_GZIP;
                case ZSTD -> distributable ? MediaType.OCI_LAYER_ZSTD : MediaType.OCI_LAYER_NONDIST_ZSTD;
            };
            case DOCKER -> switch (c) {
                case NONE -> distributable ? MediaType.DOCKER_LAYER_UNCOMPRESSED : null;
                case GZIP -> distributable ? MediaType.DOCKER_LAYER : MediaType.DOCKER_FOREIGN_LAYER;
                case ZSTD -> null;
            };
        };
        if (converted == null) {
            throw new InvalidImageException("convert layer " + layer.digest() + " (" + type + ") to " + this
                    + " media types: Docker schema 2 has no " + (distributable ? "" : "non-distributable ")
                    + c.name().toLowerCase(java.util.Locale.ROOT) + " layer type");
        }
        return type.sameEssence(converted) ? type : converted;
    }
}
