package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import dev.kiln.engine.dockerfile.parser.Node;
import java.util.Objects;

/**
 * Turns one parsed {@link Node} into a typed {@link Instruction}, as BuildKit's
 * {@code instructions.ParseInstruction} does: arguments counted, flags checked, values that need no
 * expansion validated.
 *
 * <p>Stateless and thread-safe. Each instruction family has its own package-private parser class
 * ({@code StageParsers}, {@code CommandParsers}, {@code FileParsers}, {@code MetadataParsers}); this class is
 * only the dispatch table.
 */
public final class InstructionParser {

    private InstructionParser() {
    }

    /**
     * Parses one node.
     *
     * @throws DockerfileParseException naming the node's file and lines, e.g.
     *                                  {@code Dockerfile:3: unknown flag: --chmod}
     */
    public static Instruction parse(Node node) {
        Objects.requireNonNull(node, "node");
        ParseRequest req = ParseRequest.of(node);
        try {
            return switch (node.keyword()) {
                case "add" -> FileParsers.add(req);
                case "arg" -> MetadataParsers.arg(req);
                case "cmd" -> CommandParsers.cmd(req);
                case "copy" -> FileParsers.copy(req);
                case "entrypoint" -> CommandParsers.entrypoint(req);
                case "env" -> MetadataParsers.env(req);
                case "expose" -> MetadataParsers.expose(req);
                case "from" -> StageParsers.from(req);
                case "healthcheck" -> CommandParsers.healthcheck(req);
                case "label" -> MetadataParsers.label(req);
                case "maintainer" -> MetadataParsers.maintainer(req);
                case "onbuild" -> StageParsers.onbuild(req);
                case "run" -> CommandParsers.run(req);
                case "shell" -> CommandParsers.shell(req);
                case "stopsignal" -> MetadataParsers.stopSignal(req);
                case "user" -> MetadataParsers.user(req);
                case "volume" -> MetadataParsers.volume(req);
                case "workdir" -> MetadataParsers.workdir(req);
                default -> throw new InvalidInstruction(Suggest.wrap("unknown instruction: " + node.writtenKeyword(),
                        node.writtenKeyword(), Suggest.INSTRUCTIONS, false));
            };
        } catch (InvalidInstruction e) {
            throw new DockerfileParseException(node.location(), e.getMessage());
        }
    }
}
