package dev.kiln.engine.cache.store;

import dev.kiln.engine.cache.CacheKey;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Keys and layers for cache tests. */
final class Keys {

    private Keys() {
    }

    /** A key derived from {@code name}. */
    static CacheKey key(String name) {
        return new CacheKey(Digest.sha256(name.getBytes(StandardCharsets.UTF_8)).encoded());
    }

    /** The tar of a layer with one file, {@code path}, holding {@code content}. */
    static byte[] tar(String path, String content) {
        return TestImages.tar(Map.of(path, content));
    }

    /** A layer with one file, compressed as asked. */
    static Layer layer(String path, String content, LayerCompression compression) {
        return Layers.fromTarBytes(tar(path, content), compression);
    }
}
