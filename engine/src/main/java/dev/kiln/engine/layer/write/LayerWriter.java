package dev.kiln.engine.layer.write;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.layer.HashingOutputStream;
import dev.kiln.engine.layer.LayerChange;
import dev.kiln.engine.layer.LayerWriteException;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;
import dev.kiln.engine.layer.tar.TarWriter;
import dev.kiln.engine.oci.Digest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the changes of a rootfs as a layer blob in one streaming pass: tar entries (PAX, sorted, parents
 * included, numeric owners with empty names, hardlinks as links, whiteouts for deletions, xattrs,
 * devices and FIFOs, nanosecond mtimes) flow through a sha256 of the tar (the diff ID), the compressor
 * and a sha256 of the compressed bytes (the digest) into a temporary file, which is renamed to its digest
 * when complete. Nothing is held in memory beyond buffers and the compressor's bounded blocks.
 *
 * <p>Immutable and thread-safe; each {@link #write} call has its own state. The rootfs must not change
 * while a layer is written from it.
 */
public final class LayerWriter {

    private static final int BUFFER = 256 * 1024;

    private final LayerWriteOptions options;

    public LayerWriter(LayerWriteOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Writes a layer from paths to put and paths deleted (the simple form of {@link #write(Path, Collection, Path)}).
     */
    public WrittenLayer write(Path rootfs, Collection<String> paths, Collection<String> deletions, Path blobDir)
            throws LayerWriteException {
        List<LayerChange> changes = new ArrayList<>(paths.size() + deletions.size());
        paths.forEach(p -> changes.add(new LayerChange.Put(p)));
        deletions.forEach(p -> changes.add(new LayerChange.Delete(p)));
        return write(rootfs, changes, blobDir);
    }

    /**
     * Writes the layer recording {@code changes} of {@code rootfs} into {@code blobDir}, as the file named
     * by the digest's hex (so {@code blobs/sha256} of an OCI layout can be passed directly). An existing
     * blob of the same digest is replaced by identical bytes.
     *
     * @throws LayerWriteException naming the rootfs and the path at fault; no file is left behind
     */
    public WrittenLayer write(Path rootfs, Collection<? extends LayerChange> changes, Path blobDir)
            throws LayerWriteException {
        String layer = rootfs.toString();
        List<Plan.Item> plan;
        Path root;
        try {
            plan = Plan.of(changes);
            root = rootfs.toRealPath();
            Files.createDirectories(blobDir);
        } catch (IllegalArgumentException | IOException e) {
            throw new LayerWriteException(layer, null, e.getMessage(), e);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(blobDir, ".layer-", ".tmp");
            HashingOutputStream blobHash = new HashingOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), BUFFER));
            HashingOutputStream tarHash;
            try (OutputStream compressed = options.compression().compress(blobHash, options.level(), options.threads())) {
                tarHash = new HashingOutputStream(compressed);
                OutputStream tarOut = new BufferedOutputStream(tarHash, BUFFER);
                TarWriter tar = new TarWriter(tarOut);
                writeEntries(layer, root, plan, tar);
                tar.finish();
                tarOut.flush();
            }
            Digest diffId = tarHash.digest();
            Digest digest = options.compression() == Compression.NONE ? diffId : blobHash.digest();
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Path blob = blobDir.resolve(digest.encoded());
            Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return new WrittenLayer(blob, digest, diffId, blobHash.count(), tarHash.count(), options.mediaType());
        } catch (LayerWriteException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new LayerWriteException(layer, null, "write blob in " + blobDir + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original error matters more
                }
            }
        }
    }

    private void writeEntries(String layer, Path root, List<Plan.Item> plan, TarWriter tar) throws IOException {
        Entries entries = new Entries(root, options.timestamps());
        Set<String> directories = new HashSet<>();
        Set<String> nonDirectories = new HashSet<>();
        for (Plan.Item item : plan) {
            String path = item.path();
            int slash = path.lastIndexOf('/');
            String parent = slash < 0 ? "" : path.substring(0, slash);
            if (!parent.isEmpty() && !directories.contains(parent)) {
                if (item.kind() == Plan.Kind.WHITEOUT && nonDirectories.contains(parent)) {
                    continue; // the parent was replaced by a file: everything below it is gone anyway
                }
                throw new LayerWriteException(layer, path, "parent " + parent + " is not a directory", null);
            }
            if (item.kind() != Plan.Kind.PATH) {
                tar.write(entries.marker(path), null);
                continue;
            }
            Statx st;
            TarEntry entry;
            try {
                st = Posix.statx(entries.host(path));
                entry = entries.of(path, st);
            } catch (PosixException.NotFound e) {
                throw new LayerWriteException(layer, path, "does not exist in the rootfs", e);
            } catch (PosixException e) {
                throw new LayerWriteException(layer, path, e.getMessage(), e);
            }
            if (entry == null) {
                continue; // a socket: tar has no type for it, Docker skips them too
            }
            (st.type() == FileType.DIRECTORY ? directories : nonDirectories).add(path);
            if (entry.type() == TarType.REGULAR && entry.size() > 0) {
                try (FileChannel ch = FileChannel.open(entries.host(path), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                     InputStream in = Channels.newInputStream(ch)) {
                    tar.write(entry, in);
                } catch (IOException e) {
                    throw new LayerWriteException(layer, path, "copy content: " + e, e);
                }
            } else {
                tar.write(entry, null);
            }
        }
    }

    /**
     * Every path below {@code rootfs} as a {@link LayerChange.Put}, for writing a whole tree as one layer
     * (a base layer, a squashed image). Symlinks are listed, not followed.
     */
    public static List<LayerChange> wholeTree(Path rootfs) throws IOException {
        Path root = rootfs.toRealPath();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> (LayerChange) new LayerChange.Put(root.relativize(p).toString()))
                    .toList();
        }
    }
}
