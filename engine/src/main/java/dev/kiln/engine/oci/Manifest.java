package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An image manifest: OCI (https://github.com/opencontainers/image-spec/blob/main/manifest.md) or Docker
 * schema2 (https://distribution.github.io/distribution/spec/manifest-v2-2/), which share one JSON shape.
 *
 * <p>Immutable. {@code mediaType} is null when the document has none (umoci writes OCI manifests without
 * it; the {@code Content-Type} or the referencing descriptor then tells the type). {@code artifactType}
 * and {@code subject} may be null; {@code layers} and {@code annotations} are never null. Unknown fields
 * are kept in {@code extra}.
 *
 * <p>{@link #toBytes()} is deterministic: {@code schemaVersion, mediaType, artifactType, config, layers,
 * subject, annotations}, then the extra fields sorted by name, compact, Go-style escaping. It does not
 * reproduce foreign bytes: keep the bytes a registry sent when their digest matters.
 */
public record Manifest(int schemaVersion, MediaType mediaType, MediaType artifactType, Descriptor config,
                       List<Descriptor> layers, Descriptor subject, Map<String, String> annotations,
                       JsonObject extra) {

    static final Set<String> FIELDS = Set.of("schemaVersion", "mediaType", "artifactType", "config", "layers",
            "subject", "annotations");

    public Manifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("image manifest: unsupported schemaVersion " + schemaVersion);
        }
        Objects.requireNonNull(config, "config");
        layers = Values.list(layers, "layers");
        annotations = Values.map(annotations, "annotations");
        extra = Values.extra(extra, FIELDS, "manifest");
    }

    /** A schemaVersion 2 manifest of {@code mediaType} ({@link MediaType#OCI_MANIFEST} or {@link MediaType#DOCKER_MANIFEST}). */
    public static Manifest of(MediaType mediaType, Descriptor config, List<Descriptor> layers) {
        return new Manifest(2, mediaType, null, config, layers, null, Map.of(), null);
    }

    /**
     * Parses manifest bytes as a registry or layout serves them.
     *
     * @throws MalformedContentException naming the manifest digest and the field when the bytes are not
     *         a schemaVersion 2 image manifest
     */
    public static Manifest parse(byte[] bytes) {
        JsonFields f = JsonFields.decode(JsonFields.context("parse image manifest", bytes), bytes);
        f.requireSchemaVersion2();
        MediaType mediaType = f.mediaType("mediaType");
        if (mediaType != null && (mediaType.isIndex() || mediaType.isSchema1())) {
            throw f.error("mediaType", mediaType + " is not an image manifest");
        }
        JsonFields config = f.object("config");
        if (config == null) {
            throw f.has("manifests")
                    ? new MalformedContentException(f.context() + ": missing \"config\" (this is an image index)",
                            "config", null)
                    : f.missing("config");
        }
        JsonFields subject = f.object("subject");
        return new Manifest(2, mediaType, f.mediaType("artifactType"), Descriptor.read(config),
                f.objects("layers").stream().map(Descriptor::read).toList(),
                subject == null ? null : Descriptor.read(subject), f.stringMap("annotations"), f.extra(FIELDS));
    }

    /** A copy of the fields this model does not know. */
    @Override
    public JsonObject extra() {
        return extra.copy();
    }

    /** The manifest in the documented field order; {@code layers} is always present. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.put("schemaVersion", schemaVersion);
        if (mediaType != null) {
            o.put("mediaType", mediaType.value());
        }
        if (artifactType != null) {
            o.put("artifactType", artifactType.value());
        }
        o.put("config", config.toJson());
        JsonArray l = new JsonArray();
        layers.forEach(d -> l.add(d.toJson()));
        o.put("layers", l);
        if (subject != null) {
            o.put("subject", subject.toJson());
        }
        if (!annotations.isEmpty()) {
            o.put("annotations", new JsonObject(new LinkedHashMap<>(annotations)));
        }
        Values.putExtra(o, extra);
        return o;
    }

    /** Deterministic bytes: equal manifests give equal bytes. */
    public byte[] toBytes() {
        return CanonicalJson.encode(toJson());
    }

    /** The sha256 digest of {@link #toBytes()}. */
    public Digest digest() {
        return Digest.sha256(toBytes());
    }

    /**
     * A descriptor of {@link #toBytes()}; its media type is {@link #mediaType()} or, when absent,
     * {@link MediaType#OCI_MANIFEST}.
     */
    public Descriptor descriptor() {
        byte[] bytes = toBytes();
        return Descriptor.of(mediaType == null ? MediaType.OCI_MANIFEST : mediaType, Digest.sha256(bytes),
                bytes.length);
    }

    public Manifest withMediaType(MediaType newMediaType) {
        return new Manifest(2, newMediaType, artifactType, config, layers, subject, annotations, extra);
    }

    public Manifest withConfig(Descriptor newConfig) {
        return new Manifest(2, mediaType, artifactType, newConfig, layers, subject, annotations, extra);
    }

    public Manifest withLayers(List<Descriptor> newLayers) {
        return new Manifest(2, mediaType, artifactType, config, newLayers, subject, annotations, extra);
    }

    public Manifest withSubject(Descriptor newSubject) {
        return new Manifest(2, mediaType, artifactType, config, layers, newSubject, annotations, extra);
    }

    public Manifest withAnnotations(Map<String, String> newAnnotations) {
        return new Manifest(2, mediaType, artifactType, config, layers, subject, newAnnotations, extra);
    }
}
