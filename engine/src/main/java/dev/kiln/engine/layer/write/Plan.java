package dev.kiln.engine.layer.write;

import dev.kiln.engine.layer.LayerChange;
import dev.kiln.engine.layer.Whiteouts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a list of changes into the sorted list of tar entries to write: each put path, every parent
 * directory of it, a {@code .wh.} entry per deletion and a {@code .wh..wh..opq} entry per opaque directory.
 *
 * <p>Order: component by component, names compared as UTF-8 bytes, so a directory comes first and its
 * whole subtree follows it ({@code a}, {@code a/b}, {@code a-b}), as containerd's diff walk emits them.
 * Redundant deletions are dropped: those of paths also put (a re-created path is simply written), and those
 * below another deletion or an opaque directory. Immutable once built.
 */
final class Plan {

    /** What an entry is: a path of the rootfs, a whiteout, or an opaque marker. */
    enum Kind { PATH, WHITEOUT, OPAQUE }

    /** One entry to write; {@code path} has no leading slash. */
    record Item(String path, Kind kind) {}

    private record Key(byte[] bytes) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private Plan() {}

    /**
     * The entries for {@code changes}, sorted.
     *
     * @throws IllegalArgumentException naming a path with a {@code ..} component, or a deletion of the root
     */
    static List<Item> of(Collection<? extends LayerChange> changes) {
        Set<String> puts = new HashSet<>();
        Set<String> deletes = new HashSet<>();
        Set<String> opaques = new HashSet<>();
        for (LayerChange c : changes) {
            String p = normalise(c.path());
            switch (c) {
                case LayerChange.Put put -> {
                    if (!p.isEmpty()) {
                        puts.add(p); // the root itself is never an entry
                    }
                }
                case LayerChange.Delete d -> {
                    if (p.isEmpty()) {
                        throw new IllegalArgumentException("cannot delete the root directory");
                    }
                    deletes.add(p);
                }
                case LayerChange.Opaque o -> opaques.add(p);
            }
        }
        TreeMap<Key, Item> items = new TreeMap<>();
        for (String p : puts) {
            add(items, p, Kind.PATH);
            addParents(items, p);
        }
        for (String o : opaques) {
            if (!o.isEmpty()) {
                add(items, o, Kind.PATH);
                addParents(items, o);
            }
            add(items, child(o, Whiteouts.OPAQUE), Kind.OPAQUE);
        }
        for (String d : deletes) {
            if (puts.contains(d) || coveredByAncestor(d, deletes, opaques)) {
                continue;
            }
            int slash = d.lastIndexOf('/');
            String parent = slash < 0 ? "" : d.substring(0, slash);
            add(items, child(parent, Whiteouts.of(d.substring(slash + 1))), Kind.WHITEOUT);
            if (!parent.isEmpty()) {
                add(items, parent, Kind.PATH);
                addParents(items, parent);
            }
        }
        return List.copyOf(items.values());
    }

    private static boolean coveredByAncestor(String path, Set<String> deletes, Set<String> opaques) {
        if (opaques.contains("")) {
            return true;
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            String ancestor = path.substring(0, i);
            if (deletes.contains(ancestor) || opaques.contains(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static void add(TreeMap<Key, Item> items, String path, Kind kind) {
        items.putIfAbsent(key(path), new Item(path, kind));
    }

    private static void addParents(TreeMap<Key, Item> items, String path) {
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            if (items.putIfAbsent(key(path.substring(0, i)), new Item(path.substring(0, i), Kind.PATH)) != null) {
                break; // its parents were added with it
            }
        }
    }

    /** The sort key: UTF-8 with {@code /} as byte 0, so that "a/b" sorts right after "a", before "a-b". */
    private static Key key(String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '/') {
                b[i] = 0;
            }
        }
        return new Key(b);
    }

    /** {@code /a//b/./c/} becomes {@code a/b/c}; the root becomes {@code ""}. */
    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new IllegalArgumentException("path \"" + path + "\" has a \"..\" component");
            }
            parts.add(c);
        }
        return String.join("/", parts);
    }
}
