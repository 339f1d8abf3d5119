package dev.kiln.engine.image.mutate;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds new images from old ones, after go-containerregistry's {@code pkg/v1/mutate}: every operation
 * returns a new {@link Image} view and never changes its input. Results are assembled through
 * {@link Partial#image(byte[], byte[], List)}, so they are checked for consistency (manifest, config and
 * layers agree) when made.
 *
 * <p>Stateless. Bytes are re-serialised only for documents that change: converting media types keeps the
 * config bytes (and so the image ID); changing layers or config writes new config bytes.
 */
public final class Mutate {

    private Mutate() {
    }

    /**
     * An image with no layers and {@code config} (whose {@code rootfs} must list no diff IDs), in
     * {@code format}. The usual start for {@code FROM scratch} and for tests.
     */
    public static Image empty(ImageConfig config, ImageFormat format) {
        if (!config.diffIds().isEmpty()) {
            throw new InvalidImageException("make empty image: config lists " + config.diffIds().size()
                    + " diff IDs but there are no layers");
        }
        byte[] rawConfig = config.toBytes();
        Manifest manifest = Manifest.of(format.manifestType(), configDescriptor(format, rawConfig), List.of());
        return Partial.image(manifest.toBytes(), rawConfig, List.of());
    }

    /**
     * {@code base} with {@code layers} appended, each with a history entry {@code created_by} empty and
     * {@code created} equal to the config's. Layers are given the base's media type family (OCI or Docker).
     */
    public static Image appendLayers(Image base, List<Layer> layers) {
        List<History> history = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            history.add(History.of(base.config().created(), ""));
        }
        return appendLayers(base, layers, history);
    }

    /**
     * {@code base} with {@code layers} appended and one {@code history} entry for each (none may be marked
     * {@code empty_layer}). Layers are given the base's media type family (OCI or Docker).
     *
     * @throws InvalidImageException when a layer has no media type in that family (zstd in Docker)
     */
    public static Image appendLayers(Image base, List<Layer> layers, List<History> history) {
        Objects.requireNonNull(base, "base");
        if (layers.size() != history.size()) {
            throw new IllegalArgumentException("append " + layers.size() + " layers with " + history.size()
                    + " history entries: need one per layer");
        }
        ImageFormat format = ImageFormat.of(base.mediaType());
        ImageConfig config = base.config();
        List<Layer> all = new ArrayList<>(base.layers());
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = Layers.withMediaType(layers.get(i), format.layerType(layers.get(i)));
            config = config.withLayer(layer.diffId(), history.get(i));
            all.add(layer);
        }
        return assemble(base.manifest(), base.mediaType(), config.toBytes(), all);
    }

    /**
     * {@code base} with its config replaced by {@code config}, whose diff IDs must be the base layers'.
     * Use the {@code ImageConfig.with*} methods on {@code base.config()} to change single settings.
     */
    public static Image config(Image base, ImageConfig config) {
        List<Digest> layerDiffIds = base.layers().stream().map(Layer::diffId).toList();
        if (!config.diffIds().equals(layerDiffIds)) {
            throw new InvalidImageException("set config of " + base.digest() + ": config lists "
                    + config.diffIds().size() + " diff IDs that differ from the image's " + layerDiffIds.size()
                    + " layers");
        }
        return assemble(base.manifest(), base.mediaType(), config.toBytes(), base.layers());
    }

    /**
     * {@code base} with OCI or Docker media types for manifest, config and layers. Config bytes and layer
     * bytes stay as they are, so config digest and layer digests do not change.
     *
     * @throws InvalidImageException when a layer has no media type in {@code format} (zstd in Docker)
     */
    public static Image mediaTypes(Image base, ImageFormat format) {
        List<Layer> layers = new ArrayList<>();
        for (Layer l : base.layers()) {
            layers.add(Layers.withMediaType(l, format.layerType(l)));
        }
        return assemble(base.manifest(), format.manifestType(), base.rawConfig(), layers);
    }

    /**
     * An index of {@code images} in {@code format}, each entry carrying the platform of its image's config.
     * The images' own media types are kept (convert them first with {@link #mediaTypes} when needed).
     */
    public static ImageIndex index(ImageFormat format, List<Image> images) {
        List<Descriptor> entries = new ArrayList<>();
        for (Image image : images) {
            entries.add(image.descriptor().withPlatform(image.config().platform()));
        }
        byte[] raw = IndexManifest.of(format.indexType(), entries).toBytes();
        return Partial.index(raw, images, List.of());
    }

    /** A manifest like {@code template} (annotations, subject kept) for {@code rawConfig} and {@code layers}. */
    private static Image assemble(Manifest template, MediaType manifestType, byte[] rawConfig, List<Layer> layers) {
        ImageFormat format = ImageFormat.of(manifestType);
        Manifest manifest = template.withMediaType(manifestType)
                .withConfig(configDescriptor(format, rawConfig))
                .withLayers(layers.stream().map(Layer::descriptor).toList());
        return Partial.image(manifest.toBytes(), rawConfig, layers);
    }

    private static Descriptor configDescriptor(ImageFormat format, byte[] rawConfig) {
        return Descriptor.of(format.configType(), Digest.sha256(rawConfig), rawConfig.length);
    }
}
