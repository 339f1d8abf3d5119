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

    static void extract(BuildServices services, Image image, Path dir) throws Exception {
        new ImageExtractor(ExtractOptions.DEFAULT, 0, services.workDir.tmp(), ImageExtractor.Listener.NONE)
                .extract(image, dir);
    }
}
