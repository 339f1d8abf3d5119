package dev.kiln.engine.step.copy;

import static dev.kiln.engine.step.copy.CopyException.Reason.CHECKSUM_MISMATCH;
import static dev.kiln.engine.step.copy.CopyException.Reason.DOWNLOAD;
import static dev.kiln.engine.step.copy.CopyException.Reason.GIT;
import static dev.kiln.engine.step.copy.CopyException.Reason.INVALID;
import static dev.kiln.engine.step.copy.CopyException.Reason.NOT_FOUND;
import static dev.kiln.engine.step.copy.CopyException.Reason.UNKNOWN_OWNER;

import dev.kiln.engine.context.InvalidPatternException;
import dev.kiln.engine.context.PatternMatcher;
import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.fs.Statx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out one {@code COPY} or {@code ADD} on a stage's rootfs, with BuildKit's semantics (see the package
 * documentation for the rules and where Kiln differs).
 *
 * <p>Thread-safe: it holds only settings and a thread-safe HTTP client; every call keeps its state on its
 * own. Calls block (file system, network), so run them off the event loop, e.g. with {@link #applyAsync}.
 * Two calls must not write to the same rootfs at the same time.
 */
public final class CopyOperation {

    private final CopyOptions options;
    private final HttpFetcher http;
    /**
     * Made on the first git source only: JGit's jar is signed, and loading any of its classes makes the JVM
     * check the jar's signature (about 90 ms), which every build would pay at start-up otherwise.
     */
    private GitFetcher git;

    private synchronized GitFetcher git() {
        if (git == null) {
            git = new GitFetcher();
        }
        return git;
    }

    public CopyOperation(CopyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.http = new HttpFetcher(options.httpTimeout());
    }

    /** {@link #apply} on a worker thread of {@code vertx}. */
    public Future<CopyResult> applyAsync(Vertx vertx, CopyRequest request, CopySource source, Path rootfs) {
        return vertx.executeBlocking(() -> apply(request, source, rootfs), false);
    }

    /**
     * Applies {@code request}, reading from {@code source} and writing into the directory {@code rootfs} (the
     * stage's root filesystem, which also supplies {@code /etc/passwd} and {@code /etc/group} for
     * {@code --chown}).
     *
     * @return the container paths written
     * @throws CopyException naming the instruction, its line and the source or destination at fault; the
     *                       rootfs may then hold part of the result and should be discarded
     */
    public CopyResult apply(CopyRequest request, CopySource source, Path rootfs) throws CopyException {
        String keyword = request.kind().name();
        String dest = CopyPaths.destination(request.destination(), request.workdir());
        Rootfs root;
        try {
            root = new Rootfs(rootfs);
        } catch (IOException e) {
            throw new CopyException(keyword, request.line(), "destination rootfs " + rootfs, INVALID,
                    "not a directory: " + e.getMessage(), e);
        }
        ModeChange mode;
        try {
            mode = ModeChange.parse(request.chmod().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new CopyException(keyword, request.line(), "--chmod", INVALID, e.getMessage(), e);
        }
        CopyJob probe = new CopyJob(keyword, request.line(), root, null, mode);
        Chown chown = null;
        if (request.chown().isPresent()) {
            try {
                chown = Chown.resolve(request.chown().get(), root);
            } catch (IllegalArgumentException e) {
                throw probe.fail(UNKNOWN_OWNER, "--chown", e.getMessage(), e);
            } catch (IOException e) {
                throw probe.fail(CopyException.Reason.FILESYSTEM, "--chown", CopyJob.describe(e), e);
            }
        }
        CopyJob job = new CopyJob(keyword, request.line(), root, chown, mode);
        PatternMatcher exclude = null;
        if (!request.excludes().isEmpty()) {
            try {
                exclude = PatternMatcher.compile(request.excludes());
            } catch (InvalidPatternException e) {
                throw job.fail(INVALID, "--exclude=" + e.pattern(), e.reason(), e);
            }
        }
        Path scratch = null;
        try {
            SourceTree tree = SourceTree.of(source);
            CopyPlan plan = CopyPlan.of(request, job, tree);
            checkDestination(plan, job, dest);
            scratch = Files.createTempDirectory(Files.createDirectories(options.scratch()), "kiln-copy-");
            int n = 0;
            for (CopyPlan.Item item : plan.items) {
                Path work = scratch.resolve(Integer.toString(n++));
                switch (item) {
                    case CopyPlan.Local l -> local(request, job, tree, exclude, l, dest);
                    case CopyPlan.Http h -> http(request, job, exclude, h, dest, work);
                    case CopyPlan.Git g -> git(request, job, exclude, g.ref(), dest, work);
                    case CopyPlan.Inline s -> inline(job, exclude, s, dest, work);
                }
            }
            return job.result();
        } catch (CopyException e) {
            throw e;
        } catch (IOException e) {
            throw job.fail(CopyException.Reason.FILESYSTEM, "destination \"" + CopyPaths.clean(dest) + "\"",
                    CopyJob.describe(e), e);
        } finally {
            if (scratch != null) {
                try {
                    ArchiveUnpacker.removeAll(scratch);
                } catch (IOException ignored) {
                    // scratch space only; the temp directory is cleaned by the system eventually
                }
            }
        }
    }

    /**
     * Several sources into a destination that is not a directory would, in BuildKit, let each file overwrite
     * the previous one (moby/buildkit#1853). The Dockerfile reference requires a directory ending in
     * {@code /}; like kaniko and Docker's classic builder, Kiln refuses the instruction instead, unless the
     * destination already is a directory or only directories are copied (their contents merge).
     */
    private static void checkDestination(CopyPlan plan, CopyJob job, String dest) throws IOException {
        if (CopyPaths.isDirectorySyntax(dest) || !plan.copiesSeveralWithAFile()) {
            return;
        }
        try {
            Statx st = Posix.statx(job.dest.resolve(CopyPaths.clean(dest)));
            if (st.type() == FileType.DIRECTORY) {
                return;
            }
        } catch (PosixException e) {
            // missing (or not reachable): not a directory
        }
        throw job.fail(INVALID, "destination \"" + CopyPaths.clean(dest) + "\"", "When using " + job.instruction
                + " with more than one source file, the destination must be a directory and end with a /", null);
    }

    private void local(CopyRequest req, CopyJob job, SourceTree tree, PatternMatcher exclude, CopyPlan.Local l,
                       String dest) throws IOException {
        boolean unpack = req.unpack().orElse(req.kind() == CopyRequest.Kind.ADD);
        if (unpack && !l.directory() && Archives.isArchive(l.host(), options.tarLimits())) {
            new ArchiveUnpacker(job, options.tarLimits()).unpack(l.host(), "source \"" + l.path() + "\"", dest);
            return;
        }
        new Copier(job, tree, l.include(), exclude).copy(l.host(), l.name(), dest, true);
    }

    private void http(CopyRequest req, CopyJob job, PatternMatcher exclude, CopyPlan.Http h, String dest, Path work)
            throws IOException {
        String subject = "source \"" + HttpFetcher.redact(h.url()) + "\"";
        Optional<String> checksum;
        try {
            checksum = req.checksum().map(HttpFetcher::checksum);
        } catch (IllegalArgumentException e) {
            throw job.fail(INVALID, "--checksum", e.getMessage(), e);
        }
        HttpFetcher.Fetched f;
        try {
            Files.createDirectories(work);
            f = http.fetch(h.url(), work, checksum);
        } catch (HttpFetcher.ChecksumMismatch e) {
            throw job.fail(CHECKSUM_MISMATCH, subject, e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw job.fail(DOWNLOAD, subject, e instanceof IOException io ? CopyJob.describe(io) : e.getMessage(), e);
        }
        if (req.unpack().orElse(false) && Archives.isArchive(f.file(), options.tarLimits())) {
            new ArchiveUnpacker(job, options.tarLimits()).unpack(f.file(), subject, dest);
            return;
        }
        SourceTree tree = SourceTree.scratch(work, "the download of " + HttpFetcher.redact(h.url()));
        new Copier(job, tree, null, exclude).copy(f.file(), f.name(), dest, true);
    }

    private void git(CopyRequest req, CopyJob job, PatternMatcher exclude, GitRef ref, String dest, Path work)
            throws IOException {
        String subject = "source \"" + ref.describe() + (ref.ref().isEmpty() ? "" : "#" + ref.ref()) + "\"";
        if (req.keepGitDir().isPresent() && ref.keepGitDir().isPresent() && !req.keepGitDir().equals(ref.keepGitDir())) {
            throw job.fail(INVALID, subject, "inconsistent keep-git-dir configuration", null);
        }
        String checksum = req.checksum().orElse("");
        if (!checksum.isEmpty() && !ref.checksum().isEmpty() && !checksum.equals(ref.checksum())) {
            throw job.fail(INVALID, subject, "checksum mismatch \"" + checksum + "\" != \"" + ref.checksum() + "\"", null);
        }
        if (checksum.isEmpty()) {
            checksum = ref.checksum();
        }
        boolean keep = ref.keepGitDir().or(req::keepGitDir).orElse(false);
        GitFetcher.Checkout c;
        try {
            c = git().checkout(ref, work.resolve("repo"), checksum, keep);
        } catch (HttpFetcher.ChecksumMismatch e) {
            throw job.fail(CHECKSUM_MISMATCH, subject, e.getMessage(), e);
        } catch (IOException e) {
            throw job.fail(GIT, subject, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        SourceTree tree = SourceTree.scratch(c.dir(), "the checkout of " + ref.describe());
        Path root = c.dir();
        if (!ref.subdir().isEmpty()) {
            try {
                root = tree.rootfs().resolve(ref.subdir());
                if (Posix.statx(root).type() != FileType.DIRECTORY) {
                    throw job.fail(NOT_FOUND, subject, "subdirectory \"" + ref.subdir() + "\" is not a directory", null);
                }
            } catch (PosixException e) {
                throw job.fail(NOT_FOUND, subject, "subdirectory \"" + ref.subdir() + "\" not found in commit " + c.commit(), e);
            }
        }
        new Copier(job, tree, null, exclude).copy(root, "/", dest, false);
    }

    private void inline(CopyJob job, PatternMatcher exclude, CopyPlan.Inline s, String dest, Path work) throws IOException {
        String name = CopyPaths.base(CopyPaths.source(s.source().path()));
        if (name.equals("/")) {
            throw job.fail(INVALID, "heredoc <<" + s.source().path(), "a heredoc needs a file name", null);
        }
        Files.createDirectories(work);
        Path file = work.resolve(name);
        Files.writeString(file, s.source().data(), StandardCharsets.UTF_8);
        Posix.chmod(file, 0644);
        Instant now = options.clock().instant();
        Posix.setTimes(file, now, now);
        new Copier(job, SourceTree.scratch(work, "heredoc <<" + s.source().path()), null, exclude)
                .copy(file, name, dest, true);
    }
}
