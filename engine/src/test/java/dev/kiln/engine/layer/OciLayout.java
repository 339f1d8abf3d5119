package dev.kiln.engine.layer;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A minimal OCI image layout written by hand around layers, for tools such as umoci to read. */
public final class OciLayout {

    private OciLayout() {}

    /** The blobs directory of a layout at {@code dir}, where layer writers put their blobs. */
    public static Path blobs(Path dir) {
        return dir.resolve("blobs/sha256");
    }

    /** Writes config, manifest, index.json and oci-layout for {@code layers} (bottom first) under tag {@code tag}. */
    public static void write(Path dir, String tag, List<WrittenLayer> layers) throws IOException {
        JsonArray diffIds = new JsonArray();
        JsonArray descriptors = new JsonArray();
        for (WrittenLayer l : layers) {
            diffIds.add(l.diffId().toString());
            descriptors.add(descriptor(l.mediaType(), l.digest(), l.size()));
        }
        JsonObject config = new JsonObject().put("architecture", "amd64").put("os", "linux")
                .put("config", new JsonObject())
                .put("rootfs", new JsonObject().put("type", "layers").put("diff_ids", diffIds));
        byte[] configBytes = config.encode().getBytes(StandardCharsets.UTF_8);
        Digest configDigest = blob(dir, configBytes);
        JsonObject manifest = new JsonObject().put("schemaVersion", 2).put("mediaType", MediaType.OCI_MANIFEST.value())
                .put("config", descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length))
                .put("layers", descriptors);
        byte[] manifestBytes = manifest.encode().getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = blob(dir, manifestBytes);
        JsonObject index = new JsonObject().put("schemaVersion", 2).put("manifests", new JsonArray().add(
                descriptor(MediaType.OCI_MANIFEST, manifestDigest, manifestBytes.length)
                        .put("annotations", new JsonObject().put("org.opencontainers.image.ref.name", tag))));
        Files.writeString(dir.resolve("index.json"), index.encode());
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    /** The layer blobs of the first manifest in {@code dir}'s index, bottom first. */
    public static List<Path> layers(Path dir) throws IOException {
        JsonObject index = new JsonObject(Files.readString(dir.resolve("index.json")));
        Digest m = Digest.parse(index.getJsonArray("manifests").getJsonObject(0).getString("digest"));
        JsonObject manifest = new JsonObject(Files.readString(blobs(dir).resolve(m.encoded())));
        return manifest.getJsonArray("layers").stream()
                .map(o -> blobs(dir).resolve(Digest.parse(((JsonObject) o).getString("digest")).encoded()))
                .toList();
    }

    private static JsonObject descriptor(MediaType type, Digest digest, long size) {
        return new JsonObject().put("mediaType", type.value()).put("digest", digest.toString()).put("size", size);
    }

    private static Digest blob(Path dir, byte[] bytes) throws IOException {
        Digest d = Digest.sha256(bytes);
        Files.createDirectories(blobs(dir));
        Files.write(blobs(dir).resolve(d.encoded()), bytes);
        return d;
    }
}
