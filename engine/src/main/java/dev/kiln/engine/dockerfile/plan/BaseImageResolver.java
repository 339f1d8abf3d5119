package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the planner needs to know about the base image of a stage ({@code FROM image}): its config, for the
 * environment the stage starts with ({@code Config.Env}, e.g. {@code PATH} and {@code GOPATH}) and for the
 * {@code ONBUILD} triggers ({@code Config.OnBuild}) that run right after the {@code FROM}.
 *
 * <p>Implementations must be thread-safe if shared between builds; the planner calls them on its own thread,
 * at most once per built stage, and never for a stage that is not built. Deliberately synchronous: fetching
 * configs is asynchronous work for the build engine, which plans once without configs (or with what it has
 * cached), fetches the configs of {@link Plan#unresolvedBaseImages()} in parallel, and plans again with a
 * resolver over the results. Planning takes well under a millisecond, so planning twice costs nothing.
 */
@FunctionalInterface
public interface BaseImageResolver {

    /**
     * The config of {@code image}.
     *
     * @param image    the normalised reference of the {@code FROM} line
     * @param platform the {@code FROM --platform} value, or empty for the build's target platform
     * @return the config, or empty when it is not known (yet): the stage then starts with no variables but
     *         {@code PATH} and no triggers, and {@link Plan#unresolvedBaseImages()} lists it
     * @throws RuntimeException when the image cannot be resolved; the planner reports it naming the
     *                          {@code FROM} line and the image
     */
    Optional<ImageConfig> config(ImageReference image, Optional<Platform> platform);

    /** Knows no image: every base image stays unresolved. */
    static BaseImageResolver none() {
        return (image, platform) -> Optional.empty();
    }

    /**
     * Knows only {@code ONBUILD} triggers: {@code onBuildOf} gives the trigger expressions of an image
     * ({@code Config.OnBuild}), an empty list for an image without triggers.
     */
    static BaseImageResolver onBuild(Function<ImageReference, List<String>> onBuildOf) {
        Objects.requireNonNull(onBuildOf, "onBuildOf");
        return (image, platform) -> Optional.of(configWith(ContainerConfig.empty().withOnBuild(onBuildOf.apply(image))));
    }

    /**
     * Knows the images in {@code configs}, whatever the platform (a build for one platform resolves each
     * reference once); others stay unresolved.
     */
    static BaseImageResolver of(Map<ImageReference, ImageConfig> configs) {
        Map<ImageReference, ImageConfig> copy = Map.copyOf(configs);
        return (image, platform) -> Optional.ofNullable(copy.get(image));
    }

    /** An image config with no platform, layers or history around {@code config}. */
    static ImageConfig configWith(ContainerConfig config) {
        return new ImageConfig(null, "", "", "", "", List.of(), "", config, null, List.of(), null);
    }
}
