package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.shell.PlatformArgs;
import dev.kiln.engine.oci.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The inputs of a build that decide its plan besides the Dockerfile: {@code --build-arg}s, {@code --target},
 * the platforms, which stages to build and what is known about base images.
 *
 * <p>Immutable; the {@code with...} methods return changed copies.
 *
 * @param buildArgs  the {@code --build-arg} values, in the order given
 * @param target     the {@code --target} stage name (matched case-insensitively), or empty for the last stage
 * @param platform   the values of the automatic platform ARGs ({@code TARGETPLATFORM}, {@code BUILDARCH}...)
 * @param selection  which stages to build besides those the target needs
 * @param baseImages the configs of base images, for their environment and {@code ONBUILD} triggers
 */
public record PlanOptions(Map<String, String> buildArgs, Optional<String> target, PlatformArgs platform,
        StageSelection selection, BaseImageResolver baseImages) {

    /** Copies the map, keeping its order, and rejects nulls. */
    public PlanOptions {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNull(buildArgs, "buildArgs").forEach((k, v) ->
                copy.put(Objects.requireNonNull(k, "build arg name"), Objects.requireNonNull(v, "build arg " + k)));
        buildArgs = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(baseImages, "baseImages");
    }

    /** No build arguments, the last stage as target, only the stages it needs, no base image known. */
    public static PlanOptions of(PlatformArgs platform) {
        return new PlanOptions(Map.of(), Optional.empty(), platform, StageSelection.NEEDED, BaseImageResolver.none());
    }

    /** As {@link #of(PlatformArgs)}, building on {@code build} for {@code target}. */
    public static PlanOptions of(Platform target, Platform build) {
        return of(platformArgs(target, build));
    }

    /**
     * The automatic platform ARGs for these platforms as BuildKit computes them: normalised as containerd's
     * {@code platforms.Parse} does ({@code linux/arm64/v8} is {@code linux/arm64}, {@code linux/arm} is
     * {@code linux/arm/v7}), then formatted {@code os/arch[/variant]} ({@code platforms.Format}), the target
     * platform with its OS version, if any ({@code FormatAll}).
     */
    public static PlatformArgs platformArgs(Platform targetPlatform, Platform buildPlatformGiven) {
        Platform target = targetPlatform.normalized();
        Platform build = buildPlatformGiven.normalized();
        String buildPlatform = build.os() + "/" + build.architecture()
                + (build.variant().isEmpty() ? "" : "/" + build.variant());
        return new PlatformArgs(target.toString(), target.os(), target.architecture(), target.variant(),
                buildPlatform, build.os(), build.architecture(), build.variant());
    }

    /** These options with other build arguments. */
    public PlanOptions withBuildArgs(Map<String, String> newBuildArgs) {
        return new PlanOptions(newBuildArgs, target, platform, selection, baseImages);
    }

    /** These options with {@code --target name}. */
    public PlanOptions withTarget(String name) {
        return new PlanOptions(buildArgs, Optional.of(name), platform, selection, baseImages);
    }

    /** These options with another stage selection. */
    public PlanOptions withSelection(StageSelection newSelection) {
        return new PlanOptions(buildArgs, target, platform, newSelection, baseImages);
    }

    /** These options with another base image resolver. */
    public PlanOptions withBaseImages(BaseImageResolver resolver) {
        return new PlanOptions(buildArgs, target, platform, selection, resolver);
    }
}
