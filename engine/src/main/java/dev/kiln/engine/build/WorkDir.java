package dev.kiln.engine.build;

import dev.kiln.engine.layer.extract.RootfsCleaner;
import dev.kiln.engine.layer.extract.RootfsCleanupException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of one build below the executor's work directory ({@code --kaniko-dir}): everything a build
 * writes, so that {@code --cleanup} removes it and nothing else, and concurrent builds sharing a work
 * directory never meet.
 *
 * <pre>
 * &lt;workDir&gt;/
 *   cache-mounts/          RUN --mount=type=cache directories, kept across builds
 *   layers/                base-image blobs as downloaded (verified, named by digest), kept across builds
 *   builds/&lt;id&gt;/
 *     stages/&lt;index&gt;/     one rootfs per materialised stage
 *     images/&lt;n&gt;/         images extracted for COPY --from and RUN --mount=from
 *     blobs/               layers this build wrote
 *     tmp/                 scratch for downloads and extractions
 * </pre>
 *
 * <p>Immutable.
 *
 * @param root  the work directory
 * @param build this build's directory
 */
public record WorkDir(Path root, Path build) {

    /** Creates a new build directory below {@code root}. */
    public static WorkDir create(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute.resolve("builds"));
        Path build = Files.createTempDirectory(absolute.resolve("builds"), "b");
        WorkDir dir = new WorkDir(absolute, build);
        Files.createDirectories(dir.stages());
        Files.createDirectories(dir.images());
        Files.createDirectories(dir.blobs());
        Files.createDirectories(dir.tmp());
        Files.createDirectories(dir.layerCache());
        Files.createDirectories(dir.cacheMounts());
        return dir;
    }

    /** The rootfs directory of stage {@code index} (not created). */
    public Path stage(int index) {
        return stages().resolve(Integer.toString(index));
    }

    public Path stages() {
        return build.resolve("stages");
    }

    public Path images() {
        return build.resolve("images");
    }

    public Path blobs() {
        return build.resolve("blobs");
    }

    public Path tmp() {
        return build.resolve("tmp");
    }

    public Path layerCache() {
        return root.resolve("layers");
    }

    public Path cacheMounts() {
        return root.resolve("cache-mounts");
    }

    /** Deletes this build's directory: stage roots (whatever their permissions), blobs, scratch. */
    public void deleteBuild() throws RootfsCleanupException {
        RootfsCleaner.delete(build);
    }
}
