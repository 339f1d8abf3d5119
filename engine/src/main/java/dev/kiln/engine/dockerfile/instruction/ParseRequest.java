package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.dockerfile.parser.Node;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;

/**
 * What the per-family parsers get for one node: BuildKit's {@code parseRequest}.
 *
 * <p>Not thread-safe (the flags are parsed in place); one per node, package-private.
 *
 * @param node     the node
 * @param args     the node's arguments as BuildKit's {@code nodeArgs} flattens them
 * @param flags    the node's flags, to be declared and parsed by the instruction's parser
 * @param location the node's lines
 * @param original the node's text, trimmed
 */
record ParseRequest(Node node, List<String> args, BuilderFlags flags, SourceRange location, String original) {

    static ParseRequest of(Node node) {
        return new ParseRequest(node, node.arguments(), new BuilderFlags(node.flags()), node.location(),
                GoText.trimSpace(node.original()));
    }

    /** The keyword as written, for messages. */
    String command() {
        return node.writtenKeyword();
    }

    /** Whether the arguments are a JSON array. */
    boolean json() {
        return node.json();
    }

    static InvalidInstruction atLeastOneArgument(String command) {
        return new InvalidInstruction(command + " requires at least one argument");
    }

    static InvalidInstruction exactlyOneArgument(String command) {
        return new InvalidInstruction(command + " requires exactly one argument");
    }
}
