package dev.kiln.engine.cache.key;

import dev.kiln.engine.context.ContextFile;
import dev.kiln.engine.context.Glob;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.context.PatternMatcher;
import dev.kiln.engine.crypto.Sha256;
import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.step.copy.CopySource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a step reads from the build context, as digests: the paths a {@code COPY} source matches (wildcards
 * resolved as {@code COPY} resolves them, {@code step.copy.Wildcards}) and the content and metadata of the
 * tree below each, after {@code .dockerignore} and {@code --exclude}.
 *
 * <p>A tree digest covers, for the source entry (symlinks followed, as {@code COPY} follows a source that is
 * a link) and every entry below it (parents first, names sorted, links not followed): the path relative to
 * the source, the type, the permission bits, uid and gid as the build sees them ({@link ContextFile}: always
 * 0:0, since the copy resets owners), the size, a symlink's target, a regular file's SHA-256 and the
 * extended attributes the copy keeps (all but {@code security.capability} and {@code com.apple.*}). Never
 * mtimes, atimes, inode numbers or host paths.
 *
 * <p>Files are read streaming with a 64 KiB buffer, each at most once per instance: content digests are
 * memoised by path, tree digests by path and exclusions. Not thread-safe: one instance per
 * {@link PlanKeys#compute} call, on one thread.
 */
final class ContextHasher {

    private static final int BUFFER = 64 * 1024;

    private final LocalContext context;
    private final Map<String, byte[]> contents = new HashMap<>();
    private final Map<List<Object>, byte[]> trees = new HashMap<>();
    private int filesRead;

    ContextHasher(LocalContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * The paths (from the context root, with a leading slash) that source {@code source} copies: itself when
     * it has no wildcard (whether or not it exists), else every visible entry matching it, in the copy's order.
     * A wildcard whose literal prefix does not exist gives the prefix (the copy fails on it).
     */
    List<String> matches(String source) throws IOException {
        String path = Glob.clean("/" + source);
        Glob.Split split = Glob.split(path);
        if (split.pattern().isEmpty()) {
            return List.of(path);
        }
        String base = split.prefix();
        Optional<ContextFile> dir = resolve(base);
        if (dir.isEmpty()) {
            return List.of(base);
        }
        List<String> out = new ArrayList<>();
        if (dir.get().isDirectory()) {
            walkMatches(dir.get().path(), "", split.pattern(), split.depthBound(), 1, out);
        }
        return out;
    }

    private void walkMatches(String dir, String rel, String glob, int maxDepth, int depth, List<String> out)
            throws IOException {
        for (ContextFile f : context.list(dir)) {
            String childRel = rel.isEmpty() ? f.name() : rel + "/" + f.name();
            if (Glob.matches(glob, childRel)) {
                out.add("/" + f.path());
            } else if (f.isDirectory() && depth < maxDepth) {
                walkMatches(f.path(), childRel, glob, maxDepth, depth + 1, out);
            }
        }
    }

    /**
     * The digest of the entry {@code path} leads to and of everything below it, without the entries
     * {@code exclude} matches (relative to the entry); a fixed "missing" digest when nothing visible is there.
     *
     * @param excludes the {@code --exclude} patterns, possibly none
     * @throws dev.kiln.engine.context.InvalidPatternException for a pattern the copy would reject too
     */
    byte[] tree(String path, List<String> excludes) throws IOException {
        List<Object> memo = List.of(path, List.copyOf(excludes));
        byte[] known = trees.get(memo);
        if (known != null) {
            return known;
        }
        PatternMatcher exclude = excludes.isEmpty() ? null : PatternMatcher.compile(excludes);
        KeyEncoder e = KeyEncoder.of("tree");
        Optional<ContextFile> top = resolve(path);
        if (top.isEmpty()) {
            e.field("missing", true);
        } else {
            e.field("missing", false);
            entry(e, ".", top.get());
            if (top.get().isDirectory()) {
                String root = top.get().path();
                int[] count = {0};
                context.walk(root, f -> {
                    String rel = root.equals(".") ? f.path() : f.path().substring(root.length() + 1);
                    if (exclude == null || !exclude.matches(rel)) {
                        entry(e, rel, f);
                        count[0]++;
                    }
                });
                e.field("entries", count[0]);
            }
        }
        byte[] digest = e.digest();
        trees.put(memo, digest);
        return digest;
    }

    /** The entry {@code path} leads to; empty also for a symlink loop (the copy fails on it when it runs). */
    private Optional<ContextFile> resolve(String path) throws IOException {
        try {
            return context.resolve(path);
        } catch (PosixException e) {
            if (e.is(Errno.ELOOP)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void entry(KeyEncoder e, String rel, ContextFile f) throws IOException {
        e.field("path", rel).field("type", f.type().name()).field("mode", f.permissions())
                .field("uid", f.uid()).field("gid", f.gid()).field("size", f.size())
                .field("link", f.linkTarget());
        if (f.type() == FileType.REGULAR) {
            e.field("sha256", content(f));
        }
        if (f.type() != FileType.SYMLINK) {
            SortedMap<String, byte[]> xattrs = xattrs(context.hostPath(f.path()));
            e.count("xattrs", xattrs.size());
            xattrs.forEach(e::field);
        }
    }

    /** The SHA-256 of a regular file, read once per instance. */
    private byte[] content(ContextFile f) throws IOException {
        byte[] known = contents.get(f.path());
        if (known != null) {
            return known;
        }
        MessageDigest sha = Sha256.newDigest();
        byte[] buffer = new byte[BUFFER];
        Path host = context.hostPath(f.path());
        try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IOException("hash build context file " + f.path() + ": " + e.getMessage(), e);
        }
        filesRead++;
        byte[] digest = sha.digest();
        contents.put(f.path(), digest);
        return digest;
    }

    /** How many files were read so far (each distinct file once). */
    int filesRead() {
        return filesRead;
    }

    /** The extended attributes a copy from the context keeps (see {@code step.copy.SourceTree}). */
    private static SortedMap<String, byte[]> xattrs(Path host) throws IOException {
        SortedMap<String, byte[]> all;
        try {
            all = Xattrs.getAll(host);
        } catch (PosixException e) {
            if (e.is(Errno.EOPNOTSUPP)) {
                return Collections.emptySortedMap();
            }
            throw e;
        }
        if (all.isEmpty()) {
            return all;
        }
        SortedMap<String, byte[]> kept = new TreeMap<>(all);
        kept.keySet().removeIf(n -> !CopySource.Context.keepsXattr(n));
        return kept;
    }
}
