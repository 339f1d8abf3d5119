package dev.kiln.engine.cache.base;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.oci.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names and the file operations of a base-image cache directory, apart from the policy in
 * {@link BaseImageCache}: entry directories {@code sha256-<hex>}, {@code kiln-entry.json} inside them,
 * temporary directories {@code .tmp-<lock name>.<uuid>} and lock files {@code .locks/<lock name>.lock}.
 *
 * <p>Stateless and thread-safe; every method blocks on file I/O.
 */
final class CacheDirectory {

    /** {@code sha256-<64 hex>} or {@code sha512-<128 hex>}: an entry directory. */
    static final Pattern ENTRY_NAME = Pattern.compile("(sha256|sha512)-([0-9a-f]+)");
    static final String TEMP_PREFIX = ".tmp-";
    static final String LOCKS = ".locks";

    private CacheDirectory() {
    }

    /** {@code sha256-<hex>}: the entry directory's name and the name of its lock. */
    static String entryName(Digest digest) {
        return digest.algorithm().id() + "-" + digest.encoded();
    }

    /** The digest an entry directory's name stands for, if it is one. */
    static Optional<Digest> digestOf(Path entryDir) {
        var m = ENTRY_NAME.matcher(entryDir.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(m.group(1) + ":" + m.group(2)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code <root>/.locks/<name>.lock}, its directory created. */
    static Path lockFile(Path root, String name) throws IOException {
        Path locks = Files.createDirectories(root.resolve(LOCKS));
        return locks.resolve(name + ".lock");
    }

    /** A new, not yet existing temporary path for work under the lock {@code lockName}. */
    static Path tempPath(Path root, String lockName) {
        return root.resolve(TEMP_PREFIX + lockName + "." + UUID.randomUUID());
    }

    /** The lock name of a temporary directory ({@code .tmp-<lock name>.<uuid>}), if the name has that form. */
    static Optional<String> lockNameOfTemp(String fileName) {
        if (!fileName.startsWith(TEMP_PREFIX)) {
            return Optional.empty();
        }
        int dot = fileName.lastIndexOf('.');
        if (dot <= TEMP_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(fileName.substring(TEMP_PREFIX.length(), dot));
    }

    /**
     * Checks what a lookup can check cheaply: the manifest (read and verified by digest) is the one the
     * directory is named for, the config parses and verifies, and every distributable layer's blob is there
     * with its size. Layer contents are verified while they are read.
     *
     * @throws InvalidImageException or another {@code ImageException} naming what is wrong
     */
    static Image openVerified(Path entryDir, Digest digest) {
        OciLayout layout = OciLayout.open(entryDir);
        Image image = layout.image(BaseImageCache.LAYOUT_TAG);
        if (!image.digest().equals(digest)) {
            throw new InvalidImageException("open base-image cache entry " + entryDir + ": holds manifest "
                    + image.digest() + ", not " + digest);
        }
        image.config();
        for (Layer layer : image.layers()) {
            if (!layer.mediaType().isDistributable()) {
                continue;
            }
            Path blob = layout.blobPath(layer.digest());
            long size;
            try {
                size = Files.size(blob);
            } catch (IOException e) {
                throw new InvalidImageException("open base-image cache entry " + entryDir + ": layer "
                        + layer.digest() + " missing");
            }
            if (size != layer.size()) {
                throw new InvalidImageException("open base-image cache entry " + entryDir + ": layer "
                        + layer.digest() + " has " + size + " bytes, the manifest says " + layer.size());
            }
        }
        return image;
    }
}
