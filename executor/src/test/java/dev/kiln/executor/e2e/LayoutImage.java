package dev.kiln.executor.e2e;

import com.github.luben.zstd.ZstdInputStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * An image in an OCI image layout directory (https://github.com/opencontainers/image-spec/blob/main/image-layout.md),
 * read with nothing but JSON and tar: its manifest, config and layers, and the files in each layer. It lets the
 * tests judge the executor's {@code --oci-layout-path} output without the engine's own readers.
 *
 * <p>Immutable (the JSON objects are the caller's to read, not to change).
 *
 * @param layout     the layout directory
 * @param descriptor the manifest's descriptor in {@code index.json}
 * @param manifest   the image manifest
 * @param config     the image config
 */
record LayoutImage(Path layout, JsonObject descriptor, JsonObject manifest, JsonObject config) {

    /** The image {@code index.json} tags {@code tag} ({@code org.opencontainers.image.ref.name}). */
    static LayoutImage read(Path layout, String tag) {
        JsonArray manifests = json(layout.resolve("index.json")).getJsonArray("manifests");
        for (int i = 0; i < manifests.size(); i++) {
            JsonObject d = manifests.getJsonObject(i);
            JsonObject annotations = d.getJsonObject("annotations", new JsonObject());
            if (tag.equals(annotations.getString("org.opencontainers.image.ref.name"))) {
                JsonObject manifest = json(blob(layout, d.getString("digest")));
                JsonObject config = json(blob(layout, manifest.getJsonObject("config").getString("digest")));
                return new LayoutImage(layout, d, manifest, config);
            }
        }
        throw new IllegalStateException("read OCI layout " + layout + ": no manifest tagged " + tag + " in " + manifests);
    }

    /** The manifest's digest, {@code sha256:...}. */
    String digest() {
        return descriptor.getString("digest");
    }

    /** The manifest's layer descriptors. */
    List<JsonObject> layers() {
        JsonArray a = manifest.getJsonArray("layers");
        return IntStream.range(0, a.size()).mapToObj(a::getJsonObject).toList();
    }

    /** The blob file of {@code digest}. */
    Path blob(String digest) {
        return blob(layout, digest);
    }

    /** Layer {@code index}'s uncompressed tar. */
    byte[] tar(int index) {
        JsonObject d = layers().get(index);
        String mediaType = d.getString("mediaType");
        try (InputStream raw = Files.newInputStream(blob(d.getString("digest")));
             InputStream in = mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd") ? new ZstdInputStream(raw)
                     : mediaType.endsWith("gzip") || mediaType.endsWith("+gzip") ? new GZIPInputStream(raw) : raw) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("read layer " + d.getString("digest") + " of " + layout, e);
        }
    }

    /** The entries of layer {@code index}: path (without a leading {@code ./} or {@code /}) to content ("" for non-files). */
    Map<String, String> files(int index) {
        return entries(tar(index));
    }

    /** The entries of the top layer. */
    Map<String, String> topFiles() {
        return files(layers().size() - 1);
    }

    /** The entries of an uncompressed tar: normalised path to content (regular files) or "" (others). */
    static Map<String, String> entries(byte[] tar) {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                while (name.startsWith("./") || name.startsWith("/")) {
                    name = name.substring(name.startsWith("./") ? 2 : 1);
                }
                if (name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                out.put(name, e.isFile() ? new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read layer tar", e);
        }
        return out;
    }

    private static Path blob(Path layout, String digest) {
        String[] parts = digest.split(":", 2);
        return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }

    static JsonObject json(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file, e);
        }
    }
}
