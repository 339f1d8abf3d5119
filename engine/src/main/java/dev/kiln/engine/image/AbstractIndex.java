package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.MediaType;

/**
 * What every {@link ImageIndex} derives from its raw bytes: parsing (once), media type, digest, and child
 * lookup by digest. Subclasses supply the children.
 *
 * <p>Immutable and thread-safe, like {@link AbstractImage}.
 */
abstract class AbstractIndex implements ImageIndex {

    private final byte[] rawManifest;
    private final Digest digest;
    private final MediaType referencedAs;
    private final String where;
    private final Lazy<IndexManifest> parsed;

    AbstractIndex(byte[] rawManifest, Digest digest, MediaType referencedAs, String where) {
        this.rawManifest = rawManifest;
        this.digest = digest;
        this.referencedAs = referencedAs;
        this.where = where;
        this.parsed = new Lazy<>(this::parse);
    }

    /** The image a descriptor of this index names. */
    abstract Image child(Descriptor descriptor);

    /** The nested index a descriptor of this index names. */
    abstract ImageIndex childIndex(Descriptor descriptor);

    final String what() {
        return "index " + digest + " from " + where;
    }

    @Override
    public final IndexManifest indexManifest() {
        return parsed.get();
    }

    @Override
    public final byte[] rawManifest() {
        return rawManifest.clone();
    }

    @Override
    public final Digest digest() {
        return digest;
    }

    @Override
    public final MediaType mediaType() {
        MediaType own = indexManifest().mediaType();
        if (own != null) {
            return own;
        }
        return referencedAs != null ? referencedAs : MediaType.OCI_INDEX;
    }

    @Override
    public final Image image(Digest wanted) {
        Descriptor d = find(wanted, "image");
        if (d.mediaType().isIndex()) {
            throw new InvalidImageException("read image " + wanted + " of " + what() + ": it is an index ("
                    + d.mediaType() + ")");
        }
        return child(d);
    }

    @Override
    public final ImageIndex imageIndex(Digest wanted) {
        Descriptor d = find(wanted, "index");
        if (!d.mediaType().isIndex()) {
            throw new InvalidImageException("read index " + wanted + " of " + what() + ": it is not an index ("
                    + d.mediaType() + ")");
        }
        return childIndex(d);
    }

    @Override
    public final Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest, rawManifest.length);
    }

    @Override
    public String toString() {
        return what();
    }

    private Descriptor find(Digest wanted, String kind) {
        for (Descriptor d : indexManifest().manifests()) {
            if (d.digest().equals(wanted)) {
                return d;
            }
        }
        throw new ImageNotFoundException("find " + kind + " " + wanted + " in " + what() + ": not listed");
    }

    private IndexManifest parse() {
        IndexManifest m;
        try {
            m = IndexManifest.parse(rawManifest);
        } catch (MalformedContentException e) {
            throw new InvalidImageException("parse " + what(), e);
        }
        MediaType type = m.mediaType() != null ? m.mediaType() : referencedAs;
        if (type != null && !type.isIndex()) {
            throw new InvalidImageException("parse " + what() + ": media type " + type + " is not an index");
        }
        return m;
    }
}
