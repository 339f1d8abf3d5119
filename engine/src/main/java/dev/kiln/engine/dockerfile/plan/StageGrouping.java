package dev.kiln.engine.dockerfile.plan;

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
record StageGrouping(List<Arg> globalArgs, List<RawStage> stages) {

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
     *                       for a file of ARGs only, or a duplicate stage name naming both lines
     */
    static StageGrouping of(Dockerfile dockerfile) {
        List<Arg> globals = new ArrayList<>();
        List<RawStage> stages = new ArrayList<>();
        List<Instruction> current = null;
        From currentFrom = null;
        Map<String, From> byName = new HashMap<>();
        for (Instruction instruction : dockerfile.instructions()) {
            if (instruction instanceof From from) {
                if (currentFrom != null) {
                    stages.add(new RawStage(stages.size(), currentFrom, current));
                }
                from.stageName().ifPresent(name -> {
                    From earlier = byName.putIfAbsent(name, from);
                    if (earlier != null) {
                        // BuildKit only warns (DuplicateStageName) and lets later references see the last
                        // definition; Kiln refuses the ambiguity.
                        throw new PlanException(from.location(), "duplicate stage name " + GoText.quote(name)
                                + ", already defined on line " + earlier.location().startLine()
                                + ": stage names must be unique");
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
        return new StageGrouping(List.copyOf(globals), List.copyOf(stages));
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
        throw PlanException.ofFile(fileName, Suggestions.wrap("target stage " + GoText.quote(target.get())
                + " could not be found", target.get(), names, true));
    }
}
