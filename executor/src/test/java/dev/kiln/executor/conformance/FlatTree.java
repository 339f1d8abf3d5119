package dev.kiln.executor.conformance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.HexFormat;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image's filesystem flattened in memory from its layer tars, as the OCI image spec's
 * <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">layer changesets</a> define it:
 * layers apply in order; a {@code .wh.NAME} entry deletes NAME and an opaque {@code .wh..wh..opq} entry empties
 * its directory, both in the layers below only; a non-directory replaces whatever was at its path (a
 * directory with its whole subtree); a directory over a directory keeps the children and takes the new
 * metadata; a hard link shares its target's inode. Written for the corpus on commons-compress, deliberately
 * not on Kiln's own extractor, so the comparison does not depend on the code under test.
 *
 * <p>Not thread-safe: one tree is built by one thread. Contents are hashed, not kept.
 */
final class FlatTree {

    /** The mutable file behind one or more paths (more than one when hard-linked). */
    private static final class Inode {
        final FsEntry entry;

        Inode(FsEntry entry) {
            this.entry = entry;
        }
    }

    private sealed interface Change {
        record Whiteout(String path) implements Change { }

        record Opaque(String dir) implements Change { }

        record Add(String path, FsEntry entry) implements Change { }

        record HardLink(String path, String target) implements Change { }
    }

    private final TreeMap<String, Inode> paths = new TreeMap<>();

    /** Flattens the layer blobs (gzip, zstd or plain tar; detected from their first bytes) in order. */
    static FlatTree of(List<Path> layers) {
        FlatTree tree = new FlatTree();
        layers.forEach(tree::apply);
        return tree;
    }

    /** Applies one more layer blob on top. */
    void apply(Path layer) {
        try (InputStream in = decompress(new BufferedInputStream(Files.newInputStream(layer)))) {
            apply(in, layer.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("flatten layer " + layer + ": " + e.getMessage(), e);
        }
    }

    /** Applies one uncompressed layer tar read from {@code tar}; {@code name} is for messages. */
    void apply(InputStream tar, String name) throws IOException {
        List<Change> changes = read(tar, name);
        // whiteouts hide what the layers below hold, so they apply before this layer's own entries
        for (Change c : changes) {
            switch (c) {
                case Change.Whiteout w -> removeTree(w.path());
                case Change.Opaque o -> removeChildren(o.dir());
                default -> { }
            }
        }
        for (Change c : changes) {
            switch (c) {
                case Change.Add a -> put(a.path(), new Inode(a.entry()), name);
                case Change.HardLink h -> {
                    Inode target = paths.get(h.target());
                    if (target == null || target.entry.type() == FsEntry.Type.DIR) {
                        throw new IOException("layer " + name + ": hard link " + h.path() + " to missing or directory "
                                + h.target());
                    }
                    put(h.path(), target, name);
                }
                default -> { }
            }
        }
    }

    /** Every path (without {@code /}) with its entry; hard-linked paths carry the first path of their group. */
    SortedMap<String, FsEntry> entries() {
        Map<Inode, List<String>> byInode = new IdentityHashMap<>();
        paths.forEach((p, i) -> byInode.computeIfAbsent(i, k -> new ArrayList<>()).add(p));
        SortedMap<String, FsEntry> out = new TreeMap<>();
        paths.forEach((p, i) -> {
            List<String> group = byInode.get(i);
            out.put(p, group.size() > 1 ? i.entry.withLinkGroup(group.getFirst()) : i.entry);
        });
        return out;
    }

    private void put(String path, Inode inode, String layer) throws IOException {
        ensureParents(path, layer);
        Inode old = paths.get(path);
        if (old != null && !(old.entry.type() == FsEntry.Type.DIR && inode.entry.type() == FsEntry.Type.DIR)) {
            removeTree(path);
        }
        paths.put(path, inode);
    }

    private void ensureParents(String path, String layer) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String parent = path.substring(0, slash);
        Inode p = paths.get(parent);
        if (p == null) {
            ensureParents(parent, layer);
            // an extractor creates a missing parent as root's 0755 directory
            paths.put(parent, new Inode(new FsEntry(FsEntry.Type.DIR, 0755, 0, 0, 0, "", "", "", "")));
        } else if (p.entry.type() != FsEntry.Type.DIR) {
            throw new IOException("layer " + layer + ": " + path + " is below non-directory " + parent);
        }
    }

    private void removeTree(String path) {
        paths.remove(path);
        removeChildren(path);
    }

    private void removeChildren(String dir) {
        // '0' is the character after '/', so this range is exactly the paths below dir
        paths.subMap(dir + "/", dir + "0").clear();
    }

    private static List<Change> read(InputStream in, String name) throws IOException {
        List<Change> changes = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String path = normalize(e.getName(), name);
            if (path.isEmpty()) {
                continue;
            }
            String base = path.substring(path.lastIndexOf('/') + 1);
            String dir = path.substring(0, path.lastIndexOf('/'));
            if (base.equals(".wh..wh..opq")) {
                changes.add(new Change.Opaque(dir));
            } else if (base.startsWith(".wh.")) {
                changes.add(new Change.Whiteout(dir + "/" + base.substring(4)));
            } else if (e.isLink()) {
                changes.add(new Change.HardLink(path, normalize(e.getLinkName(), name)));
            } else {
                changes.add(new Change.Add(path, entry(e, tar, path, name)));
            }
        }
        return changes;
    }

    private static FsEntry entry(TarArchiveEntry e, InputStream content, String path, String layer) throws IOException {
        int mode = e.getMode();
        long uid = e.getLongUserId();
        long gid = e.getLongGroupId();
        if (e.isDirectory()) {
            return new FsEntry(FsEntry.Type.DIR, mode, uid, gid, 0, "", "", "", "");
        }
        if (e.isSymbolicLink()) {
            return new FsEntry(FsEntry.Type.SYMLINK, mode, uid, gid, 0, "", e.getLinkName(), "", "");
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return new FsEntry(e.isCharacterDevice() ? FsEntry.Type.CHAR : FsEntry.Type.BLOCK, mode, uid, gid, 0, "", "",
                    e.getDevMajor() + "," + e.getDevMinor(), "");
        }
        if (e.isFIFO()) {
            return new FsEntry(FsEntry.Type.FIFO, mode, uid, gid, 0, "", "", "", "");
        }
        if (!e.isFile()) {
            throw new IOException("layer " + layer + ": " + path + " has unsupported tar type " + (char) e.getLinkFlag());
        }
        MessageDigest sha = sha256();
        long size = 0;
        byte[] buf = new byte[65536];
        int n;
        while ((n = content.read(buf)) > 0) {
            sha.update(buf, 0, n);
            size += n;
        }
        return new FsEntry(FsEntry.Type.FILE, mode, uid, gid, size, HexFormat.of().formatHex(sha.digest()), "", "", "");
    }

    /** {@code ./a/b/}, {@code /a/b} and {@code a/b} all become {@code /a/b}; the root becomes empty. */
    static String normalize(String name, String layer) throws IOException {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.equals(".") || n.isEmpty()) {
            return "";
        }
        for (String part : n.split("/")) {
            if (part.equals("..") || part.equals(".") || part.isEmpty()) {
                throw new IOException("layer " + layer + ": entry name " + name + " is not a clean relative path");
            }
        }
        return "/" + n;
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
