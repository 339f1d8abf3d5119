package dev.kiln.engine.dockerfile.parser;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed Dockerfile: its instructions as untyped {@link Node}s in file order, its parser directives, the
 * escape character in effect and the warnings found while reading.
 *
 * <p>Immutable. This is BuildKit's {@code parser.Result}; nothing in it is expanded or validated beyond
 * what BuildKit's parser checks.
 *
 * @param fileName    the name the file was parsed under, used in every location
 * @param nodes       the instructions, at least one
 * @param directives  the parser directives, in file order
 * @param escapeToken the escape character: {@code \} unless {@code # escape=`}
 * @param warnings    problems that do not stop the build (empty continuation lines)
 */
public record SyntaxTree(String fileName, List<Node> nodes, List<Directive> directives, char escapeToken,
        List<ParseWarning> warnings) {

    public SyntaxTree {
        Objects.requireNonNull(fileName, "fileName");
        nodes = List.copyOf(nodes);
        directives = List.copyOf(directives);
        warnings = List.copyOf(warnings);
    }

    /** The directive with this (lower-case) name, if the file has it. */
    public Optional<Directive> directive(String name) {
        return directives.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The whole tree in BuildKit's {@code Node.Dump} format, one {@code (instruction ...)} per line. */
    public String toSexp() {
        return nodes.stream().map(n -> "(" + n.toSexp() + ")").collect(Collectors.joining("\n"));
    }
}
