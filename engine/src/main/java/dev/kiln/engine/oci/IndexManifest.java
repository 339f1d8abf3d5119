package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An image index (https://github.com/opencontainers/image-spec/blob/main/image-index.md) or a Docker
 * manifest list, which share one JSON shape.
 *
 * <p>Immutable. {@code mediaType}, {@code artifactType} and {@code subject} may be null; {@code manifests}
 * and {@code annotations} are never null. Unknown fields are kept in {@code extra}.
 *
 * <p>{@link #toBytes()} is deterministic: {@code schemaVersion, mediaType, artifactType, manifests,
 * subject, annotations}, then the extra fields sorted by name. Keep the bytes a registry sent when their
 * digest matters.
 */
public record IndexManifest(int schemaVersion, MediaType mediaType, MediaType artifactType,
                            List<Descriptor> manifests, Descriptor subject, Map<String, String> annotations,
                            JsonObject extra) {

    static final Set<String> FIELDS = Set.of("schemaVersion", "mediaType", "artifactType", "manifests",
            "subject", "annotations");

    public IndexManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("image index: unsupported schemaVersion " + schemaVersion);
        }
        manifests = Values.list(manifests, "manifests");
        annotations = Values.map(annotations, "annotations");
        extra = Values.extra(extra, FIELDS, "index");
    }

    /** A schemaVersion 2 index of {@code mediaType} ({@link MediaType#OCI_INDEX} or {@link MediaType#DOCKER_MANIFEST_LIST}). */
    public static IndexManifest of(MediaType mediaType, List<Descriptor> manifests) {
        return new IndexManifest(2, mediaType, null, manifests, null, Map.of(), null);
    }

    /**
     * Parses index bytes as a registry or layout serves them.
     *
     * @throws MalformedContentException naming the index digest and the field when the bytes are not a
     *         schemaVersion 2 index
     */
    public static IndexManifest parse(byte[] bytes) {
        JsonFields f = JsonFields.decode(JsonFields.context("parse image index", bytes), bytes);
        f.requireSchemaVersion2();
        MediaType mediaType = f.mediaType("mediaType");
        if (mediaType != null && (mediaType.isManifest() || mediaType.isSchema1())) {
            throw f.error("mediaType", mediaType + " is not an image index");
        }
        if (!f.containsKey("manifests")) {
            throw f.has("config")
                    ? new MalformedContentException(
                            f.context() + ": missing \"manifests\" (this is an image manifest)", "manifests", null)
                    : f.missing("manifests");
        }
        JsonFields subject = f.object("subject");
        return new IndexManifest(2, mediaType, f.mediaType("artifactType"),
                f.objects("manifests").stream().map(Descriptor::read).toList(),
                subject == null ? null : Descriptor.read(subject), f.stringMap("annotations"), f.extra(FIELDS));
    }

    /** A copy of the fields this model does not know. */
    @Override
    public JsonObject extra() {
        return extra.copy();
    }

    /**
     * The entry containerd would pull for {@code wanted}: the lowest {@link Platform#matchRank(Platform)},
     * the first such entry on ties; entries without a platform never match.
     */
    public Optional<Descriptor> select(Platform wanted) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : manifests) {
            if (d.platform() == null) {
                continue;
            }
            int rank = d.platform().matchRank(wanted);
            if (rank >= 0 && rank < bestRank) {
                best = d;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The index in the documented field order; {@code manifests} is always present. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.put("schemaVersion", schemaVersion);
        if (mediaType != null) {
            o.put("mediaType", mediaType.value());
        }
        if (artifactType != null) {
            o.put("artifactType", artifactType.value());
        }
        JsonArray m = new JsonArray();
        manifests.forEach(d -> m.add(d.toJson()));
        o.put("manifests", m);
        if (subject != null) {
            o.put("subject", subject.toJson());
        }
        if (!annotations.isEmpty()) {
            o.put("annotations", new JsonObject(new LinkedHashMap<>(annotations)));
        }
        Values.putExtra(o, extra);
        return o;
    }

    /** Deterministic bytes: equal indexes give equal bytes. */
    public byte[] toBytes() {
        return CanonicalJson.encode(toJson());
    }

    /** The sha256 digest of {@link #toBytes()}. */
    public Digest digest() {
        return Digest.sha256(toBytes());
    }

    /** A descriptor of {@link #toBytes()}; media type {@link #mediaType()} or, when absent, {@link MediaType#OCI_INDEX}. */
    public Descriptor descriptor() {
        byte[] bytes = toBytes();
        return Descriptor.of(mediaType == null ? MediaType.OCI_INDEX : mediaType, Digest.sha256(bytes),
                bytes.length);
    }

    public IndexManifest withManifests(List<Descriptor> newManifests) {
        return new IndexManifest(2, mediaType, artifactType, newManifests, subject, annotations, extra);
    }

    public IndexManifest withAnnotations(Map<String, String> newAnnotations) {
        return new IndexManifest(2, mediaType, artifactType, manifests, subject, newAnnotations, extra);
    }

    public IndexManifest withSubject(Descriptor newSubject) {
        return new IndexManifest(2, mediaType, artifactType, manifests, newSubject, annotations, extra);
    }
}
