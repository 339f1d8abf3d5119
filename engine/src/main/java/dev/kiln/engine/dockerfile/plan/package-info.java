/**
 * The third pass of Kiln's Dockerfile frontend: a parsed {@link dev.kiln.engine.dockerfile.instruction.Dockerfile}
 * and the build's options to a {@link dev.kiln.engine.dockerfile.plan.Plan} of stages and steps, as BuildKit's
 * {@code frontend/dockerfile/dockerfile2llb} does before it emits anything (stage grouping, name resolution,
 * {@code FROM} expansion with the global ARGs, the dependency graph, target selection, {@code ONBUILD}
 * triggers, ARG/ENV scoping).
 *
 * <p>Design: {@link dev.kiln.engine.dockerfile.plan.Planner#plan} is a pure function (no I/O, no clock, no
 * threads) that returns an immutable plan or throws a {@link dev.kiln.engine.dockerfile.plan.PlanException}
 * ({@code <file>:<line>: <reason>}, BuildKit's reasons). What it needs to know about base images comes from a
 * synchronous {@link dev.kiln.engine.dockerfile.plan.BaseImageResolver}: the build engine plans once, fetches
 * the configs of {@link dev.kiln.engine.dockerfile.plan.Plan#unresolvedBaseImages()} asynchronously and
 * plans again (planning a 100-line Dockerfile takes tens of microseconds). The plan describes every stage
 * ({@link dev.kiln.engine.dockerfile.plan.BuildStage}: base, platform, references) but only built stages have
 * {@link dev.kiln.engine.dockerfile.plan.Step}s, each carrying the {@link dev.kiln.engine.dockerfile.plan.Scope}
 * (variables) before it, so the engine can dispatch instruction by instruction, on several threads for the
 * independent stages of one {@link dev.kiln.engine.dockerfile.plan.Plan#levels() level}. Work is split by pass:
 * {@code StageGrouping}, {@code FromLine}, {@code StageTable} (name resolution), {@code StageGraph} (cycles,
 * closure, levels), {@code OnbuildTriggers}, {@code StageWalker} (scopes), {@code PlanDump}.
 *
 * <p>BuildKit rules kept on purpose (checked against {@code dockerfile2llb/convert.go}):
 * <ul>
 *   <li>{@code FROM} sees earlier stages only, by their exact (lower-case) name; there is no index, so
 *       {@code FROM 0} is the image {@code docker.io/library/0}, and a later stage's name is an image name.
 *       {@code COPY --from} takes a name in any case, an index ({@code strconv.Atoi}) or an image;
 *       {@code RUN --mount=from=} a name or an image (no index). An unknown name that parses as a reference
 *       is an image; one that does not is {@code failed to parse stage name "x"}, even in unused stages.</li>
 *   <li>Cycles of references are rejected for all stages ({@code circular dependency detected on stage});
 *       a reference to a later stage only when the referring stage is built
 *       ({@code cannot copy from stage "x", it needs to be defined before current stage "y"}).</li>
 *   <li>The automatic ARGs are the platform ARGs and {@code TARGETSTAGE}; a stage without a {@code PATH}
 *       from its base gets BuildKit's default one (not on Windows).</li>
 *   <li>{@code ONBUILD} triggers of the base run first; they may add dependencies, so selection repeats
 *       until it is stable. A trigger's problems are reported at the {@code FROM} line.</li>
 * </ul>
 * A duplicate stage name is BuildKit's {@code DuplicateStageName} warning and the last definition wins, as in
 * BuildKit. Deliberate differences: cycle messages list the whole cycle; with {@link dev.kiln.engine.dockerfile.plan.StageSelection#ALL_UP_TO_TARGET}
 * (kaniko's default) unreachable stages also get their triggers; named build contexts
 * ({@code --build-context}) and {@code BUILDOSVERSION}/{@code TARGETOSVERSION} are not supported yet.
 *
 * <p>This package depends on {@code dev.kiln.engine.dockerfile.parser}, {@code .instruction}, {@code .shell},
 * {@code dev.kiln.engine.oci}, {@code dev.kiln.engine.reference} and the JDK.
 */
package dev.kiln.engine.dockerfile.plan;
