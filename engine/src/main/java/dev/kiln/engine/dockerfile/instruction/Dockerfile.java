package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.Directive;
import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import dev.kiln.engine.dockerfile.parser.DockerfileParser;
import dev.kiln.engine.dockerfile.parser.Node;
import dev.kiln.engine.dockerfile.parser.ParseWarning;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.parser.SyntaxTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed and checked Dockerfile: its directives, its instructions in file order, and the build-check
 * warnings BuildKit would print for it.
 *
 * <p>Immutable. This is the frontend's entry point: {@link #parse} runs the parser and the instruction
 * pass and rejects, with a {@link DockerfileParseException} naming file and line, every file BuildKit's
 * {@code dockerfile:1} frontend rejects while parsing. Grouping the instructions into stages (and the
 * "no build stage in current context" and "dockerfile contains no stages to build" errors) is left to the
 * planning pass, which also needs the build arguments.
 *
 * @param fileName     the name used in locations and messages
 * @param directives   the parser directives in file order
 * @param escapeToken  the escape character, {@code \} unless {@code # escape=`}
 * @param checks       the {@code # check=} options, or {@link CheckOptions#DEFAULT}
 * @param instructions the instructions in file order, at least one
 * @param warnings     the build-check warnings that are not skipped
 */
public record Dockerfile(String fileName, List<Directive> directives, char escapeToken, CheckOptions checks,
        List<Instruction> instructions, List<ParseWarning> warnings) {

    public Dockerfile {
        Objects.requireNonNull(fileName, "fileName");
        directives = List.copyOf(directives);
        Objects.requireNonNull(checks, "checks");
        instructions = List.copyOf(instructions);
        warnings = List.copyOf(warnings);
    }

    /**
     * Parses and checks a Dockerfile.
     *
     * @param fileName the name to report, e.g. {@code Dockerfile}
     * @param content  the file's bytes (UTF-8)
     * @throws DockerfileParseException {@code <file>:<line>: <reason>} for the first problem found
     */
    public static Dockerfile parse(String fileName, byte[] content) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        // BuildKit reads the check options before it parses, from its own scan of the top lines
        CheckOptions checks = CheckOptions.DEFAULT;
        Optional<Directive> check = DockerfileParser.scanDirectives(content).stream()
                .filter(d -> d.name().equals(Directive.CHECK)).findFirst();
        if (check.isPresent()) {
            try {
                checks = CheckOptions.parse(check.get().value());
            } catch (IllegalArgumentException e) {
                throw new DockerfileParseException(SourceRange.line(fileName, check.get().line()),
                        "failed to parse check options: " + e.getMessage());
            }
        }
        SyntaxTree tree = DockerfileParser.parse(fileName, content);
        List<Instruction> instructions = new ArrayList<>(tree.nodes().size());
        for (Node node : tree.nodes()) {
            instructions.add(InstructionParser.parse(node));
        }
        List<ParseWarning> warnings = new ArrayList<>();
        for (ParseWarning w : tree.warnings()) {
            if (checks.enabled(w.rule())) {
                warnings.add(w);
            }
        }
        warnings.addAll(new BuildChecks(checks).run(tree.nodes(), instructions));
        return new Dockerfile(fileName, tree.directives(), tree.escapeToken(), checks, instructions, warnings);
    }

    /** The {@code # syntax=} value, e.g. {@code docker/dockerfile:1}, if given. */
    public Optional<String> syntax() {
        return directives.stream().filter(d -> d.name().equals(Directive.SYNTAX)).map(Directive::value).findFirst();
    }
}
