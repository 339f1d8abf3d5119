package dev.kiln.engine.build;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.InodeAttributes;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.layer.extract.ExtractOptions;
import dev.kiln.engine.layer.extract.RootfsCleaner;
import dev.kiln.engine.snapshot.IgnoreList;
import dev.kiln.engine.snapshot.MountInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The root of a kaniko-style in-place build ({@code --isolation=in-place}): the stage's rootfs is {@code /}
 * of the executor's own container. Each stage that touches files first {@linkplain #reset resets} the root,
 * deleting everything but the ignore list (kaniko's {@code util.DeleteFilesystem}), then extracts its base
 * over it, skipping the ignored paths ({@link ExtractOptions#keep}).
 *
 * <p>The ignore list, as container paths below the root: the work directory ({@code --kaniko-dir}),
 * {@code java.home}, the executor's jar directory and {@code $KILN_HOME}, the build context and the
 * Dockerfile's directory, {@code $DOCKER_CONFIG}, every mount point below the root
 * ({@code /proc/self/mountinfo}), the {@code --ignore-path}s, {@code /var/run} unless
 * {@code --ignore-var-run=false}, {@code /etc/mtab} and below {@code /tmp/apt-key-gpghome}
 * ({@link IgnoreList#forInPlaceBuild}). The snapshots use the same list, so none of it reaches a layer.
 *
 * <p>Safety: an instance exists only after {@link #open} checked that a root of {@code /} is inside a
 * container (or {@code --force} was given), so no reset can happen without that check. The reset never
 * follows a symlink and never crosses a mount point ({@link RootfsCleaner}). Immutable; the build resets
 * and fills it from one stage at a time.
 */
final class InPlaceRoot {

    private static final Logger LOG = LoggerFactory.getLogger(InPlaceRoot.class);

    static final String REFUSAL = "kiln should only be run inside of a container, run with the --force flag if you"
            + " are sure you want to continue";

    private final Path root;
    private final IgnoreList ignores;

    private InPlaceRoot(Path root, IgnoreList ignores) {
        this.root = root;
        this.ignores = ignores;
    }

    /**
     * Checks that the build may run in {@code request.inPlaceRoot()} and assembles its ignore list. Deletes
     * nothing.
     *
     * @throws BuildException with kaniko's refusal when the root is {@code /}, no container is detected and
     *                        {@code --force} is not set; or when the root or work directory are unusable
     */
    static InPlaceRoot open(BuildRequest request, ContainerCheck check) {
        Path root = realRoot(request.inPlaceRoot());
        refuseOutsideContainer(root, request.force(), check);
        Optional<String> workDir = containerPath(root, request.workDir());
        if (workDir.isEmpty()) {
            throw new BuildException("in-place build in " + root + ": the work directory " + request.workDir()
                    + " must be inside it (it is kept across stages, as kaniko keeps /kaniko)");
        }
        List<String> mounts;
        try {
            mounts = MountInfo.read(MountInfo.SELF).mountPointsUnder(root);
        } catch (IOException e) {
            throw new BuildException("in-place build: read the mount table " + MountInfo.SELF, e);
        }
        List<Path> executor = new ArrayList<>();
        executor.add(Path.of(System.getProperty("java.home")));
        jarDirectory().ifPresent(executor::add);
        env("KILN_HOME").map(Path::of).ifPresent(executor::add);
        env("DOCKER_CONFIG").map(Path::of).ifPresent(executor::add);
        executor.add(request.context());
        executor.add(request.dockerfile().toAbsolutePath().getParent());
        Set<String> kept = new LinkedHashSet<>();
        for (Path p : executor) {
            containerPath(root, p).ifPresent(kept::add);
        }
        try {
            IgnoreList ignores = IgnoreList.forInPlaceBuild(request.ignorePaths(), request.ignoreVarRun(),
                    workDir.get(), mounts)
                    .with(kept.stream().map(p -> IgnoreList.Rule.pathAndBelow(p, "executor file")).toList());
            return new InPlaceRoot(root, ignores);
        } catch (IllegalArgumentException e) {
            throw new BuildException("in-place build: " + e.getMessage());
        }
    }

    /** Kaniko's guard: a build in the real {@code /} must run in a container, or be forced. */
    static void refuseOutsideContainer(Path root, boolean force, ContainerCheck check) {
        if (root.getParent() != null) {
            return; // a sandbox standing for /: nothing of the host is at stake
        }
        Optional<String> evidence = check.evidence();
        if (evidence.isPresent()) {
            LOG.debug("In-place build in /: running in a container ({})", evidence.get());
        } else if (force) {
            LOG.warn("In-place build in / outside a detected container (--force): everything in / but the ignore"
                    + " list will be deleted");
        } else {
            throw new BuildException(REFUSAL);
        }
    }

    /** The directory standing for {@code /}. */
    Path root() {
        return root;
    }

    /** What no reset deletes, no extraction writes and no snapshot records. */
    IgnoreList ignores() {
        return ignores;
    }

    /**
     * Makes the root hold {@code base}'s files (nothing for {@code scratch}, a null {@code base}) and the
     * ignored paths, nothing else. Blocking.
     */
    Path materialise(BuildServices services, Image base) throws Exception {
        long started = System.nanoTime();
        reset();
        if (base != null) {
            Extraction.extract(services.workDir, ExtractOptions.DEFAULT.withKeep(ignores::isIgnored), base, root);
        }
        LOG.debug("In-place root {} reset and extracted in {} ms", root, (System.nanoTime() - started) / 1_000_000);
        return root;
    }

    /**
     * Deletes everything in the root except the ignored paths; a directory with ignored paths below it is
     * emptied around them instead of deleted (kaniko's {@code DeleteFilesystem}).
     */
    void reset() throws IOException {
        clear(root, "/", InodeAttributes.of(root));
    }

    private void clear(Path dir, String containerDir, InodeAttributes rootMount) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        for (Path child : children) {
            String path = (containerDir.equals("/") ? "/" : containerDir + "/") + child.getFileName();
            if (ignores.isIgnored(path)) {
                continue;
            }
            InodeAttributes a = InodeAttributes.of(child);
            if (!a.sameMountAs(rootMount)) {
                // a mount the table did not show (made after it was read): never descend into it
                LOG.warn("In-place build: keeping {}, a mount point not in the ignore list", path);
            } else if (hasIgnoredBelow(path) && a.type() == FileType.DIRECTORY) {
                clear(child, path, rootMount);
            } else {
                RootfsCleaner.delete(child);
            }
        }
    }

    /**
     * True if some rule may cover a path below {@code path} (a pattern component is taken to match
     * anything: emptying a directory instead of deleting it is the safe mistake).
     */
    boolean hasIgnoredBelow(String path) {
        String[] dir = path.substring(1).split("/");
        for (IgnoreList.Rule rule : ignores.rules()) {
            String[] r = rule.path().substring(1).split("/");
            int need = rule.scope() == IgnoreList.Scope.BELOW_ONLY ? dir.length : dir.length + 1;
            if (r.length < need) {
                continue;
            }
            boolean prefix = true;
            for (int i = 0; i < dir.length && prefix; i++) {
                prefix = r[i].equals(dir[i]) || isPattern(r[i]);
            }
            if (prefix) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPattern(String component) {
        return component.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\');
    }

    private static Path realRoot(Path root) {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new BuildException("in-place build in " + root + ": not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new BuildException("in-place build in " + root + ": " + BuildException.describe(e), e);
        }
    }

    /** {@code p} as a path inside the root ({@code /kaniko}), if it lies there. */
    static Optional<String> containerPath(Path root, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            abs = abs.toRealPath();
        } catch (IOException e) {
            // not there (yet): the lexical path will do
        }
        if (!abs.startsWith(root) || abs.equals(root)) {
            return Optional.empty();
        }
        return Optional.of("/" + root.relativize(abs));
    }

    private static Optional<Path> jarDirectory() {
        try {
            var source = InPlaceRoot.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(Path.of(source.getLocation().toURI()).getParent());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    @Override
    public String toString() {
        return "InPlaceRoot[" + root + ", " + ignores + "]";
    }
}
