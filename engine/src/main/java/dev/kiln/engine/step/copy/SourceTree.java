package dev.kiln.engine.step.copy;

import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A {@link CopySource} as the copier reads it: a directory with path resolution kept inside it, and what
 * BuildKit keeps of its files (visibility, owners, extended attributes, special files). Also used for the
 * scratch directories holding downloads, clones and heredoc files, whose files are owned by root in
 * BuildKit and carry nothing else.
 *
 * <p>Immutable and thread-safe.
 */
final class SourceTree {

    private final Rootfs rootfs;
    private final LocalContext context;
    private final String describe;
    private final boolean keepOwners;
    private final boolean keepAllXattrs;

    private SourceTree(Rootfs rootfs, LocalContext context, String describe, boolean keepOwners, boolean keepAllXattrs) {
        this.rootfs = rootfs;
        this.context = context;
        this.describe = describe;
        this.keepOwners = keepOwners;
        this.keepAllXattrs = keepAllXattrs;
    }

    static SourceTree of(CopySource source) throws IOException {
        return switch (source) {
            case CopySource.Context c -> new SourceTree(c.context().rootfs(), c.context(), c.describe(), false, false);
            case CopySource.Directory d -> new SourceTree(new Rootfs(d.root()), null, d.describe(), true, true);
        };
    }

    /** A scratch directory (download, clone, heredoc): files owned by 0:0, no xattrs, all visible. */
    static SourceTree scratch(Path dir, String describe) throws IOException {
        return new SourceTree(new Rootfs(dir), null, describe, false, false);
    }

    Rootfs rootfs() {
        return rootfs;
    }

    Path root() {
        return rootfs.root();
    }

    String describe() {
        return describe;
    }

    /** True for the build context (sockets arrive as regular files there). */
    boolean isContext() {
        return context != null;
    }

    /** Whether the entry at host path {@code host} exists in this source ({@code .dockerignore} for the context). */
    boolean visible(Path host, boolean directory) {
        return context == null || context.visible(relative(host), directory);
    }

    /** Whether the entry is included itself (an ignored directory kept only for what is below it is not). */
    boolean included(Path host, boolean directory) {
        return context == null || context.included(relative(host), directory);
    }

    private String relative(Path host) {
        Path root = rootfs.root();
        return host.equals(root) ? "." : root.relativize(host).toString();
    }

    /** The owner a copied file gets without {@code --chown}. */
    int uid(Statx st) {
        return keepOwners ? st.uid() : 0;
    }

    int gid(Statx st) {
        return keepOwners ? st.gid() : 0;
    }

    /** The access time a copied file gets: the context's snapshot has atime = mtime. */
    Instant atime(Statx st) {
        return context != null || !keepOwners ? st.mtime() : st.atime();
    }

    /** Whether an extended attribute of a source file is copied. */
    boolean keepXattr(String name) {
        if (keepAllXattrs) {
            return true;
        }
        if (context == null) {
            return false;
        }
        return CopySource.Context.keepsXattr(name);
    }

    /** The path relative to the source root, with a leading slash, for messages and wildcard results. */
    String sourcePath(Path host) {
        String rel = relative(host);
        return rel.equals(".") ? "/" : "/" + rel;
    }
}
