package dev.kiln.engine.cache.store;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.History;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.Manifest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cache entry looks like, written and judged in one place for both backends: a small OCI image
 * (https://github.com/opencontainers/image-spec/blob/main/manifest.md) whose config carries the label
 * {@value #KEY_LABEL}{@code =<key>} and {@value #FORMAT_LABEL}{@code =}{@value #FORMAT_VERSION} (the manifest
 * carries both as annotations too, for people browsing the repository), {@code created} = when it was stored,
 * one history entry and the step's layer as its only layer, or no layer when the step changed no file.
 *
 * <p>A registry or layout holds what anyone pushed under the key's tag, so an entry is judged before it is
 * trusted: at most one layer, the key label equal to the key looked up, a known format, diff IDs that pair
 * with the layers, a creation time within the TTL.
 *
 * <p>Stateless.
 */
final class EntryFormat {

    /** Label and annotation naming the key an entry was stored under. */
    static final String KEY_LABEL = "dev.kiln.cache.key";
    /** Label and annotation naming the entry format, so a later Kiln can change it without misreading. */
    static final String FORMAT_LABEL = "dev.kiln.cache.format";
    /** The format this class writes and reads. */
    static final String FORMAT_VERSION = "1";

    private static final String CREATED_BY = "kiln layer cache";

    private EntryFormat() {
    }

    /** What judging an entry found. */
    sealed interface Verdict {
    }

    /** A usable entry, stored at {@code created}. */
    record Fresh(Instant created) implements Verdict {
    }

    /** A well-formed entry older than the TTL. */
    record Expired(Instant created) implements Verdict {
    }

    /** Not a (readable) entry of this format; {@code reason} says why. */
    record Corrupt(String reason) implements Verdict {
    }

    /**
     * The entry image for {@code key}: {@code layer} (converted to its OCI media type, same bytes) or none, a
     * config for {@code platform} created at {@code created}. In memory; reads no layer bytes.
     */
    static Image image(CacheKey key, Optional<Layer> layer, Platform platform, Instant created) {
        Map<String, String> labels = Map.of(KEY_LABEL, key.hex(), FORMAT_LABEL, FORMAT_VERSION);
        ImageConfig config = ImageConfig.of(platform).withCreated(created)
                .withConfig(ContainerConfig.empty().withLabels(labels));
        List<Layer> layers = layer.map(l -> Layers.withMediaType(l, ImageFormat.OCI.layerType(l))).stream().toList();
        config = layer.isPresent() ? config.withLayer(layer.get().diffId(), History.of(created, CREATED_BY))
                : config.withHistory(History.empty(created, CREATED_BY));
        byte[] rawConfig = config.toBytes();
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(rawConfig), rawConfig.length);
        Manifest manifest = Manifest.of(MediaType.OCI_MANIFEST, configDescriptor,
                layers.stream().map(Layer::descriptor).toList()).withAnnotations(labels);
        return Partial.image(manifest.toBytes(), rawConfig, layers);
    }

    /**
     * Judges the entry found under {@code key}: its manifest and its config bytes (already verified against the
     * manifest's digest), at {@code now} with time-to-live {@code ttl}.
     */
    static Verdict judge(CacheKey key, Manifest manifest, byte[] rawConfig, Instant now, Duration ttl) {
        List<Descriptor> layers = manifest.layers();
        if (layers.size() > 1) {
            return new Corrupt("it has " + layers.size() + " layers; an entry has at most one");
        }
        if (!layers.isEmpty() && !layers.getFirst().mediaType().isLayer()) {
            return new Corrupt("its layer has media type " + layers.getFirst().mediaType()
                    + ", which is not a layer type");
        }
        ImageConfig config;
        try {
            config = ImageConfig.parse(rawConfig);
        } catch (MalformedContentException e) {
            return new Corrupt("config " + manifest.config().digest().shortForm() + " is unreadable: " + e.getMessage());
        }
        Map<String, String> labels = config.config().labels();
        String labelled = labels.get(KEY_LABEL);
        if (labelled == null) {
            return new Corrupt("not a cache entry (its config has no " + KEY_LABEL + " label)");
        }
        if (!labelled.equals(key.hex())) {
            return new Corrupt("it is labelled for key " + shortened(labelled));
        }
        String format = labels.get(FORMAT_LABEL);
        if (!FORMAT_VERSION.equals(format)) {
            return new Corrupt("entry format " + (format == null ? "(none)" : "\"" + shortened(format) + "\"")
                    + ", this Kiln reads \"" + FORMAT_VERSION + "\"");
        }
        if (config.diffIds().size() != layers.size()) {
            return new Corrupt("its config lists " + config.diffIds().size() + " diff IDs for " + layers.size()
                    + " layers");
        }
        Instant created = config.created();
        if (created == null) {
            return new Corrupt("its config has no creation time");
        }
        if (created.plus(ttl).isBefore(now)) {
            return new Expired(created);
        }
        return new Fresh(created);
    }

    /** A foreign value cut to a length fit for a log line. */
    private static String shortened(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
