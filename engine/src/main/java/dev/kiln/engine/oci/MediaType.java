package dev.kiln.engine.oci;

import java.util.Locale;
import java.util.Objects;

/**
 * A media type as found in descriptors, manifests and {@code Content-Type} headers.
 *
 * <p>Immutable. Any non-blank string is accepted, because registries and tools send types this code
 * does not know (artifacts, signatures, encrypted layers); the {@code is*} predicates classify the known
 * ones. Classification looks at the {@linkplain #essence() essence} (lower-case, parameters such as
 * {@code ; charset=utf-8} removed), equality at the exact {@link #value()}.
 *
 * <p>References: OCI https://github.com/opencontainers/image-spec/blob/main/media-types.md, Docker
 * https://distribution.github.io/distribution/spec/manifest-v2-2/.
 */
public record MediaType(String value) {

    /** Layer compression implied by a layer media type. */
    public enum Compression { NONE, GZIP, ZSTD }

    public static final MediaType OCI_MANIFEST = new MediaType("application/vnd.oci.image.manifest.v1+json");
    public static final MediaType OCI_INDEX = new MediaType("application/vnd.oci.image.index.v1+json");
    public static final MediaType OCI_CONFIG = new MediaType("application/vnd.oci.image.config.v1+json");
    public static final MediaType OCI_LAYER = new MediaType("application/vnd.oci.image.layer.v1.tar");
    public static final MediaType OCI_LAYER_GZIP = new MediaType("application/vnd.oci.image.layer.v1.tar+gzip");
    public static final MediaType OCI_LAYER_ZSTD = new MediaType("application/vnd.oci.image.layer.v1.tar+zstd");
    /** Deprecated by image-spec 1.1 but still found in old Windows images. */
    public static final MediaType OCI_LAYER_NONDIST =
            new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar");
    public static final MediaType OCI_LAYER_NONDIST_GZIP =
            new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    public static final MediaType OCI_LAYER_NONDIST_ZSTD =
            new MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");
    /** The empty descriptor {@code {}} of image-spec 1.1 artifacts. */
    public static final MediaType OCI_EMPTY = new MediaType("application/vnd.oci.empty.v1+json");

    public static final MediaType DOCKER_MANIFEST =
            new MediaType("application/vnd.docker.distribution.manifest.v2+json");
    public static final MediaType DOCKER_MANIFEST_LIST =
            new MediaType("application/vnd.docker.distribution.manifest.list.v2+json");
    public static final MediaType DOCKER_CONFIG = new MediaType("application/vnd.docker.container.image.v1+json");
    public static final MediaType DOCKER_LAYER = new MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip");
    /** Same as {@link #DOCKER_LAYER}: Docker's layer type is always gzip. */
    public static final MediaType DOCKER_LAYER_GZIP = DOCKER_LAYER;
    /** Uncompressed Docker layer, written by containers/image (buildah, skopeo) on request. */
    public static final MediaType DOCKER_LAYER_UNCOMPRESSED =
            new MediaType("application/vnd.docker.image.rootfs.diff.tar");
    /** zstd Docker layer, a containerd extension. */
    public static final MediaType DOCKER_LAYER_ZSTD =
            new MediaType("application/vnd.docker.image.rootfs.diff.tar.zstd");
    public static final MediaType DOCKER_FOREIGN_LAYER =
            new MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
    public static final MediaType DOCKER_PLUGIN_CONFIG = new MediaType("application/vnd.docker.plugin.v1+json");
    /** Docker schema1: recognised so callers can reject it with a clear message. */
    public static final MediaType DOCKER_SCHEMA1_MANIFEST =
            new MediaType("application/vnd.docker.distribution.manifest.v1+json");
    public static final MediaType DOCKER_SCHEMA1_SIGNED =
            new MediaType("application/vnd.docker.distribution.manifest.v1+prettyjws");

    private static final String OCI_LAYER_PREFIX = "application/vnd.oci.image.layer.";
    private static final String DOCKER_LAYER_PREFIX = "application/vnd.docker.image.rootfs.";

    public MediaType {
        Objects.requireNonNull(value, "media type");
        if (value.isBlank()) {
            throw new IllegalArgumentException("invalid media type: blank");
        }
    }

    /** The media type {@code value}, e.g. from a descriptor or a {@code Content-Type} header. */
    public static MediaType of(String value) {
        return new MediaType(value);
    }

    /** Lower-case type/subtype without parameters, e.g. {@code application/json} for {@code application/JSON; charset=utf-8}. */
    public String essence() {
        int semi = value.indexOf(';');
        String e = semi < 0 ? value : value.substring(0, semi);
        return e.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether the essence equals {@code other}'s, ignoring parameters and case. */
    public boolean sameEssence(MediaType other) {
        return other != null && essence().equals(other.essence());
    }

    /** An image index or Docker manifest list. */
    public boolean isIndex() {
        return is(OCI_INDEX) || is(DOCKER_MANIFEST_LIST);
    }

    /** An OCI image manifest or Docker schema2 manifest (not schema1, see {@link #isSchema1()}). */
    public boolean isManifest() {
        return is(OCI_MANIFEST) || is(DOCKER_MANIFEST);
    }

    /** An image config (OCI or Docker); artifact configs and {@link #OCI_EMPTY} are not. */
    public boolean isConfig() {
        return is(OCI_CONFIG) || is(DOCKER_CONFIG);
    }

    /** A filesystem layer, OCI or Docker, of any compression, distributable or not. */
    public boolean isLayer() {
        String e = essence();
        return e.startsWith(OCI_LAYER_PREFIX) || e.startsWith(DOCKER_LAYER_PREFIX);
    }

    /**
     * False for OCI non-distributable and Docker foreign layers, which registries do not hold and pushes
     * must skip (their descriptor carries {@code urls} instead); true for everything else.
     */
    public boolean isDistributable() {
        String e = essence();
        return !(e.startsWith(OCI_LAYER_PREFIX + "nondistributable.")
                || e.startsWith(DOCKER_LAYER_PREFIX + "foreign."));
    }

    /** A Docker media type ({@code application/vnd.docker.*}). */
    public boolean isDocker() {
        return essence().startsWith("application/vnd.docker.");
    }

    /** A Docker schema1 manifest, signed or not: obsolete, callers reject it. */
    public boolean isSchema1() {
        return is(DOCKER_SCHEMA1_MANIFEST) || is(DOCKER_SCHEMA1_SIGNED);
    }

    /**
     * The compression of a layer type, from its suffix ({@code +gzip}, {@code .gzip}, {@code +zstd},
     * {@code .zstd}); {@link Compression#NONE} for uncompressed layers and for anything that is not a layer.
     */
    public Compression compression() {
        if (!isLayer()) {
            return Compression.NONE;
        }
        String e = essence();
        if (e.endsWith("+gzip") || e.endsWith(".gzip")) {
            return Compression.GZIP;
        }
        if (e.endsWith("+zstd") || e.endsWith(".zstd")) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }

    private boolean is(MediaType known) {
        return essence().equals(known.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
