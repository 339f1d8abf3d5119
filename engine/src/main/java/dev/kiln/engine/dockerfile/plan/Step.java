package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.shell.BuildArgs;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction of a built stage, ready to dispatch: the instruction, the variables to expand it with,
 * where its files come from.
 *
 * <p>Immutable. Steps are the stage's instructions after its {@code FROM}, preceded by the {@code ONBUILD}
 * triggers of the base (BuildKit runs them right after the {@code FROM}, in the order the base recorded
 * them).
 *
 * @param instruction  the instruction; for a trigger, the trigger parsed on its own
 * @param location     where to report problems with it: the instruction's lines, or for a trigger the
 *                     {@code FROM} line that brought it in (as BuildKit does)
 * @param onbuildOf    for a trigger, the base it comes from ({@link Source.Image} or {@link Source.Stage})
 * @param scope        the variables before the instruction
 * @param sources      where the files come from: for {@code COPY} and {@code ADD} one source ({@link
 *                     Source.Context} without {@code --from}); for {@code RUN} one per mount, aligned with
 *                     {@code mounts} ({@link Source.Context} for a bind mount without {@code from=},
 *                     {@link Source.Scratch} for other mounts without it); empty for other instructions
 * @param mounts       for {@code RUN}, the mounts typed and expanded with {@code scope}
 * @param declaredArgs for {@code ARG}, each name with the value it resolved to (for the history entry)
 */
public record Step(Instruction instruction, SourceRange location, Optional<Source> onbuildOf, Scope scope,
        List<Source> sources, List<RunMount> mounts, List<BuildArgs.Declared> declaredArgs) {

    /** Copies the lists and rejects nulls. */
    public Step {
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(onbuildOf, "onbuildOf");
        Objects.requireNonNull(scope, "scope");
        sources = List.copyOf(sources);
        mounts = List.copyOf(mounts);
        declaredArgs = List.copyOf(declaredArgs);
    }

    /** Whether this is an {@code ONBUILD} trigger of the base rather than an instruction of the Dockerfile. */
    public boolean isTrigger() {
        return onbuildOf.isPresent();
    }
}
