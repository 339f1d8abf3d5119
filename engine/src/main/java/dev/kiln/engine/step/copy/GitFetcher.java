package dev.kiln.engine.step.copy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.Statx;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Checks out the Git source of an {@code ADD} with JGit, into a scratch directory, the way BuildKit's Git
 * source presents it: the tree of one commit, files 0644 or 0755 (the executable bit of the index),
 * directories 0755, owned by root, with mtimes of the checkout (or of the commit with {@code ?mtime=commit}),
 * {@code .git} removed unless kept.
 *
 * <p>The reference is resolved against the remote's advertised refs in Git's order ({@code refs/<ref>},
 * {@code refs/tags/<ref>}, {@code refs/heads/<ref>}; no ref means the remote's {@code HEAD}) and fetched
 * alone with depth 1. A full or abbreviated commit id that no ref names is fetched with the whole history
 * and resolved locally. {@code --checksum} (or {@code ?checksum=}) must be a prefix of the commit id.
 * Transports are JGit's built-in ones: {@code git://}, {@code http(s)://} and {@code file://}; {@code ssh}
 * would need an SSH client library and is refused with a clear message. Submodules are not fetched.
 *
 * <p>Thread-safe (stateless); calls block on the network.
 */
final class GitFetcher {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,40}");

    /** A checkout: the directory holding the work tree (and {@code .git} if kept) and the commit. */
    record Checkout(Path dir, String commit) {
    }

    /**
     * Checks {@code ref} out into the new directory {@code dir}.
     *
     * @param checksum the expected commit or a prefix of it (empty for none)
     * @throws IOException naming the reference and the cause; {@link HttpFetcher.ChecksumMismatch} when the
     *                     commit does not match
     */
    Checkout checkout(GitRef ref, Path dir, String checksum, boolean keepGitDir) throws IOException {
        if (ref.remote().startsWith("ssh://") || !ref.remote().contains("://")) {
            throw new IOException("SSH Git sources are not supported (no SSH client); use https:// or git://");
        }
        Files.createDirectories(dir);
        String commit;
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("kiln-checkout").call()) {
            String wanted = ref.ref().isEmpty() ? "HEAD" : ref.ref();
            Optional<String> advertised = findRef(ref.remote(), wanted);
            if (advertised.isPresent()) {
                git.fetch().setRemote(ref.remote()).setTagOpt(TagOpt.NO_TAGS).setDepth(1)
                        .setRefSpecs(new RefSpec("+" + advertised.get() + ":refs/kiln/target")).call();
            } else if (HEX.matcher(wanted).matches()) {
                git.fetch().setRemote(ref.remote()).setTagOpt(TagOpt.FETCH_TAGS)
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/kiln/heads/*")).call();
            } else {
                throw new IOException("reference \"" + wanted + "\" not found");
            }
            ObjectId id = git.getRepository().resolve(advertised.isPresent() ? "refs/kiln/target^{commit}" : wanted + "^{commit}");
            if (id == null) {
                throw new IOException("reference \"" + wanted + "\" is not a commit");
            }
            commit = id.name();
            String expected = checksum.toLowerCase(java.util.Locale.ROOT);
            if (!expected.isEmpty() && !commit.startsWith(expected)) {
                throw new HttpFetcher.ChecksumMismatch("commit " + commit + " of " + ref.describe() + "#" + wanted
                        + " does not match checksum " + checksum);
            }
            git.checkout().setName(commit).call();
            Instant commitTime = null;
            if (ref.mtime().equals("commit")) {
                try (RevWalk walk = new RevWalk(git.getRepository())) {
                    RevCommit c = walk.parseCommit(id);
                    commitTime = Instant.ofEpochSecond(c.getCommitTime());
                }
            }
            normalize(dir, commitTime);
        } catch (GitAPIException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!keepGitDir) {
            ArchiveUnpacker.removeAll(dir.resolve(".git"));
        }
        return new Checkout(dir, commit);
    }

    private static Optional<String> findRef(String remote, String wanted) throws GitAPIException {
        Collection<Ref> refs = Git.lsRemoteRepository().setRemote(remote).call();
        List<String> candidates = wanted.equals("HEAD") ? List.of("HEAD")
                : wanted.startsWith("refs/") ? List.of(wanted)
                : List.of("refs/" + wanted, "refs/tags/" + wanted, "refs/heads/" + wanted);
        for (String c : candidates) {
            for (Ref r : refs) {
                if (r.getName().equals(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** Modes as Git records them (0644/0755, directories 0755), mtimes of the commit if asked; .git untouched. */
    private static void normalize(Path dir, Instant commitTime) throws IOException {
        Path gitDir = dir.resolve(".git");
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (d.equals(gitDir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Posix.chmod(d, 0755);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Statx st = Posix.statx(f);
                if (st.type() == FileType.REGULAR) {
                    Posix.chmod(f, (st.permissions() & 0100) != 0 ? 0755 : 0644);
                }
                if (commitTime != null) {
                    Posix.setTimes(f, commitTime, commitTime);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                if (commitTime != null) {
                    Posix.setTimes(d, commitTime, commitTime);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
