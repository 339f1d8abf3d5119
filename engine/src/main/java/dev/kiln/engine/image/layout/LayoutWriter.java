package dev.kiln.engine.image.layout;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.ImageNotFoundException;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies images and indexes into an {@link OciLayout}, children before parents, so that whenever a manifest
 * or index blob is present everything it references is present too.
 *
 * <p>Stateless. Blobs are written one after another; a blob already present with the expected size is
 * skipped without reading the source. A non-distributable layer with URLs is copied when its source has it
 * and skipped when not (https://github.com/opencontainers/image-spec/blob/main/image-layout.md#blobs allows
 * that).
 */
final class LayoutWriter {

    /** Opens a blob's content; the writer closes it. */
    @FunctionalInterface
    private interface Content {
        InputStream open() throws IOException;
    }

    private LayoutWriter() {
    }

    static void writeImage(OciLayout layout, Image image) {
        for (Layer layer : image.layers()) {
            try {
                writeBlob(layout, "layer blob", layer.digest(), layer.size(), layer::openCompressed);
            } catch (ImageNotFoundException e) {
                // the spec lets a layout omit non-distributable (foreign) layers: runtimes fetch them from
                // their URLs, and registries never hold them
                if (layer.mediaType().isDistributable() || layer.descriptor().urls().isEmpty()) {
                    throw e;
                }
            }
        }
        byte[] config = image.rawConfig();
        writeBlob(layout, "config", image.configDigest(), config.length, () -> new ByteArrayInputStream(config));
        byte[] manifest = image.rawManifest();
        writeBlob(layout, "manifest", image.digest(), manifest.length, () -> new ByteArrayInputStream(manifest));
    }

    static void writeIndex(OciLayout layout, ImageIndex index) {
        for (Descriptor d : index.indexManifest().manifests()) {
            if (d.mediaType().isIndex()) {
                writeIndex(layout, index.imageIndex(d.digest()));
            } else if (d.mediaType().isManifest()) {
                writeImage(layout, index.image(d.digest()));
            } else {
                throw new InvalidImageException("write index " + index.digest() + " to " + layout.describe()
                        + ": entry " + d.digest() + " has media type " + d.mediaType()
                        + ", which is neither an image manifest nor an index");
            }
        }
        byte[] raw = index.rawManifest();
        writeBlob(layout, "index", index.digest(), raw.length, () -> new ByteArrayInputStream(raw));
    }

    private static void writeBlob(OciLayout layout, String kind, Digest digest, long size, Content content) {
        Path target = layout.blobPath(digest);
        String action = "write " + kind + " " + digest + " to " + layout.describe();
        try {
            if (layout.hasBlob(digest, size)) {
                return;
            }
            Files.createDirectories(target.getParent());
            AtomicFiles.copyVerified(content.open(), target, digest, size, action);
        } catch (IOException e) {
            throw new ImageException(action, e);
        }
    }
}
