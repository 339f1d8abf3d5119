package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.shell.BuildArgs;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.reference.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build of a Dockerfile will do: its stages, which of them run and in what order, and for each
 * built stage the steps with the variables to expand them with.
 *
 * <p>Immutable and thread-safe. Made by {@link Planner#plan}. The build engine walks {@link #levels()}:
 * the stages of one level depend only on stages of earlier levels, so they can run in parallel; within a
 * stage it dispatches {@link BuildStage#steps()} one by one. Stage indices are positions in
 * {@link #stages()}, which lists every stage of the file.
 *
 * @param dockerfile  the parsed Dockerfile
 * @param globalArgs  the ARGs before the first {@code FROM}, with the values they resolved to
 * @param globalEnv   the variables {@code FROM} lines were expanded with: the global ARGs and the automatic
 *                    platform ARGs and {@code TARGETSTAGE}
 * @param stages      every stage, in file order
 * @param targetIndex the index of the target stage
 * @param selection   how the built stages were chosen
 * @param levels      the built stages as levels of a topological order: each stage comes after every stage
 *                    it depends on; within a level, ascending indices
 * @param runProxyEnv the proxy variables every {@code RUN} gets on top of its scope (not in the history)
 * @param warnings    problems that do not stop the build, e.g. build arguments no ARG declared
 */
public record Plan(Dockerfile dockerfile, List<BuildArgs.Declared> globalArgs, Env globalEnv,
        List<BuildStage> stages, int targetIndex, StageSelection selection, List<List<Integer>> levels,
        Env runProxyEnv, List<String> warnings) {

    /** Copies the lists and checks the indices. */
    public Plan {
        Objects.requireNonNull(dockerfile, "dockerfile");
        globalArgs = List.copyOf(globalArgs);
        Objects.requireNonNull(globalEnv, "globalEnv");
        stages = List.copyOf(stages);
        if (targetIndex < 0 || targetIndex >= stages.size()) {
            throw new IllegalArgumentException("target index " + targetIndex + " out of " + stages.size() + " stages");
        }
        Objects.requireNonNull(selection, "selection");
        levels = levels.stream().map(List::copyOf).toList();
        Objects.requireNonNull(runProxyEnv, "runProxyEnv");
        warnings = List.copyOf(warnings);
    }

    /** The stage the build produces. */
    public BuildStage target() {
        return stages.get(targetIndex);
    }

    /** The stage named {@code name} (case-insensitive), if any. */
    public Optional<BuildStage> stage(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name().filter(wanted::equals).isPresent()).findFirst();
    }

    /** The built stages in a valid build order (levels flattened). */
    public List<BuildStage> buildOrder() {
        List<BuildStage> out = new ArrayList<>();
        for (List<Integer> level : levels) {
            for (int i : level) {
                out.add(stages.get(i));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The images the built stages read: their bases and their {@code COPY --from} and mount sources, each
     * once, in build order.
     */
    public List<ImageReference> images() {
        LinkedHashSet<ImageReference> out = new LinkedHashSet<>();
        for (BuildStage s : buildOrder()) {
            if (s.base() instanceof Source.Image i) {
                out.add(i.reference());
            }
            for (Reference r : s.references()) {
                if (r.source() instanceof Source.Image i) {
                    out.add(i.reference());
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The built stages whose base image the resolver did not know: plan again once their configs are
     * fetched, or their steps lack the image's variables and {@code ONBUILD} triggers.
     */
    public List<BuildStage> unresolvedBaseImages() {
        return buildOrder().stream()
                .filter(s -> s.base() instanceof Source.Image && s.baseConfig().isEmpty())
                .toList();
    }

    /**
     * A readable, stable description of the plan, for golden tests and {@code --dry-run} style output.
     * It includes the values of ARGs and ENVs: do not log it where build arguments may be secrets.
     */
    public String dump() {
        return PlanDump.dump(this);
    }
}
