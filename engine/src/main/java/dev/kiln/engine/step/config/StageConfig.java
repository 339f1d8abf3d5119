package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.plan.Scope;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The image config of a stage so far, and whether {@code CMD} was set in this stage: the state
 * {@link ConfigSteps#apply} folds the stage's steps through.
 *
 * <p>Immutable. {@code cmdSet} exists for BuildKit's rule that {@code ENTRYPOINT} clears an inherited
 * {@code Cmd} unless a {@code CMD} came earlier in the same stage (its {@code dispatchState.cmd} tracker).
 *
 * @param config the image config so far
 * @param cmdSet whether a {@code CMD} (or an {@code ONBUILD} trigger's CMD) was applied in this stage
 */
public record StageConfig(ImageConfig config, boolean cmdSet) {

    public StageConfig {
        Objects.requireNonNull(config, "config");
    }

    /**
     * A new stage's starting config, as BuildKit prepares {@code dispatchState.image}:
     * <ul>
     *   <li>from an image or an earlier stage: its config with {@code OnBuild} cleared (this build consumes
     *       the triggers), {@code created} cleared (set when the image is written) and the fields BuildKit's
     *       typed config does not know dropped (Docker's {@code container_config}, {@code Hostname}...);
     *       history, rootfs, author and the other settings kept; a relative {@code WorkingDir} is
     *       normalised as BuildKit's re-dispatch of it does; a config without os or architecture gets
     *       {@code platform}'s;</li>
     *   <li>from scratch: {@link ImageConfig#of(Platform)} with {@code WorkingDir} {@code /}, as BuildKit's
     *       {@code emptyImage}.</li>
     * </ul>
     * In both cases {@code Env} is {@code firstScope.imageEnv()}: the planner already merged the base's
     * variables with the default {@code PATH}.
     *
     * @param base       the base image's or base stage's config; empty for {@code FROM scratch}
     * @param platform   the stage's platform, used for scratch
     * @param firstScope the scope of the stage's first step, or its exit scope when it has no steps
     */
    public static StageConfig initial(Optional<ImageConfig> base, Platform platform, Scope firstScope) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(firstScope, "firstScope");
        ImageConfig image;
        ContainerConfig config;
        if (base.isPresent()) {
            image = base.get().withExtra(null).withCreated(null);
            if (image.os().isEmpty() || image.architecture().isEmpty()) {
                image = image.withPlatform(platform);
            }
            config = image.config().withExtra(null).withOnBuild(List.of());
            if (!config.workingDir().isEmpty()) {
                // BuildKit re-dispatches the inherited WORKDIR against itself: only a relative one changes
                config = config.withWorkingDir(Words.normalizeWorkdir(config.workingDir(), config.workingDir()));
            }
        } else {
            image = ImageConfig.of(platform);
            config = ContainerConfig.empty().withWorkingDir("/");
        }
        config = config.withEnv(firstScope.imageEnv().toList());
        return new StageConfig(image.withConfig(config), false);
    }
}
