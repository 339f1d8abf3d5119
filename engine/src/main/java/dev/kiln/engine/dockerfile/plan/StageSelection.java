package dev.kiln.engine.dockerfile.plan;

/**
 * Which stages a build runs besides the target.
 *
 * <p>Immutable (an enum). BuildKit builds only what the target needs; kaniko builds every stage up to the
 * target unless it is given {@code --skip-unused-stages}, and some Dockerfiles rely on the side effects of
 * that (a stage that only warms a cache mount, a {@code RUN} that must fail the build). Stages after the
 * target are never built.
 */
public enum StageSelection {
    /** The target and the stages it depends on, transitively (BuildKit; kaniko's {@code --skip-unused-stages}). */
    NEEDED,
    /** Every stage from the first to the target, plus anything they depend on (kaniko's default). */
    ALL_UP_TO_TARGET
}
