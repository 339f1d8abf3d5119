package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One stage of a Dockerfile: a {@code FROM} and the instructions up to the next one, with its base and its
 * references resolved and, when the build runs it, its steps.
 *
 * <p>Immutable. Every stage of the file is described (BuildKit checks the {@code FROM} and the
 * {@code --from} references of unused stages too); only built stages have {@link #steps()}, because their
 * variables depend on build arguments and base images that unused stages must not consume.
 *
 * @param index        the position among the stages, from 0 (what {@code COPY --from=0} means)
 * @param name         the {@code AS} name, lower-cased
 * @param from         the {@code FROM} instruction
 * @param baseName     the {@code FROM} image expanded with the global ARGs, e.g. {@code golang:1.22}
 * @param base         what the stage starts from: an earlier stage, an image or scratch
 * @param platform     the {@code --platform} value, expanded and parsed
 * @param instructions the stage's instructions after the {@code FROM}, in file order
 * @param references   its {@code COPY --from} and {@code RUN --mount=from=} references, triggers' included
 *                     when the stage is built, in step order
 * @param built        whether the build runs the stage
 * @param baseConfig   for a built stage on an image, the image's config if the resolver knew it
 * @param steps        for a built stage, the triggers of the base and then its instructions; else empty
 * @param exit         for a built stage, the variables after its last step (the result image's {@code Env}
 *                     is {@link Scope#imageEnv()}); else empty
 */
public record BuildStage(int index, Optional<String> name, From from, String baseName, Source base,
        Optional<Platform> platform, List<Instruction> instructions, List<Reference> references, boolean built,
        Optional<ImageConfig> baseConfig, List<Step> steps, Optional<Scope> exit) {

    /** Copies the lists and rejects nulls. */
    public BuildStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(platform, "platform");
        instructions = List.copyOf(instructions);
        references = List.copyOf(references);
        Objects.requireNonNull(baseConfig, "baseConfig");
        steps = List.copyOf(steps);
        Objects.requireNonNull(exit, "exit");
    }

    /** The name, or BuildKit's {@code stage-<index>} for an unnamed stage, as used in messages and logs. */
    public String displayName() {
        return name.orElse("stage-" + index);
    }

    /** The stages this one needs before it can run: its base stage and referenced stages, ascending. */
    public List<Integer> dependsOn() {
        TreeSet<Integer> out = new TreeSet<>();
        if (base instanceof Source.Stage s) {
            out.add(s.index());
        }
        for (Reference r : references) {
            if (r.source() instanceof Source.Stage s) {
                out.add(s.index());
            }
        }
        return List.copyOf(out);
    }
}
