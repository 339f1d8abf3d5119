package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An image configuration file (https://github.com/opencontainers/image-spec/blob/main/config.md; Docker
 * image spec v1.2 has the same shape with more fields in {@code config}).
 *
 * <p>Immutable. {@code created} may be null; strings are {@code ""} and lists empty when absent;
 * {@code config} and {@code rootfs} are never null (an absent {@code rootfs} reads as {@code layers} with no
 * diff IDs). Unknown top-level fields (Docker's {@code container}, {@code container_config},
 * {@code docker_version}, ...) are kept in {@code extra}. Times are read as RFC 3339 with any offset and
 * written in UTC, Go's RFC3339Nano style.
 *
 * <p>{@link #toBytes()} is deterministic: {@code created, author, architecture, os, os.version,
 * os.features, variant, config, rootfs, history} (the order of the OCI Go type), then extras sorted by
 * name; {@code architecture}, {@code os}, {@code config} and {@code rootfs} always written, other empty
 * fields omitted. Keep the bytes a registry sent when the config digest matters (the image ID).
 */
public record ImageConfig(Instant created, String author, String architecture, String os, String osVersion,
                          List<String> osFeatures, String variant, ContainerConfig config, RootFs rootfs,
                          List<History> history, JsonObject extra) {

    static final Set<String> FIELDS = Set.of("created", "author", "architecture", "os", "os.version",
            "os.features", "variant", "config", "rootfs", "history");

    public ImageConfig {
        author = Values.string(author);
        architecture = Values.string(architecture);
        os = Values.string(os);
        osVersion = Values.string(osVersion);
        osFeatures = Values.strings(osFeatures, "os.features");
        variant = Values.string(variant);
        config = config == null ? ContainerConfig.empty() : config;
        rootfs = rootfs == null ? RootFs.of(List.of()) : rootfs;
        history = Values.list(history, "history");
        extra = Values.extra(extra, FIELDS, "image config");
    }

    /** A config for {@code platform} with no layers, no history and empty container settings. */
    public static ImageConfig of(Platform platform) {
        return new ImageConfig(null, "", platform.architecture(), platform.os(), platform.osVersion(),
                platform.osFeatures(), platform.variant(), ContainerConfig.empty(), RootFs.of(List.of()), List.of(),
                null);
    }

    /**
     * Parses config bytes as a registry or layout serves them.
     *
     * @throws MalformedContentException naming the config digest and the field when a value has the wrong
     *         type or a time or digest is invalid
     */
    public static ImageConfig parse(byte[] bytes) {
        JsonFields f = JsonFields.decode(JsonFields.context("parse image config", bytes), bytes);
        JsonFields config = f.object("config");
        JsonFields rootfs = f.object("rootfs");
        return new ImageConfig(f.instant("created"), f.string("author"), f.string("architecture"),
                f.string("os"), f.string("os.version"), f.strings("os.features"), f.string("variant"),
                config == null ? null : ContainerConfig.read(config), rootfs == null ? null : RootFs.read(rootfs),
                f.objects("history").stream().map(History::read).toList(), f.extra(FIELDS));
    }

    /** A copy of the fields this model does not know. */
    @Override
    public JsonObject extra() {
        return extra.copy();
    }

    /** The platform of the image: os, architecture, variant, os.version, os.features. */
    public Platform platform() {
        return new Platform(os, architecture, variant, osVersion, osFeatures, List.of());
    }

    /** The digests of the layers' uncompressed contents, in order. */
    public List<Digest> diffIds() {
        return rootfs.diffIds();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (created != null) {
            o.put("created", Rfc3339.format(created));
        }
        if (!author.isEmpty()) {
            o.put("author", author);
        }
        o.put("architecture", architecture);
        o.put("os", os);
        if (!osVersion.isEmpty()) {
            o.put("os.version", osVersion);
        }
        if (!osFeatures.isEmpty()) {
            o.put("os.features", new JsonArray(new ArrayList<>(osFeatures)));
        }
        if (!variant.isEmpty()) {
            o.put("variant", variant);
        }
        o.put("config", config.toJson());
        o.put("rootfs", rootfs.toJson());
        if (!history.isEmpty()) {
            JsonArray h = new JsonArray();
            history.forEach(e -> h.add(e.toJson()));
            o.put("history", h);
        }
        Values.putExtra(o, extra);
        return o;
    }

    /** Deterministic bytes: equal configs give equal bytes. */
    public byte[] toBytes() {
        return CanonicalJson.encode(toJson());
    }

    /** The sha256 digest of {@link #toBytes()}: the image ID. */
    public Digest digest() {
        return Digest.sha256(toBytes());
    }

    /** A descriptor of {@link #toBytes()} with {@code mediaType} (OCI or Docker config type). */
    public Descriptor descriptor(MediaType mediaType) {
        byte[] bytes = toBytes();
        return Descriptor.of(mediaType, Digest.sha256(bytes), bytes.length);
    }

    /**
     * A copy with one more layer: {@code diffId} appended to {@code rootfs} and {@code history} appended.
     * {@code history.emptyLayer()} must be false, since the layer exists.
     */
    public ImageConfig withLayer(Digest diffId, History entry) {
        Objects.requireNonNull(diffId, "diffId");
        if (entry.emptyLayer()) {
            throw new IllegalArgumentException("history of layer " + diffId.shortForm() + " is marked empty_layer");
        }
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config,
                rootfs.append(diffId), append(history, entry), extra);
    }

    /** A copy with {@code entry} appended to the history (an instruction that made no layer). */
    public ImageConfig withHistory(History entry) {
        return withHistory(append(history, entry));
    }

    public ImageConfig withHistory(List<History> newHistory) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                newHistory, extra);
    }

    public ImageConfig withConfig(ContainerConfig newConfig) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, newConfig, rootfs,
                history, extra);
    }

    public ImageConfig withCreated(Instant newCreated) {
        return new ImageConfig(newCreated, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                history, extra);
    }

    public ImageConfig withAuthor(String newAuthor) {
        return new ImageConfig(created, newAuthor, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                history, extra);
    }

    public ImageConfig withRootFs(RootFs newRootFs) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, newRootFs,
                history, extra);
    }

    /** Sets os, architecture, variant, os.version and os.features from {@code platform}. */
    public ImageConfig withPlatform(Platform platform) {
        return new ImageConfig(created, author, platform.architecture(), platform.os(), platform.osVersion(),
                platform.osFeatures(), platform.variant(), config, rootfs, history, extra);
    }

    /** Replaces the unknown fields, e.g. to drop Docker's legacy {@code container_config} from a base image. */
    public ImageConfig withExtra(JsonObject newExtra) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                history, newExtra);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> l = new ArrayList<>(list);
        l.add(Objects.requireNonNull(item));
        return l;
    }
}
