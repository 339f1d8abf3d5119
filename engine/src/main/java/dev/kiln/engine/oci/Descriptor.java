package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A content descriptor: what a manifest or index says about a blob it references
 * (https://github.com/opencontainers/image-spec/blob/main/descriptor.md).
 *
 * <p>Immutable (lists and maps are copied, {@link #extra()} returns a copy). {@code urls} and
 * {@code annotations} are empty, never null, when absent; {@code platform} and {@code artifactType} may
 * be null. Fields this model does not know ({@code data}, vendor extensions) are kept in {@code extra}
 * so that a parsed descriptor writes them back.
 *
 * <p>JSON order: {@code mediaType, digest, size, urls, annotations, platform, artifactType}, then the
 * extra fields sorted by name; empty optional fields are omitted, as Go's {@code omitempty} does.
 */
public record Descriptor(MediaType mediaType, Digest digest, long size, List<String> urls,
                         Map<String, String> annotations, Platform platform, MediaType artifactType,
                         JsonObject extra) {

    static final Set<String> FIELDS = Set.of("mediaType", "digest", "size", "urls", "annotations", "platform",
            "artifactType");

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest.shortForm() + ": negative size " + size);
        }
        urls = Values.strings(urls, "urls");
        annotations = Values.map(annotations, "annotations");
        extra = Values.extra(extra, FIELDS, "descriptor");
    }

    /** A plain descriptor: no urls, annotations, platform or extras. */
    public static Descriptor of(MediaType mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, null, null);
    }

    /** A copy of the fields this model does not know; changing it does not change the descriptor. */
    @Override
    public JsonObject extra() {
        return extra.copy();
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType, extra);
    }

    /** Replaces all annotations. */
    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType, extra);
    }

    /** Adds or replaces one annotation. */
    public Descriptor withAnnotation(String key, String value) {
        TreeMap<String, String> m = new TreeMap<>(annotations);
        m.put(key, value);
        return withAnnotations(m);
    }

    public Descriptor withMediaType(MediaType newMediaType) {
        return new Descriptor(newMediaType, digest, size, urls, annotations, platform, artifactType, extra);
    }

    public Descriptor withUrls(List<String> newUrls) {
        return new Descriptor(mediaType, digest, size, newUrls, annotations, platform, artifactType, extra);
    }

    public Descriptor withArtifactType(MediaType newArtifactType) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, newArtifactType, extra);
    }

    /** The descriptor object in the documented field order. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.put("mediaType", mediaType.value());
        o.put("digest", digest.toString());
        o.put("size", size);
        if (!urls.isEmpty()) {
            o.put("urls", new JsonArray(new ArrayList<>(urls)));
        }
        if (!annotations.isEmpty()) {
            o.put("annotations", new JsonObject(new java.util.LinkedHashMap<>(annotations)));
        }
        if (platform != null) {
            o.put("platform", platform.toJson());
        }
        if (artifactType != null) {
            o.put("artifactType", artifactType.value());
        }
        Values.putExtra(o, extra);
        return o;
    }

    /**
     * Reads a descriptor object; {@code mediaType}, {@code digest} and {@code size} are required.
     *
     * @throws MalformedContentException naming the field when a value is missing or has the wrong type
     */
    public static Descriptor fromJson(JsonObject json) {
        return read(JsonFields.of("parse descriptor", "", json));
    }

    static Descriptor read(JsonFields f) {
        MediaType mediaType = f.mediaType("mediaType");
        if (mediaType == null) {
            throw f.missing("mediaType");
        }
        Digest digest = f.requireDigest("digest");
        long size = f.requireLong("size");
        if (size < 0) {
            throw f.error("size", "negative size " + size);
        }
        JsonFields p = f.object("platform");
        return new Descriptor(mediaType, digest, size, f.strings("urls"), f.stringMap("annotations"),
                p == null ? null : Platform.read(p), f.mediaType("artifactType"), f.extra(FIELDS));
    }
}
