package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.instruction.InstructionParser;
import dev.kiln.engine.dockerfile.instruction.Onbuild;
import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import dev.kiln.engine.dockerfile.parser.DockerfileParser;
import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.dockerfile.parser.SyntaxTree;
import dev.kiln.engine.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ONBUILD} triggers a stage runs right after its {@code FROM} (BuildKit's
 * {@code initOnBuildTriggers}): those in the base image's {@code Config.OnBuild}, or for a stage based on
 * another stage, that stage's own {@code ONBUILD} instructions.
 *
 * <p>Stateless; package-private. Each trigger of an image is parsed on its own, as a one-instruction
 * Dockerfile named {@code <image> ONBUILD} so that parse errors name it; errors are reported at the
 * {@code FROM} line that applied the trigger, as BuildKit does.
 */
final class OnbuildTriggers {

    /** A trigger and the base it comes from. */
    record Trigger(Instruction instruction, Source of) {
    }

    private OnbuildTriggers() {
    }

    /**
     * Parses the trigger expressions of image {@code image} that {@code from} is based on.
     *
     * @throws PlanException at {@code from}, naming the image, when a trigger does not parse
     */
    static List<Trigger> ofImage(ImageReference image, List<String> expressions, From from) {
        List<Trigger> out = new ArrayList<>(expressions.size());
        String fileName = image.familiar() + " ONBUILD";
        for (String expression : expressions) {
            try {
                SyntaxTree tree = DockerfileParser.parse(fileName, expression.getBytes(StandardCharsets.UTF_8));
                if (tree.nodes().size() != 1) {
                    throw fail(from, fileName + ": onbuild trigger should be a single expression: "
                            + GoText.quote(expression));
                }
                Instruction trigger = InstructionParser.parse(tree.nodes().getFirst());
                checkAllowed(trigger, from, fileName);
                out.add(new Trigger(trigger, new Source.Image(image)));
            } catch (DockerfileParseException e) {
                throw fail(from, e.getMessage());
            }
        }
        return out;
    }

    /**
     * The {@code ONBUILD} instructions of the stage {@code base} (its instructions {@code instructions}),
     * parsed as triggers for {@code from}.
     *
     * @throws PlanException at {@code from} when a trigger does not parse
     */
    static List<Trigger> ofStage(int base, List<Instruction> instructions, From from) {
        List<Trigger> out = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction instanceof Onbuild onbuild) {
                try {
                    out.add(new Trigger(onbuild.trigger(), new Source.Stage(base)));
                } catch (DockerfileParseException e) {
                    throw fail(from, e.getMessage());
                }
            }
        }
        return out;
    }

    /**
     * A {@code FROM} cannot run inside a stage (BuildKit: {@code *instructions.Stage is not a command type}).
     * Other keywords a Dockerfile may not use as trigger ({@code ONBUILD}, {@code MAINTAINER}) run if an image
     * config holds them, as in BuildKit.
     */
    private static void checkAllowed(Instruction trigger, From from, String fileName) {
        if (trigger instanceof From) {
            throw fail(from, fileName + ":1: FROM isn't allowed as an ONBUILD trigger");
        }
    }

    private static PlanException fail(From from, String cause) {
        return new PlanException(from.location(), "apply ONBUILD triggers: " + cause);
    }
}
