package dev.kiln.engine.step.copy;

import dev.kiln.engine.context.Glob;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.layer.tar.TarReader;
import dev.kiln.engine.layer.tar.TarType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unpacks a local archive into the destination of an {@code ADD}, as BuildKit does
 * ({@code solver/llbsolver/file/unpack.go}: moby's {@code chrootarchive.Untar} into the destination).
 *
 * <p>The destination directory is created first (missing parents 0755, owned by the {@code --chown} user if
 * given). Entries are then applied as {@code tar -x} would inside a chroot at the destination: names lose
 * leading slashes and are cleaned, a name that climbs out is an error, symlinks and hardlinks resolve
 * inside the destination (never above it), missing parents are created 0755 root:root, whatever is in the
 * way is replaced unless a directory meets a directory (merged). Owners are the archive's, or the
 * {@code --chown} user for every entry; modes and times are the archive's ({@code --chmod} does not apply
 * to unpacked files, as in BuildKit); extended attributes are set on a best-effort basis. Unlike a layer,
 * an archive has no whiteouts: {@code .wh.} files are ordinary files here ({@code Untar} uses no whiteout
 * converter), so {@link dev.kiln.engine.layer.extract.LayerExtractor} is not used.
 *
 * <p>Not thread-safe: one per archive.
 */
final class ArchiveUnpacker {

    private final CopyJob job;
    private final TarLimits limits;
    private final List<DeferredDir> dirs = new ArrayList<>();
    private final byte[] buffer = new byte[128 * 1024];

    private record DeferredDir(Path host, Instant atime, Instant mtime) {
    }

    ArchiveUnpacker(CopyJob job, TarLimits limits) {
        this.job = job;
        this.limits = limits;
    }

    /**
     * Unpacks {@code archive} (a host file) into the normalised destination {@code dest}.
     *
     * @param subject how errors name the archive, e.g. {@code source "/app.tar.gz"}
     */
    void unpack(Path archive, String subject, String dest) throws IOException {
        Path destHost = job.dest.resolve(CopyPaths.clean(dest));
        job.mkdirAll(destHost, 0755);
        Rootfs root = new Rootfs(destHost);
        String entryName = null;
        try (InputStream in = Archives.decompress(Files.newInputStream(archive, LinkOption.NOFOLLOW_LINKS))) {
            TarReader reader = new TarReader(in, limits);
            TarEntry e;
            while ((e = reader.next()) != null) {
                entryName = e.name();
                apply(root, e, reader.content());
            }
            entryName = null;
            for (DeferredDir d : dirs) {
                Posix.setTimes(d.host(), d.atime(), d.mtime());
            }
        } catch (CopyException e) {
            throw e;
        } catch (IOException e) {
            throw job.fail(CopyException.Reason.ARCHIVE, subject, "unpack into " + CopyPaths.clean(dest)
                    + (entryName == null ? "" : " at entry \"" + entryName + "\"") + ": " + CopyJob.describe(e), e);
        }
    }

    private void apply(Rootfs root, TarEntry e, InputStream content) throws IOException {
        String trimmed = e.name();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        String name = Glob.clean(trimmed);
        if (name.equals(".")) {
            return;
        }
        if (name.equals("..") || name.startsWith("../")) {
            throw new IOException("invalid entry name \"" + e.name() + "\": it leaves the destination");
        }
        Path parent = directory(root, CopyPaths.parent("/" + name));
        Path target = parent.resolve(CopyPaths.base("/" + name));
        Statx existing = CopyJob.statOrNull(target);
        if (existing != null && !(existing.type() == FileType.DIRECTORY && e.type() == TarType.DIRECTORY)) {
            removeAll(target);
        }
        switch (e.type()) {
            case DIRECTORY -> {
                if (existing == null || existing.type() != FileType.DIRECTORY) {
                    Files.createDirectory(target);
                }
            }
            case REGULAR -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = content.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                    }
                }
            }
            case SYMLINK -> Posix.symlink(e.linkName(), target);
            case HARDLINK -> Posix.link(hardlinkTarget(root, e), target);
            case CHAR_DEVICE -> Posix.mknod(target, FileType.CHAR_DEVICE, e.mode(), e.devMajor(), e.devMinor());
            case BLOCK_DEVICE -> Posix.mknod(target, FileType.BLOCK_DEVICE, e.mode(), e.devMajor(), e.devMinor());
            case FIFO -> Posix.mknod(target, FileType.FIFO, e.mode(), 0, 0);
        }
        job.wrote(target);
        if (e.type() == TarType.HARDLINK) {
            return; // the link shares the inode (and metadata) of its target
        }
        int uid = job.chown != null ? job.chown.uid() : e.uid();
        int gid = job.chown != null ? job.chown.gid() : e.gid();
        Posix.lchown(target, uid, gid);
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            try {
                Xattrs.set(target, x.getKey(), x.getValue());
            } catch (PosixException px) {
                job.warn("xattr " + x.getKey() + " of " + job.container(target) + " not set: " + px.errno());
            }
        }
        boolean symlink = e.type() == TarType.SYMLINK;
        if (!symlink) {
            Posix.chmod(target, e.mode());
        }
        Instant mtime = e.mtime();
        Instant atime = e.atime() == null || e.atime().isBefore(mtime) ? mtime : e.atime();
        if (e.type() == TarType.DIRECTORY) {
            dirs.add(new DeferredDir(target, atime, mtime));
        } else {
            Posix.setTimes(target, atime, mtime);
        }
    }

    /** The directory at container path {@code dir} inside the unpack root, created 0755 root:root if missing. */
    private Path directory(Rootfs root, String dir) throws IOException {
        Path host = root.resolve(dir);
        Statx st = CopyJob.statOrNull(host);
        if (st != null) {
            if (st.type() != FileType.DIRECTORY) {
                throw new IOException("parent " + dir + " of an entry is a " + CopyJob.kind(st.type()));
            }
            return host;
        }
        Path parent = host.getParent();
        if (parent != null && parent.startsWith(root.root()) && !parent.equals(host)) {
            directory(root, root.containerPath(parent));
        }
        Files.createDirectory(host);
        Posix.chmod(host, 0755);
        Posix.lchown(host, 0, 0);
        job.wrote(host);
        return host;
    }

    private static Path hardlinkTarget(Rootfs root, TarEntry e) throws IOException {
        String link = e.linkName();
        while (link.startsWith("/")) {
            link = link.substring(1);
        }
        String clean = Glob.clean(link);
        if (clean.equals(".") || clean.equals("..") || clean.startsWith("../")) {
            throw new IOException("invalid hardlink target \"" + e.linkName() + "\"");
        }
        Path host = root.resolveNoFollow(clean);
        Statx st = CopyJob.statOrNull(host);
        if (st == null || st.type() == FileType.DIRECTORY) {
            throw new IOException("hardlink target \"" + e.linkName() + "\" is missing or a directory");
        }
        return host;
    }

    /** Removes a file or a whole directory tree, following no symlink. */
    static void removeAll(Path path) throws IOException {
        dev.kiln.engine.layer.extract.RootfsCleaner.delete(path);
    }
}
