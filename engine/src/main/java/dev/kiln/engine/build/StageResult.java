package dev.kiln.engine.build;

import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.image.Image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A finished stage: its image, and its rootfs once some step needed the files.
 *
 * <p>A stage whose steps changed only the config never had a rootfs: its files are its image's layers.
 * {@link #rootfs(BuildServices)} extracts them the first time another stage reads them
 * ({@code COPY --from}, a mount, a child stage that runs steps), so stages nothing reads are never
 * materialised. Thread-safe: materialisation happens at most once, under the instance's lock.
 */
final class StageResult {

    private final BuildStage stage;
    private final Image image;
    private Path rootfs;

    StageResult(BuildStage stage, Image image, Path rootfs) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.image = Objects.requireNonNull(image, "image");
        this.rootfs = rootfs;
    }

    BuildStage stage() {
        return stage;
    }

    Image image() {
        return image;
    }

    /** Whether the stage's files are on disk already. */
    synchronized boolean materialised() {
        return rootfs != null;
    }

    /** The stage's file tree, extracted from its image on first use. Blocking; never change the result. */
    synchronized Path rootfs(BuildServices services) throws Exception {
        if (rootfs == null) {
            Path dir = services.workDir.stage(stage.index());
            Files.createDirectories(dir);
            Extraction.extract(services.workDir, image, dir);
            rootfs = dir;
        }
        return rootfs;
    }
}
