package dev.kiln.engine.image;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlobSource} over a map, for tests; it can be made to lie by storing bytes under another digest. */
public final class MemoryBlobSource implements BlobSource {

    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();

    public Digest put(byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        blobs.put(d, bytes.clone());
        return d;
    }

    public void putUnder(Digest digest, byte[] bytes) {
        blobs.put(digest, bytes.clone());
    }

    public void remove(Digest digest) {
        blobs.remove(digest);
    }

    /** Stores an image's blobs: layers, config, manifest. */
    public void putImage(Image image) throws IOException {
        for (Layer l : image.layers()) {
            try (InputStream in = l.openCompressed()) {
                put(in.readAllBytes());
            }
        }
        put(image.rawConfig());
        put(image.rawManifest());
    }

    @Override
    public InputStream open(Descriptor descriptor) {
        byte[] b = blobs.get(descriptor.digest());
        if (b == null) {
            throw new ImageNotFoundException("read blob " + descriptor.digest() + " from " + describe() + ": missing");
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public String describe() {
        return "memory source";
    }
}
