package dev.kiln.engine.layer.extract;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.layer.LayerBuilder;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/** Images of a few layers with whiteouts, hardlinks and replaced paths, and layers that misbehave. */
final class TestLayers {

    private TestLayers() {}

    /** Three layers: a base, a zstd layer (whiteout, hardlink, new content), a plain tar (opaque dir, dir to file). */
    static List<Layer> threeLayers(boolean zstd) {
        LayerBuilder base = new LayerBuilder()
                .dir("etc/").file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0, 0, java.util.Map.of())
                .dir("usr/").dir("usr/bin/").file("usr/bin/tool", "#!/bin/sh\necho tool\n", 0755, 0, 0, java.util.Map.of())
                .symlink("bin", "usr/bin")
                .dir("var/").dir("var/cache/").file("var/cache/a", "a").file("var/cache/b", "b")
                .dir("opq/").file("opq/old", "old").dir("opq/olddir/").file("opq/olddir/deep", "deep");
        LayerBuilder second = new LayerBuilder()
                .dir("etc/").file("etc/passwd", "root:x:0:0::/root:/bin/bash\n", 0600, 0, 0, java.util.Map.of())
                .dir("usr/bin/").hardlink("usr/bin/tool2", "usr/bin/tool")
                .dir("var/cache/").whiteout("var/cache/.wh.a");
        LayerBuilder third = new LayerBuilder()
                .dir("opq/").whiteout("opq/.wh..wh..opq").file("opq/new", "new")
                .whiteout("var/.wh.cache").dir("var/").file("var/cache", "a file now");
        return List.of(
                Layers.fromTarBytes(base.tar(), LayerCompression.gzip()),
                Layers.fromTarBytes(second.tar(), zstd ? LayerCompression.zstd() : LayerCompression.gzip()),
                Layers.fromTarBytes(third.tar(), LayerCompression.none()));
    }

    /** An OCI linux/amd64 image of {@code layers}. */
    static Image image(List<Layer> layers) {
        Image empty = Mutate.empty(ImageConfig.of(Platform.of("linux", "amd64")), ImageFormat.OCI);
        return Mutate.appendLayers(empty, layers);
    }

    /** A layer whose blob opens through {@code open}, with the digests of {@code base}. */
    static Layer opening(Layer base, Opener open) {
        return new Wrapped(base, base.diffId(), open, s -> {});
    }

    /** {@code base}, claiming another diff ID (so the config will list a wrong one). */
    static Layer withDiffId(Layer base, Digest diffId) {
        return new Wrapped(base, diffId, base::openCompressed, s -> {});
    }

    /** {@code base}, telling {@code onOpen} each time its blob is opened. */
    static Layer observed(Layer base, Consumer<Layer> onOpen) {
        return new Wrapped(base, base.diffId(), base::openCompressed, onOpen);
    }

    /** Opens a blob. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private record Wrapped(Layer base, Digest diffId, Opener open, Consumer<Layer> onOpen) implements Layer {
        @Override
        public Digest digest() {
            return base.digest();
        }

        @Override
        public long size() {
            return base.size();
        }

        @Override
        public MediaType mediaType() {
            return base.mediaType();
        }

        @Override
        public InputStream openCompressed() throws IOException {
            onOpen.accept(this);
            return open.open();
        }

        @Override
        public InputStream openUncompressed() {
            throw new UnsupportedOperationException("not needed by the extractor");
        }

        @Override
        public Descriptor descriptor() {
            return base.descriptor();
        }
    }
}
