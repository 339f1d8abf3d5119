package dev.kiln.engine.build;

import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.layer.extract.ExtractOptions;
import dev.kiln.engine.layer.extract.LayerExtractor;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a stage's rootfs when its first step runs: the base's files (extracted from its image, copied from a
 * finished parent stage, or nothing for scratch) and on top the layers of the cache hits used before that
 * step. Stateless.
 */
final class StageRoot {

    private StageRoot() {
    }

    /** The stage's directory with its base and {@code hits} in it. Blocking. */
    static Path materialise(BuildServices services, BuildStage stage, Image base, List<Layer> hits)
            throws Exception {
        Image withHits = hits.isEmpty() ? base : Mutate.appendLayers(base, hits);
        Path dir = services.workDir.stage(stage.index());
        if (services.inPlace != null) {
            return services.inPlace.materialise(services, stage.base() instanceof Source.Scratch && hits.isEmpty()
                    ? null : withHits);
        }
        switch (stage.base()) {
            case Source.Scratch s -> {
                Files.createDirectories(dir);
                applyLayers(hits, dir);
            }
            case Source.Stage s -> {
                StageResult parent = services.finished(s.index());
                if (parent.materialised()) {
                    TreeCopy.copy(parent.rootfs(services), dir);
                    applyLayers(hits, dir);
                } else {
                    Files.createDirectories(dir);
                    Extraction.extract(services.workDir, withHits, dir);
                }
            }
            case Source.Image i -> {
                Files.createDirectories(dir);
                Extraction.extract(services.workDir, withHits, dir);
            }
            case Source.Context c -> throw new IllegalStateException("a stage cannot start from the context");
        }
        return dir;
    }

    /** Extracts one layer onto {@code dir} (whiteouts applied). Blocking. */
    static void applyLayer(Layer layer, Path dir) throws Exception {
        try (InputStream in = layer.openCompressed()) {
            new LayerExtractor(ExtractOptions.DEFAULT).extract(layer.digest(), in, dir);
        }
    }

    private static void applyLayers(List<Layer> layers, Path dir) throws Exception {
        for (Layer layer : layers) {
            applyLayer(layer, dir);
        }
    }
}
