package dev.kiln.engine.step.copy;

import dev.kiln.engine.context.PatternMatcher;
import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies one source path into the destination rootfs with the semantics of tonistiigi/fsutil's
 * {@code copy.Copy}, which BuildKit runs for every {@code COPY}/{@code ADD} source.
 *
 * <p>The destination is resolved inside the rootfs, following symlinks (a destination through a symlinked
 * directory lands where the link points, still inside the rootfs). A file source becomes the destination
 * path, or a child of it when that is an existing directory; a directory source copies its contents into
 * the destination (created if missing). Below that, entries replace what they meet, except that
 * directories merge; a directory meeting a non-directory (including a symlink) is an error, a file
 * meeting a directory too. Symlinks are copied as links and never followed, regular files with several
 * links that this copy meets twice become hardlinks again. Each entry gets owner (the {@code --chown}, else
 * the source's per {@link SourceTree}), mode ({@code --chmod} applied), then atime and mtime from the
 * source, then extended attributes; a directory's metadata is applied after its content, so its mtime is
 * the source's. The top directory of a contents copy keeps its owner and mode when it existed and gets
 * only the source directory's times.
 *
 * <p>Include patterns ({@code --parents}) and exclude patterns ({@code --exclude}) are matched against
 * paths relative to the copied source with BuildKit's pattern matcher; directories that do not match
 * themselves are created only when something below them is copied (with their source metadata, but
 * times of the moment, as fsutil does). Excluded directories are searched only when an exclusion has
 * exceptions. The build context's {@code .dockerignore} works the same way.
 *
 * <p>Not thread-safe: one per source path of one instruction.
 */
final class Copier {

    private final CopyJob job;
    private final SourceTree tree;
    private final PatternMatcher include;
    private final PatternMatcher exclude;
    private final Map<List<Long>, Path> inodes = new HashMap<>();
    private final List<Pending> parents = new ArrayList<>();

    /** A directory that is created only when something below it is copied. */
    private static final class Pending {
        final Path src;
        final Path dst;
        boolean copied;

        Pending(Path src, Path dst) {
            this.src = src;
            this.dst = dst;
        }
    }

    Copier(CopyJob job, SourceTree tree, PatternMatcher include, PatternMatcher exclude) {
        this.job = job;
        this.tree = tree;
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * Copies {@code srcHost} (the resolved source) named {@code srcName} (its last component as written, for
     * a file copied into a directory) to the normalised destination {@code dest}.
     *
     * @param copyDirContents a directory source copies its contents (true for paths; false for Git sources,
     *                        whose root becomes the destination directory itself)
     */
    void copy(Path srcHost, String srcName, String dest, boolean copyDirContents) throws IOException {
        String destClean = CopyPaths.clean(dest);
        String ensure = CopyPaths.isDirectorySyntax(dest) ? destClean : CopyPaths.parent(destClean);
        job.mkdirAll(job.dest.resolve(ensure), job.mode.createdDirectoryMode());
        Path dst = job.dest.resolve(destClean);
        Statx srcSt = Posix.statx(srcHost);
        Statx dstSt = CopyJob.statOrNull(dst);
        boolean srcDir = srcSt.type() == FileType.DIRECTORY;
        boolean dstExists = dstSt != null;
        boolean dstDir = dstExists && dstSt.type() == FileType.DIRECTORY;
        if (((!copyDirContents && srcDir && dstExists) || (!srcDir && dstDir)) && !srcName.equals("/")) {
            dst = dst.resolve(srcName);
        }
        Path target = copyDirContents && srcDir && !dstExists ? dst : dst.getParent();
        if (target != null && target.startsWith(job.dest.root())) {
            job.mkdirAll(target, job.mode.createdDirectoryMode());
        }
        entry(srcHost, "", dst, false, PatternMatcher.MatchInfo.NONE, PatternMatcher.MatchInfo.NONE);
    }

    private void entry(Path src, String components, Path target, boolean overwrite, PatternMatcher.MatchInfo parentInclude,
                       PatternMatcher.MatchInfo parentExclude) throws IOException {
        try {
            copyEntry(src, components, target, overwrite, parentInclude, parentExclude);
        } catch (IOException e) {
            throw job.filesystem(target, e);
        }
    }

    private void copyEntry(Path src, String components, Path target, boolean overwrite,
                           PatternMatcher.MatchInfo parentInclude, PatternMatcher.MatchInfo parentExclude) throws IOException {
        boolean included = true;
        boolean excluded = false;
        PatternMatcher.MatchInfo includeInfo = PatternMatcher.MatchInfo.NONE;
        PatternMatcher.MatchInfo excludeInfo = PatternMatcher.MatchInfo.NONE;
        if (!components.isEmpty()) {
            if (include != null) {
                PatternMatcher.Result r = include.matches(components, parentInclude);
                included = r.matched();
                includeInfo = r.info();
            }
            if (exclude != null) {
                PatternMatcher.Result r = exclude.matches(components, parentExclude);
                excludeInfo = r.info();
                if (r.matched()) {
                    included = false;
                    excluded = true;
                }
            }
            if (!included && include == null && (exclude == null || !exclude.hasExclusions())) {
                return;
            }
        }
        Statx st = Posix.statx(src);
        boolean dir = st.type() == FileType.DIRECTORY;
        if (!tree.visible(src, dir)) {
            return;
        }
        if (!tree.included(src, dir)) {
            included = false;
        }
        if (!included && !dir) {
            return;
        }
        Statx targetSt = CopyJob.statOrNull(target);
        if (included) {
            createParents(overwrite);
        }
        if (!dir) {
            ensureEmptyFileTarget(target, targetSt);
        }
        boolean copyInfo = included;
        boolean restoreTimes = false;
        switch (st.type()) {
            case DIRECTORY -> {
                boolean created = copyDirectory(src, components, target, st, overwrite, included, excluded, includeInfo,
                        excludeInfo);
                if (!overwrite) {
                    copyInfo = created;
                    restoreTimes = !created;
                }
            }
            case REGULAR -> regular(src, target, st);
            case SYMLINK -> Posix.symlink(Posix.readlink(src), target);
            case SOCKET -> {
                if (tree.isContext()) {
                    Files.createFile(target); // BuildKit receives sockets of the context as empty files
                } else {
                    Posix.mknod(target, st.type(), st.permissions(), 0, 0);
                }
            }
            default -> Posix.mknod(target, st.type(), st.permissions(), st.rdevMajor(), st.rdevMinor());
        }
        if (!dir) {
            job.wrote(target);
        }
        if (copyInfo) {
            copyFileInfo(st, src, target);
        } else if (restoreTimes && targetSt != null) {
            Posix.setTimes(target, tree.atime(st), st.mtime());
            job.wrote(target);
        }
    }

    private boolean copyDirectory(Path src, String components, Path dst, Statx st, boolean overwrite, boolean included,
                                  boolean excluded, PatternMatcher.MatchInfo includeInfo,
                                  PatternMatcher.MatchInfo excludeInfo) throws IOException {
        boolean created = false;
        Pending self = new Pending(src, dst);
        if (included) {
            created = copyDirectoryOnly(dst, st, overwrite);
            self.copied = true;
        }
        parents.add(self);
        try {
            if (excluded && (exclude == null || !exclude.hasExclusions())) {
                return false;
            }
            for (String name : sortedNames(src)) {
                entry(src.resolve(name), components.isEmpty() ? name : components + "/" + name, dst.resolve(name), true,
                        includeInfo, excludeInfo);
            }
        } finally {
            parents.removeLast();
        }
        return created;
    }

    /** Creates the directory {@code dst} if missing; an existing one gets the source's mode when overwriting. */
    private boolean copyDirectoryOnly(Path dst, Statx st, boolean overwrite) throws IOException {
        Statx existing = CopyJob.statOrNull(dst);
        if (existing == null) {
            Files.createDirectory(dst);
            job.wrote(dst);
            return true;
        }
        if (existing.type() != FileType.DIRECTORY) {
            throw job.fail(CopyException.Reason.CONFLICT, "destination \"" + job.container(dst) + "\"",
                    "cannot copy a directory onto a " + CopyJob.kind(existing.type()), null);
        }
        if (overwrite) {
            Posix.chmod(dst, st.permissions());
            job.wrote(dst);
        }
        return false;
    }

    /** Creates the directories whose creation waited for something below them to be copied. */
    private void createParents(boolean overwrite) throws IOException {
        for (Pending p : parents) {
            if (p.copied) {
                continue;
            }
            Statx st = Posix.statx(p.src);
            if (copyDirectoryOnly(p.dst, st, overwrite)) {
                copyFileInfo(st, p.src, p.dst);
            }
            p.copied = true;
        }
    }

    private void ensureEmptyFileTarget(Path target, Statx existing) throws IOException {
        if (existing == null) {
            return;
        }
        if (existing.type() == FileType.DIRECTORY) {
            throw job.fail(CopyException.Reason.CONFLICT, "destination \"" + job.container(target) + "\"",
                    "cannot replace a directory with a file", null);
        }
        Files.delete(target);
    }

    private void regular(Path src, Path target, Statx st) throws IOException {
        if (st.nlink() > 1) {
            List<Long> key = List.of((long) st.devMajor(), (long) st.devMinor(), st.ino());
            Path first = inodes.putIfAbsent(key, target);
            if (first != null) {
                Posix.link(first, target);
                return;
            }
        }
        try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                long n = in.transferTo(done, size - done, out);
                if (n <= 0) {
                    break; // the file shrank while copying
                }
                done += n;
            }
        }
    }

    /** Owner, mode, times, then extended attributes, as fsutil's {@code copyFileInfo} and {@code copyXAttrs}. */
    private void copyFileInfo(Statx st, Path src, Path target) throws IOException {
        int uid = job.chown != null ? job.chown.uid() : tree.uid(st);
        int gid = job.chown != null ? job.chown.gid() : tree.gid(st);
        Posix.lchown(target, uid, gid);
        if (st.type() != FileType.SYMLINK) {
            Posix.chmod(target, job.mode.apply(st.permissions(), st.type() == FileType.DIRECTORY));
        }
        Posix.setTimes(target, tree.atime(st), st.mtime());
        copyXattrs(src, target);
        job.wrote(target);
    }

    private void copyXattrs(Path src, Path target) throws IOException {
        List<String> names;
        try {
            names = Xattrs.list(src);
        } catch (PosixException e) {
            if (e.is(Errno.EOPNOTSUPP)) {
                return;
            }
            throw e;
        }
        for (String name : names) {
            if (!tree.keepXattr(name)) {
                continue;
            }
            Optional<byte[]> value = Xattrs.get(src, name);
            if (value.isEmpty()) {
                continue;
            }
            try {
                Xattrs.set(target, name, value.get());
            } catch (PosixException e) {
                // BuildKit logs and ignores xattrs it cannot set (its copy's XAttrErrorHandler)
                job.warn("xattr " + name + " of " + job.container(target) + " not set: " + e.errno());
            }
        }
    }

    static List<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }
}
