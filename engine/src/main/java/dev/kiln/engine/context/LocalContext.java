package dev.kiln.engine.context;

import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A build context on the local disk ({@code dir:///path} as kaniko spells it, or a plain path), with its
 * {@code .dockerignore} applied: the files a {@code COPY} or {@code ADD} from the context may see.
 *
 * <p>What it models is the tree BuildKit receives from its client, without sending anything: excluded
 * entries are absent, an excluded directory exists only to hold included entries below it (it keeps its own
 * metadata then), symlinks are entries of their own, and owners are 0:0 ({@link ContextFile}). Paths are
 * relative to the context root; an absolute path is taken from the root, and a relative one that climbs
 * above it ({@code ../x}) is refused with {@link ContextPathException}. Symlinks are resolved with
 * {@link Rootfs}, the context directory playing the root: an absolute target or a {@code ..} chain stays
 * inside the context, so nothing outside it is ever read. Visibility is decided on the path a resolution
 * ends at, so a link to an ignored file finds nothing; a symlink in the middle of a path is not itself
 * checked against the patterns (BuildKit would not have sent an ignored one).
 *
 * <p>Immutable and thread-safe: the root, the resolver and the (thread-safe) ignore rules are fixed; every
 * call reads the disk afresh, so it reflects the directory at the time of the call. Calls block; run them
 * off the event loop.
 */
public final class LocalContext {

    /** The scheme kaniko uses for a local context directory. */
    public static final String SCHEME = "dir://";

    private final Path root;
    private final Rootfs rootfs;
    private final DockerIgnore ignore;

    private LocalContext(Rootfs rootfs, DockerIgnore ignore) {
        this.rootfs = rootfs;
        this.root = rootfs.root();
        this.ignore = Objects.requireNonNull(ignore, "ignore");
    }

    /**
     * Opens the context at {@code location} ({@code dir://PATH} or a plain path) with the ignore rules found
     * for {@code dockerfile} (see {@link DockerIgnore#load}); {@code dockerfile} may be null.
     *
     * @throws IllegalArgumentException if the location names another kind of context (a URL)
     * @throws IOException              if the directory does not exist or an ignore file cannot be read
     */
    public static LocalContext open(String location, Path dockerfile) throws IOException {
        Path dir = Path.of(directoryOf(location));
        return new LocalContext(new Rootfs(dir), DockerIgnore.load(dir, dockerfile));
    }

    /** A context of directory {@code dir} with the given rules. */
    public static LocalContext of(Path dir, DockerIgnore ignore) throws IOException {
        return new LocalContext(new Rootfs(dir), ignore);
    }

    /** Whether {@code location} names a local directory: {@code dir://...} or a string without a scheme. */
    public static boolean isLocal(String location) {
        return location.startsWith(SCHEME) || !location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    private static String directoryOf(String location) {
        if (location.startsWith(SCHEME)) {
            String rest = location.substring(SCHEME.length());
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("build context " + location + ": no directory after " + SCHEME);
            }
            return rest;
        }
        if (!isLocal(location)) {
            throw new IllegalArgumentException("build context " + location + ": not a local directory (expected "
                    + SCHEME + "PATH or a path)");
        }
        return location;
    }

    /** The context directory on the host (absolute, without symlinks). */
    public Path root() {
        return root;
    }

    /** The resolver that keeps symlinks inside the context. */
    public Rootfs rootfs() {
        return rootfs;
    }

    /** The {@code .dockerignore} rules in effect. */
    public DockerIgnore ignore() {
        return ignore;
    }

    /**
     * {@code path} relative to the root, cleaned: {@code /a/./b/} and {@code a/b} give {@code a/b}, the root is
     * {@code .}, and an absolute path cannot climb above the root ({@code /../x} is {@code x}).
     *
     * @throws ContextPathException for a relative path that climbs above the root
     */
    public String normalize(String path) {
        String p = GoPath.clean(path);
        if (p.startsWith("/")) {
            p = GoPath.clean(p.substring(1));
        } else if (p.equals("..") || p.startsWith("../")) {
            throw new ContextPathException(path, root.toString());
        }
        return p;
    }

    /**
     * Whether the entry at {@code relativePath} is part of the context: not ignored, or an ignored directory
     * that an exception ({@code !pattern}) may reach into (it is then sent only to hold what is included).
     */
    public boolean visible(String relativePath, boolean isDirectory) {
        String p = normalize(relativePath);
        if (p.equals(".") || !ignore.excluded(p, isDirectory)) {
            return true;
        }
        return isDirectory && ignore.mayContainIncluded(p);
    }

    /** Whether {@code relativePath} itself is included (an ignored directory that only holds included entries is not). */
    public boolean included(String relativePath, boolean isDirectory) {
        String p = normalize(relativePath);
        return p.equals(".") || !ignore.excluded(p, isDirectory);
    }

    /** The host path of a clean relative path; no symlink is resolved. */
    public Path hostPath(String relativePath) {
        String p = normalize(relativePath);
        return p.equals(".") ? root : root.resolve(p);
    }

    /**
     * The entry at {@code path} without following a symlink in its last component (links in the middle are
     * followed inside the context); empty if it does not exist or is ignored.
     */
    public Optional<ContextFile> stat(String path) throws IOException {
        return lookup(path, false);
    }

    /** The entry {@code path} leads to, following every symlink inside the context; empty if none or ignored. */
    public Optional<ContextFile> resolve(String path) throws IOException {
        return lookup(path, true);
    }

    private Optional<ContextFile> lookup(String path, boolean follow) throws IOException {
        String rel = normalize(path);
        Path host;
        Statx st;
        try {
            host = rel.equals(".") ? root : follow ? rootfs.resolve(rel) : rootfs.resolveNoFollow(rel);
            st = Posix.statx(host);
        } catch (PosixException.NotFound e) {
            return Optional.empty();
        } catch (PosixException e) {
            if (e.is(Errno.ENOTDIR)) {
                return Optional.empty();
            }
            throw e;
        }
        String real = relativize(host);
        if (!visible(real, st.type() == FileType.DIRECTORY)) {
            return Optional.empty();
        }
        return Optional.of(file(real, host, st));
    }

    /**
     * The entries of directory {@code dir} (resolved inside the context) that are part of the context, sorted
     * by name. Ignored directories that may hold included entries are listed; check {@link #included}.
     *
     * @throws IOException if {@code dir} is not a visible directory, or reading fails
     */
    public List<ContextFile> list(String dir) throws IOException {
        ContextFile d = resolve(dir).orElseThrow(() -> PosixException.of("list", dir, " in build context " + root, Errno.ENOENT));
        if (!d.isDirectory()) {
            throw PosixException.of("list", dir, " in build context " + root, Errno.ENOTDIR);
        }
        Path host = hostPath(d.path());
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(host)) {
            for (Path child : s) {
                names.add(child.getFileName().toString());
            }
        }
        names.sort(null);
        List<ContextFile> out = new ArrayList<>();
        for (String name : names) {
            String rel = d.path().equals(".") ? name : d.path() + "/" + name;
            Path child = host.resolve(name);
            Statx st;
            try {
                st = Posix.statx(child);
            } catch (PosixException.NotFound e) {
                continue; // removed while listing
            }
            if (visible(rel, st.type() == FileType.DIRECTORY)) {
                out.add(file(rel, child, st));
            }
        }
        return out;
    }

    /** Receives the entries of a {@link #walk}. */
    @FunctionalInterface
    public interface Visitor {
        /** Called for each entry, parents before children. */
        void visit(ContextFile file) throws IOException;
    }

    /**
     * Visits everything below directory {@code dir} (not {@code dir} itself) that the build would receive,
     * parents first, names sorted, symlinks not followed. An ignored directory is visited only if something
     * below it is included, just before the first such entry, as BuildKit's sender emits it.
     */
    public void walk(String dir, Visitor visitor) throws IOException {
        walk(dir, visitor, new ArrayList<>());
    }

    private void walk(String dir, Visitor visitor, List<ContextFile> pending) throws IOException {
        for (ContextFile f : list(dir)) {
            boolean included = included(f.path(), f.isDirectory());
            if (included) {
                for (ContextFile p : pending) {
                    visitor.visit(p);
                }
                pending.clear();
                visitor.visit(f);
            }
            if (f.isDirectory()) {
                int mark = pending.size();
                if (!included) {
                    pending.add(f);
                }
                walk(f.path(), visitor, pending);
                while (pending.size() > mark) {
                    pending.removeLast();
                }
            }
        }
    }

    private String relativize(Path host) {
        if (host.equals(root)) {
            return ".";
        }
        return root.relativize(host).toString();
    }

    private static ContextFile file(String rel, Path host, Statx st) throws IOException {
        FileType type = st.type();
        Optional<String> target = type == FileType.SYMLINK ? Optional.of(Posix.readlink(host)) : Optional.empty();
        long size = switch (type) {
            case REGULAR, SYMLINK -> st.size();
            default -> 0L;
        };
        return new ContextFile(rel, type, st.permissions(), 0, 0, size, st.mtime(), target);
    }

    @Override
    public String toString() {
        return "LocalContext[" + root + ", " + ignore + "]";
    }
}
