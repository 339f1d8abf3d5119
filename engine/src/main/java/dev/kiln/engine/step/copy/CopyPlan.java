package dev.kiln.engine.step.copy;

import static dev.kiln.engine.step.copy.CopyException.Reason.INVALID;
import static dev.kiln.engine.step.copy.CopyException.Reason.NOT_FOUND;

import dev.kiln.engine.context.Glob;
import dev.kiln.engine.context.InvalidPatternException;
import dev.kiln.engine.context.PatternMatcher;
import dev.kiln.engine.dockerfile.instruction.InlineSource;
import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sources of one instruction, classified and (for local paths) resolved before anything is written, so
 * that a missing source or an impossible destination fails the instruction without a partial result.
 *
 * <p>Classification follows BuildKit's {@code dispatchCopy}: a Git reference ({@link GitRef}), else an
 * HTTP(S) URL, else a path in the source. {@code COPY} refuses the first two; {@code --checksum} needs exactly
 * one HTTP(S) or Git source. Local paths are cleaned ({@code ../x} is {@code /x}), wildcards expanded
 * ({@link Wildcards}; no match is no error, as in BuildKit), each match resolved following symlinks (the
 * source itself may be a link: BuildKit's {@code FollowSymlinks}). With {@code --parents} a source
 * {@code a/./b/*.txt} copies from {@code /a} the paths matching {@code b/*.txt} and keeps {@code b}; without
 * a {@code /./} it copies from {@code /} and keeps the whole path; a source without wildcards must exist.
 *
 * <p>Immutable once built.
 */
final class CopyPlan {

    /** One unit of copying. */
    sealed interface Item permits Local, Http, Git, Inline {
    }

    /** A resolved local path: {@code name} is its last component as matched, {@code host} where it resolves. */
    record Local(String path, String name, Path host, boolean directory, PatternMatcher include) implements Item {
    }

    /** A download. */
    record Http(String url) implements Item {
    }

    /** A Git checkout. */
    record Git(GitRef ref) implements Item {
    }

    /** A heredoc file. */
    record Inline(InlineSource source) implements Item {
    }

    final List<Item> items;

    private CopyPlan(List<Item> items) {
        this.items = List.copyOf(items);
    }

    static CopyPlan of(CopyRequest req, CopyJob job, SourceTree tree) throws IOException {
        boolean add = req.kind() == CopyRequest.Kind.ADD;
        if (req.checksum().isPresent()) {
            if (!add) {
                throw job.fail(INVALID, "--checksum", "checksum can't be specified for COPY", null);
            }
            if (req.sources().size() != 1) {
                throw job.fail(INVALID, "--checksum", "checksum can't be specified for multiple sources", null);
            }
        }
        if (req.parents() && add) {
            throw job.fail(INVALID, "--parents", "--parents is only supported for COPY", null);
        }
        List<Item> items = new ArrayList<>();
        for (String src : req.sources()) {
            Optional<GitRef> git;
            try {
                git = GitRef.parse(src);
            } catch (IllegalArgumentException e) {
                throw job.fail(INVALID, "source \"" + src + "\"", e.getMessage(), e);
            }
            if (git.isPresent()) {
                if (!add) {
                    throw job.fail(INVALID, "source \"" + git.get().describe() + "\"", "source can't be a git ref for COPY", null);
                }
                items.add(new Git(git.get()));
            } else if (HttpFetcher.isHttp(src)) {
                if (!add) {
                    throw job.fail(INVALID, "source \"" + HttpFetcher.redact(src) + "\"", "source can't be a URL for COPY", null);
                }
                items.add(new Http(src));
            } else {
                if (req.checksum().isPresent()) {
                    throw job.fail(INVALID, "--checksum", "checksum requires HTTP(S) or Git sources", null);
                }
                local(req, job, tree, src, items);
            }
        }
        for (InlineSource s : req.inline()) {
            items.add(new Inline(s));
        }
        return new CopyPlan(items);
    }

    private static void local(CopyRequest req, CopyJob job, SourceTree tree, String src, List<Item> items) throws IOException {
        String base = src;
        PatternMatcher include = null;
        String required = null;
        if (req.parents()) {
            int pivot = src.indexOf("/./");
            String pattern;
            if (pivot < 0) {
                pattern = src;
                base = "/";
            } else {
                base = src.substring(0, pivot);
                pattern = src.substring(pivot + 3);
            }
            pattern = CopyPaths.source(pattern).substring(1);
            if (!pattern.isEmpty()) {
                try {
                    include = PatternMatcher.compile(List.of(pattern));
                } catch (InvalidPatternException e) {
                    throw job.fail(INVALID, "source \"" + src + "\"", e.getMessage(), e);
                }
                if (!Glob.hasWildcards(base) && !Glob.hasWildcards(pattern)) {
                    required = CopyPaths.source(base + "/" + pattern);
                }
            }
        }
        String path = CopyPaths.source(base);
        List<String> matches;
        try {
            matches = Wildcards.resolve(tree, path);
        } catch (PosixException e) {
            throw notFound(job, tree, Glob.split(path).prefix(), e);
        } catch (IllegalArgumentException e) {
            throw job.fail(INVALID, "source \"" + src + "\"", e.getMessage(), e);
        }
        if (required != null) {
            Path host = lookup(job, tree, required, false);
            Statx st = Posix.statx(host);
            if (!tree.visible(host, st.type() == FileType.DIRECTORY)) {
                throw notFound(job, tree, required, null);
            }
        }
        for (String m : matches) {
            Path host = lookup(job, tree, m, true);
            Statx st = Posix.statx(host);
            boolean dir = st.type() == FileType.DIRECTORY;
            if (!tree.visible(host, dir)) {
                throw notFound(job, tree, m, null);
            }
            items.add(new Local(m, CopyPaths.base(m), host, dir, include));
        }
    }

    private static Path lookup(CopyJob job, SourceTree tree, String path, boolean follow) throws IOException {
        try {
            Path host = follow ? tree.rootfs().resolve(path) : tree.rootfs().resolveNoFollow(path);
            Posix.statx(host);
            return host;
        } catch (PosixException e) {
            if (e instanceof PosixException.NotFound || e.is(Errno.ENOTDIR) || e.is(Errno.ELOOP)) {
                throw notFound(job, tree, path, e);
            }
            throw e;
        }
    }

    private static CopyException notFound(CopyJob job, SourceTree tree, String path, Throwable cause) {
        return job.fail(NOT_FOUND, "source \"" + path + "\"", "not found in " + tree.describe(), cause);
    }

    /** How many files or directories the plan copies, and whether one is not a directory (for the destination rule). */
    boolean copiesSeveralWithAFile() {
        if (items.size() < 2) {
            return false;
        }
        for (Item i : items) {
            boolean file = switch (i) {
                case Local l -> !l.directory() && l.include() == null;
                case Http h -> true;
                case Git g -> false;
                case Inline s -> true;
            };
            if (file) {
                return true;
            }
        }
        return false;
    }
}
