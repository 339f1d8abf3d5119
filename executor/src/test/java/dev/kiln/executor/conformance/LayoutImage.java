package dev.kiln.executor.conformance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One image read from an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI
 * image layout</a>: its manifest, config JSON and layer blobs, whatever the media types (OCI or Docker v2s2).
 *
 * <p>Immutable after {@link #read}. The image is the one tagged {@code tag} ({@code org.opencontainers.image.ref.name}),
 * or the only one in {@code index.json} when no tag is given, as kaniko's {@code --oci-layout-path} writes it;
 * a nested index resolves to its linux/amd64 image.
 *
 * @param layout            the layout directory
 * @param manifestDigest    {@code sha256:...} of the image manifest
 * @param manifestMediaType the manifest's media type ({@code mediaType} field, else the descriptor's)
 * @param manifest          the manifest JSON
 * @param config            the config JSON
 * @param layers            the layer blob files, base first
 */
record LayoutImage(Path layout, String manifestDigest, String manifestMediaType, JsonObject manifest, JsonObject config,
        List<Path> layers) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    LayoutImage {
        layers = List.copyOf(layers);
    }

    /** Reads the image tagged {@code tag} (or the only image, when empty) from {@code layout}. */
    static LayoutImage read(Path layout, Optional<String> tag) {
        try {
            JsonObject index = new JsonObject(Files.readString(layout.resolve("index.json")));
            JsonObject desc = pick(index, tag, layout + "/index.json");
            while (isIndex(desc.getString("mediaType"))) {
                JsonObject nested = new JsonObject(Files.readString(blob(layout, desc.getString("digest"))));
                desc = pickPlatform(nested, layout + " index " + desc.getString("digest"));
            }
            String digest = desc.getString("digest");
            JsonObject manifest = new JsonObject(Files.readString(blob(layout, digest)));
            String mediaType = manifest.getString("mediaType", desc.getString("mediaType", OCI_MANIFEST));
            JsonObject config = new JsonObject(Files.readString(blob(layout,
                    manifest.getJsonObject("config").getString("digest"))));
            List<Path> layers = new ArrayList<>();
            for (Object o : manifest.getJsonArray("layers", new JsonArray())) {
                layers.add(blob(layout, ((JsonObject) o).getString("digest")));
            }
            return new LayoutImage(layout, digest, mediaType, manifest, config, layers);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("read image " + tag.orElse("(only image)") + " from OCI layout " + layout
                    + ": " + e.getMessage(), e);
        }
    }

    /** The config's {@code history}, empty when absent. */
    List<JsonObject> history() {
        List<JsonObject> out = new ArrayList<>();
        config.getJsonArray("history", new JsonArray()).forEach(o -> out.add((JsonObject) o));
        return out;
    }

    /** Flattens the layers with the corpus's own reader. */
    FlatTree flatten() {
        return FlatTree.of(layers);
    }

    private static JsonObject pick(JsonObject index, Optional<String> tag, String where) {
        JsonArray manifests = index.getJsonArray("manifests", new JsonArray());
        if (tag.isPresent()) {
            for (Object o : manifests) {
                JsonObject d = (JsonObject) o;
                JsonObject ann = d.getJsonObject("annotations", new JsonObject());
                if (tag.get().equals(ann.getString("org.opencontainers.image.ref.name"))) {
                    return d;
                }
            }
            throw new IllegalStateException(where + ": no manifest tagged " + tag.get());
        }
        if (manifests.size() != 1) {
            throw new IllegalStateException(where + ": expected exactly one manifest, found " + manifests.size());
        }
        return manifests.getJsonObject(0);
    }

    private static JsonObject pickPlatform(JsonObject index, String where) {
        for (Object o : index.getJsonArray("manifests", new JsonArray())) {
            JsonObject d = (JsonObject) o;
            JsonObject p = d.getJsonObject("platform", new JsonObject());
            if ("amd64".equals(p.getString("architecture")) && "linux".equals(p.getString("os"))) {
                return d;
            }
        }
        return pick(index, Optional.empty(), where);
    }

    private static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    private static Path blob(Path layout, String digest) {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalStateException("unsupported or missing digest " + digest);
        }
        Path p = layout.resolve("blobs/sha256").resolve(digest.substring(7));
        if (!Files.isRegularFile(p)) {
            throw new UncheckedIOException(new IOException("blob " + digest + " missing from " + layout));
        }
        return p;
    }
}
