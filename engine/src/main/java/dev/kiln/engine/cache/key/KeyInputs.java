package dev.kiln.engine.cache.key;

import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the keys of a plan depend on besides the plan: the context's files, the digests of the images the
 * build reads, the build options that change layer bytes, and which steps are cached at all.
 *
 * <p>Immutable (the functions should be too). The functions are called on the thread of
 * {@link PlanKeys#compute}, at most once per stage or reference; they should answer from what the build has
 * already resolved (the build fetches every image of {@code Plan.images()} before it computes keys) and throw
 * when they cannot, which fails the computation.
 *
 * @param context     the build context, with its {@code .dockerignore}
 * @param baseDigest  the manifest digest of a built stage's {@code FROM} image ({@code Source.Image} base),
 *                    for the stage's platform
 * @param imageDigest the manifest digest of an image read by {@code COPY --from} or {@code RUN --mount from=},
 *                    for the reading stage's {@code FROM --platform} (empty: the build's platform)
 * @param salt        the build options that change layer bytes, e.g. {@code reproducible=true compression=gzip};
 *                    part of every key, so builds with other options never share entries
 * @param options     the cache options ({@code runLayers}, {@code copyLayers} decide which steps are looked up)
 */
public record KeyInputs(LocalContext context, Function<BuildStage, Digest> baseDigest,
        BiFunction<ImageReference, Optional<Platform>, Digest> imageDigest, String salt, CacheOptions options) {

    /** Rejects nulls. */
    public KeyInputs {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(baseDigest, "baseDigest");
        Objects.requireNonNull(imageDigest, "imageDigest");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(options, "options");
    }
}
