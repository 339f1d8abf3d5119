package dev.kiln.engine.layer;

/**
 * The names OCI layers use to delete lower-layer content
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts).
 *
 * <p>Stateless. {@code .wh.NAME} hides {@code NAME} of lower layers; {@code .wh..wh..opq} in a directory hides
 * all of its lower-layer children. Other names starting with {@code .wh..wh.} are aufs bookkeeping
 * (hardlink directories) that Docker and containerd skip.
 */
public final class Whiteouts {

    /** Prefix of every whiteout file name. */
    public static final String PREFIX = ".wh.";
    /** Name of the opaque-directory marker. */
    public static final String OPAQUE = ".wh..wh..opq";
    /** Prefix of aufs metadata names, which are not whiteouts. */
    public static final String META_PREFIX = ".wh..wh.";

    private Whiteouts() {}

    /** The whiteout file name hiding {@code name}: {@code .wh.name}. */
    public static String of(String name) {
        return PREFIX + name;
    }

    /** Whether a file name (last path component) is a whiteout or opaque marker. */
    public static boolean isWhiteout(String fileName) {
        return fileName.startsWith(PREFIX);
    }
}
