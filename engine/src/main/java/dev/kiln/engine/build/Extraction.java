package dev.kiln.engine.build;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.layer.extract.ExtractOptions;
import dev.kiln.engine.layer.extract.ImageExtractor;

import java.nio.file.Path;

/**
 * Extracts an image into a stage's rootfs. Read-ahead is 0: remote layers are already downloading into the
 * layer cache ({@link ImageSources}), so each is streamed from its cached file as soon as it is there, and
 * local layers need no copy. Stateless.
 */
final class Extraction {

    private Extraction() {
    }

    static void extract(WorkDir workDir, Image image, Path dir) throws Exception {
        extract(workDir, ExtractOptions.DEFAULT, image, dir);
    }

    /** As {@link #extract(WorkDir, Image, Path)} with other options (the in-place root's keep filter). */
    static void extract(WorkDir workDir, ExtractOptions options, Image image, Path dir) throws Exception {
        new ImageExtractor(options, 0, workDir.tmp(), ImageExtractor.Listener.NONE).extract(image, dir);
    }
}
