package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.Node;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code ONBUILD instruction}: a trigger stored in the image config and run when another build uses this
 * image as its base.
 *
 * <p>Immutable. As in BuildKit, only the trigger's keyword is checked now ({@code ONBUILD}, {@code FROM} and
 * {@code MAINTAINER} are refused): the trigger is stored as text ({@link #expression()}) and fully parsed by
 * the downstream build, so a trigger with, say, an unknown flag does not fail this build. {@link #trigger()}
 * parses it on demand.
 *
 * @param location    where it is in the Dockerfile
 * @param original    the instruction's text
 * @param expression  the trigger's text as stored in the image config: the line without {@code ONBUILD},
 *                    followed by any heredoc bodies and their delimiters
 * @param triggerNode the trigger as parsed, with this instruction's location and heredocs
 */
public record Onbuild(SourceRange location, String original, String expression, Node triggerNode)
        implements Instruction {

    public Onbuild {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(triggerNode, "triggerNode");
    }

    /**
     * The trigger as an instruction.
     *
     * @throws dev.kiln.engine.dockerfile.parser.DockerfileParseException when the trigger is invalid
     */
    public Instruction trigger() {
        return InstructionParser.parse(triggerNode);
    }
}
