package dev.kiln.engine.layer;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.oci.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A comparable picture of a directory tree, read through statx and the xattr calls (never following links). */
public final class Trees {

    private Trees() {}

    /**
     * What a tree comparison looks at for one path.
     *
     * @param xattrs names to hex values
     * @param mtime  null when not compared
     */
    public record Node(FileType type, int mode, int uid, int gid, long size, String sha256, String link,
                       Map<String, String> xattrs, Instant mtime, String rdev) {

        public Node withoutMtime() {
            return new Node(type, mode, uid, gid, size, sha256, link, xattrs, null, rdev);
        }
    }

    /** Every path below {@code root} (relative; the root itself is left out), with its node. */
    public static SortedMap<String, Node> snapshot(Path root) throws IOException {
        SortedMap<String, Node> nodes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                try {
                    String rel = root.relativize(p).toString();
                    nodes.put(rel, node(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return nodes;
    }

    /** The same without mtimes (for trees written by tools that do not keep directory times). */
    public static SortedMap<String, Node> withoutMtimes(SortedMap<String, Node> nodes) {
        SortedMap<String, Node> out = new TreeMap<>();
        nodes.forEach((k, v) -> out.put(k, v.withoutMtime()));
        return out;
    }

    /**
     * The differences between two snapshots, one line per path and field, at most {@code limit} lines:
     * readable where a map comparison of thousands of paths is not.
     *
     * @param directoryMtimes whether to compare the mtimes of directories (those of other files always are)
     */
    public static List<String> differences(SortedMap<String, Node> actual, SortedMap<String, Node> expected,
                                           boolean directoryMtimes, int limit) {
        List<String> out = new ArrayList<>();
        SortedSet<String> paths = new TreeSet<>(actual.keySet());
        paths.addAll(expected.keySet());
        for (String path : paths) {
            Node a = actual.get(path);
            Node e = expected.get(path);
            if (a == null || e == null) {
                out.add(path + ": " + (a == null ? "missing" : "unexpected") + " (" + (a == null ? e : a).type() + ")");
            } else {
                boolean mtimes = directoryMtimes || e.type() != FileType.DIRECTORY;
                Node x = mtimes ? a : a.withoutMtime();
                Node y = mtimes ? e : e.withoutMtime();
                if (!x.equals(y)) {
                    out.add(path + ": " + x + " != expected " + y);
                }
            }
            if (out.size() >= limit) {
                out.add("...");
                break;
            }
        }
        return out;
    }

    /** The groups of paths (two or more) that are hard links of one inode, each group sorted. */
    public static Set<List<String>> hardlinkGroups(Path root) throws IOException {
        Map<String, List<String>> byInode = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Statx st = Posix.statx(p);
                if (st.type() != FileType.DIRECTORY && st.nlink() > 1) {
                    byInode.computeIfAbsent(st.dev() + ":" + st.ino(), k -> new ArrayList<>())
                            .add(root.relativize(p).toString());
                }
            }
        }
        Set<List<String>> groups = new HashSet<>();
        for (List<String> g : byInode.values()) {
            if (g.size() > 1) {
                g.sort(null);
                groups.add(List.copyOf(g));
            }
        }
        return groups;
    }

    public static Node node(Path p) throws IOException {
        Statx st = Posix.statx(p);
        FileType type = st.type();
        String sha = type == FileType.REGULAR ? sha256(p) : null;
        String link = type == FileType.SYMLINK ? Posix.readlink(p) : null;
        Map<String, String> x = new TreeMap<>();
        Xattrs.getAll(p).forEach((k, v) -> x.put(k, HexFormat.of().formatHex(v)));
        return new Node(type, st.permissions(), st.uid(), st.gid(), type == FileType.DIRECTORY ? 0 : st.size(), sha,
                link, x, st.mtime(), type.isDevice() ? st.rdevMajor() + ":" + st.rdevMinor() : null);
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = Digest.Algorithm.SHA256.newMessageDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
