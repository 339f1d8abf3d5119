package dev.kiln.warmer;

import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.dockerfile.plan.Planner;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.dockerfile.plan.StageSelection;
import dev.kiln.engine.oci.Platform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The base images of a Dockerfile ({@code --dockerfile}, a path or an http(s) URL) as kaniko's warmer finds
 * them: every stage's {@code FROM} image, expanded with the build arguments and the global {@code ARG}s,
 * stage names and {@code scratch} skipped, each image once, for the stage's {@code --platform} or the
 * warmer's. The engine's planner does the expansion, so the warmer and the build agree on every name.
 *
 * <p>Stateless.
 */
final class DockerfileImages {

    private DockerfileImages() {
    }

    /** Whether {@code location} is an http(s) URL rather than a path. */
    static boolean isUrl(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /** Reads the Dockerfile at {@code location} (a path, or a URL fetched with {@code web}). */
    static Future<byte[]> read(Vertx vertx, WebClient web, String location) {
        if (!isUrl(location)) {
            return vertx.executeBlocking(() -> {
                try {
                    return Files.readAllBytes(Path.of(location));
                } catch (IOException e) {
                    throw new IOException("read dockerfile " + location + ": " + e.getMessage(), e);
                }
            }, false);
        }
        return web.getAbs(location).send().compose(response -> {
            if (response.statusCode() != 200) {
                return Future.failedFuture(new IOException("download dockerfile " + location + ": HTTP "
                        + response.statusCode() + " " + response.statusMessage()));
            }
            return Future.succeededFuture(response.bodyAsBuffer() == null ? new byte[0]
                    : response.bodyAsBuffer().getBytes());
        }, e -> Future.failedFuture(new IOException("download dockerfile " + location + ": " + e.getMessage(), e)));
    }

    /**
     * The images the Dockerfile's stages start from.
     *
     * @throws RuntimeException (a parse or plan exception) naming the file, line and reason
     */
    static List<WarmTarget> targets(String location, byte[] content, Map<String, String> buildArgs,
            Platform platform) {
        String name = isUrl(location) ? "Dockerfile" : Path.of(location).getFileName().toString();
        Plan plan = Planner.plan(name, content, PlanOptions.of(platform, Platform.host()).withBuildArgs(buildArgs)
                .withSelection(StageSelection.ALL_UP_TO_TARGET));
        LinkedHashSet<WarmTarget> out = new LinkedHashSet<>();
        for (BuildStage stage : plan.stages()) {
            if (stage.base() instanceof Source.Image image) {
                out.add(new WarmTarget(image.reference(), stage.platform().orElse(platform)));
            }
        }
        return new ArrayList<>(out);
    }
}
