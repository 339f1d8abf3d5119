package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.Suggest;

import dev.kiln.engine.dockerfile.instruction.Arg;
import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.parser.GoText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The flat instruction list cut into stages at each {@code FROM}, as BuildKit's {@code instructions.Parse}
 * does: ARGs before the first {@code FROM} are global, anything else there is an error.
 *
 * <p>Immutable after construction; package-private.
 *
 * @param globalArgs the ARGs before the first {@code FROM}
 * @param stages     the stages in file order, at least one
 */
record StageGrouping(List<Arg> globalArgs, List<RawStage> stages, List<String> warnings) {

    static final String DUPLICATE_STAGE_NAME = "DuplicateStageName";

    /**
     * A stage before planning.
     *
     * @param index        the position among the stages
     * @param from         its {@code FROM}
     * @param instructions the instructions after the {@code FROM}
     */
    record RawStage(int index, From from, List<Instruction> instructions) {
        String displayName() {
            return from.stageName().orElse("stage-" + index);
        }
    }

    /**
     * Groups the instructions of {@code dockerfile}.
     *
     * @throws PlanException BuildKit's {@code no build stage in current context} for an instruction other than
     *                       ARG before the first {@code FROM}, {@code dockerfile contains no stages to build}
     *                       for a file of ARGs only. A duplicate stage name is BuildKit's
     *                       {@code DuplicateStageName} warning (the last definition wins, as BuildKit's lookup does)
     */
    static StageGrouping of(Dockerfile dockerfile) {
        List<Arg> globals = new ArrayList<>();
        List<RawStage> stages = new ArrayList<>();
        List<Instruction> current = null;
        From currentFrom = null;
        Map<String, From> byName = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Instruction instruction : dockerfile.instructions()) {
            if (instruction instanceof From from) {
                if (currentFrom != null) {
                    stages.add(new RawStage(stages.size(), currentFrom, current));
                }
                from.stageName().ifPresent(name -> {
                    From earlier = byName.put(name, from);
                    if (earlier != null && dockerfile.checks().enabled(DUPLICATE_STAGE_NAME)) {
                        // BuildKit builds it: the check only warns, and references resolve to the last stage
                        // of that name (https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/).
                        warnings.add(from.location().file() + ":" + from.location().startLine() + ": "
                                + DUPLICATE_STAGE_NAME + ": Duplicate stage name " + GoText.quote(name)
                                + ", stage names should be unique (also on line " + earlier.location().startLine() + ")");
                    }
                });
                currentFrom = from;
                current = new ArrayList<>();
            } else if (currentFrom == null) {
                if (!(instruction instanceof Arg arg)) {
                    throw new PlanException(instruction.location(), "no build stage in current context");
                }
                globals.add(arg);
            } else {
                current.add(instruction);
            }
        }
        if (currentFrom == null) {
            throw PlanException.ofFile(dockerfile.fileName(), "dockerfile contains no stages to build");
        }
        stages.add(new RawStage(stages.size(), currentFrom, current));
        return new StageGrouping(List.copyOf(globals), List.copyOf(stages), List.copyOf(warnings));
    }

    /**
     * The index of the {@code --target} stage (matched case-insensitively, as BuildKit), or of the last stage.
     *
     * @throws PlanException {@code target stage "x" could not be found}, with a suggestion when a name is close
     */
    int target(Optional<String> target, String fileName) {
        if (target.isEmpty()) {
            return stages.size() - 1;
        }
        String wanted = target.get().toLowerCase(Locale.ROOT);
        for (RawStage s : stages) {
            if (s.from().stageName().filter(wanted::equals).isPresent()) {
                return s.index();
            }
        }
        List<String> names = stages.stream().map(RawStage::displayName).toList();
        throw PlanException.ofFile(fileName, Suggest.wrap("target stage " + GoText.quote(target.get())
                + " could not be found", target.get(), names, true));
    }
}
