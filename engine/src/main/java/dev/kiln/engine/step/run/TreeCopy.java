package dev.kiln.engine.step.run;

import dev.kiln.engine.layer.extract.RootfsCleaner;
import dev.kiln.engine.context.ContextFile;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.layer.extract.RootfsCleaner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies host trees for mounts that must not touch their source: {@code rw} bind mounts (BuildKit discards
 * their writes), context binds with {@code .dockerignore} rules, cache seeds. Also deletes scratch trees.
 *
 * <p>Stateless. Nothing is followed below the top: symlinks are copied as links, so a tree whose links point
 * at {@code /} never leads the copy (or the deletion) out of it. Owner, mode (with setuid/setgid/sticky) and
 * times are kept, in the order chown, chmod, times; FIFOs and device nodes are recreated, sockets skipped,
 * hardlinks become separate files. Directory times are set after their content is written.
 */
final class TreeCopy {

    private TreeCopy() {}

    /** Copies {@code source} (a file, link or directory; the top itself is not followed) to {@code target}, which must not exist. */
    static void copy(Path source, Path target) throws IOException {
        Statx st = Posix.statx(source);
        if (st.type() == FileType.DIRECTORY) {
            Files.createDirectory(target);
            List<Path> children;
            try (Stream<Path> s = Files.list(source)) {
                children = s.sorted().toList();
            }
            for (Path child : children) {
                copy(child, target.resolve(child.getFileName().toString()));
            }
        } else if (!copyLeaf(source, target, st)) {
            return;
        }
        metadata(target, st, st.uid(), st.gid());
    }

    /**
     * Copies what the build context shows below {@code relativeDir} (or that one file) to {@code target}, as
     * BuildKit's client sends it: ignored entries absent, owners 0:0.
     */
    static void copyContext(LocalContext context, String relativeDir, Path target) throws IOException {
        Path top = context.hostPath(relativeDir);
        Statx st = Posix.statx(top);
        if (st.type() != FileType.DIRECTORY) {
            if (copyLeaf(top, target, st)) {
                metadata(target, st, 0, 0);
            }
            return;
        }
        Files.createDirectory(target);
        String prefix = context.normalize(relativeDir);
        List<Path[]> dirs = new ArrayList<>();
        context.walk(prefix, (ContextFile f) -> {
            String rel = prefix.equals(".") ? f.path() : f.path().substring(prefix.length() + 1);
            Path from = context.hostPath(f.path());
            Path to = target.resolve(rel);
            Statx s = Posix.statx(from);
            if (s.type() == FileType.DIRECTORY) {
                Files.createDirectory(to);
                dirs.add(new Path[] {from, to});
            } else if (copyLeaf(from, to, s)) {
                metadata(to, s, 0, 0);
            }
        });
        for (Path[] d : dirs.reversed()) {
            metadata(d[1], Posix.statx(d[0]), 0, 0);
        }
        metadata(target, st, 0, 0);
    }

    /** Copies a non-directory; false for what is not copied (sockets). */
    private static boolean copyLeaf(Path source, Path target, Statx st) throws IOException {
        switch (st.type()) {
            case REGULAR -> Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
            case SYMLINK -> Posix.symlink(Posix.readlink(source), target);
            case FIFO, CHAR_DEVICE, BLOCK_DEVICE -> Posix.mknod(target, st.type(), st.permissions(), st.rdevMajor(),
                    st.rdevMinor());
            case SOCKET -> {
                return false;
            }
            case DIRECTORY -> throw new IllegalStateException("copyLeaf of a directory: " + source);
        }
        return true;
    }

    private static void metadata(Path target, Statx st, int uid, int gid) throws IOException {
        Posix.lchown(target, uid, gid);
        if (st.type() != FileType.SYMLINK) {
            Posix.chmod(target, st.permissions());
        }
        Posix.setTimes(target, st.atime(), st.mtime());
    }

    /**
     * Deletes a tree without following links, whatever its permissions; a missing path is fine
     * ({@link RootfsCleaner}, which the build uses for stage roots too).
     */
    static void delete(Path root) throws IOException {
        RootfsCleaner.delete(root);
    }
}
