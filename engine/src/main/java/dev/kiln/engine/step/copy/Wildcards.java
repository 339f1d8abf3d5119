package dev.kiln.engine.step.copy;

import dev.kiln.engine.context.Glob;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a source with wildcards the way tonistiigi/fsutil's {@code ResolveWildcards} does for BuildKit.
 *
 * <p>Stateless. The source is split at its first component that holds a wildcard: the part before is
 * resolved inside the source (following symlinks), the rest is matched with Go's {@code filepath.Match}
 * against every path below it, relative to it, in lexical order of a walk that follows no symlink; a
 * matching directory is not searched further. Each match comes back as a path from the source root,
 * based on the resolved prefix. A source without wildcards comes back unchanged (its existence is checked
 * by the caller). Entries the source does not have ({@code .dockerignore}) are never matched.
 */
final class Wildcards {

    private Wildcards() {
    }

    /**
     * The paths (from the source root, with a leading slash) matching {@code source}, or the source itself if
     * it has no wildcard.
     *
     * @throws PosixException.NotFound if the literal prefix does not exist
     */
    static List<String> resolve(SourceTree tree, String source) throws IOException {
        Glob.Split s = Glob.split(source);
        if (s.pattern().isEmpty()) {
            return List.of(source);
        }
        Path base = tree.rootfs().resolve(s.prefix());
        Statx st = Posix.statx(base); // a missing prefix fails here, as fsutil's walk does
        List<String> out = new ArrayList<>();
        if (st.type() == FileType.DIRECTORY) {
            int maxDepth = s.depthBound();
            walk(tree, base, "", s.pattern(), maxDepth, 1, out);
        }
        return out;
    }

    private static void walk(SourceTree tree, Path dir, String rel, String pattern, int maxDepth, int depth,
                             List<String> out) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        for (String name : names) {
            Path child = dir.resolve(name);
            Statx st;
            try {
                st = Posix.statx(child);
            } catch (PosixException.NotFound e) {
                continue;
            }
            boolean isDir = st.type() == FileType.DIRECTORY;
            if (!tree.visible(child, isDir)) {
                continue;
            }
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (Glob.matches(pattern, childRel)) {
                out.add(tree.sourcePath(child));
                continue;
            }
            if (isDir && depth < maxDepth) {
                walk(tree, child, childRel, pattern, maxDepth, depth + 1, out);
            }
        }
    }
}
