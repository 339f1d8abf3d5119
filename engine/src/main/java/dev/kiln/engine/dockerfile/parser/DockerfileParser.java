package dev.kiln.engine.dockerfile.parser;

import dev.kiln.engine.dockerfile.parser.Node.ParsedArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the bytes of a Dockerfile into a {@link SyntaxTree}, line for line as BuildKit's
 * {@code frontend/dockerfile/parser.Parse} does.
 *
 * <p>Stateless and thread-safe; each call works on its own state. The rules it follows
 * (https://docs.docker.com/reference/dockerfile/ and BuildKit's source):
 * <ul>
 *   <li>a UTF-8 byte-order mark on the first line is dropped; {@code \r\n} endings are trimmed;</li>
 *   <li>parser directives are read from the top until the first line that is not one;</li>
 *   <li>a line whose last non-blank character is the escape character (not itself escaped) continues on
 *       the next line, quotes notwithstanding; comment lines and blank lines inside a continuation are
 *       skipped, the latter with a {@code NoEmptyContinuation} warning;</li>
 *   <li>the first word is the keyword, then {@code --flags}, then arguments parsed per keyword;</li>
 *   <li>{@code RUN}, {@code COPY} and {@code ADD} in shell form (also as {@code ONBUILD} triggers) take
 *       here-documents for every {@code <<WORD} on the line, read from the following lines.</li>
 * </ul>
 * Nothing is expanded and unknown keywords are kept: rejecting them is the instruction layer's job.
 */
public final class DockerfileParser {

    /** {@code ONBUILD ONBUILD ...} deeper than this is refused by the parser already (BuildKit refuses depth 2 later). */
    private static final int MAX_ONBUILD_NESTING = 8;

    private static final String NO_EMPTY_CONTINUATION_URL =
            "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/";

    private DockerfileParser() {
    }

    /**
     * Parses a Dockerfile.
     *
     * @param fileName the name to report in locations and errors, e.g. {@code Dockerfile}
     * @param content  the file's bytes, UTF-8
     * @throws DockerfileParseException when BuildKit's parser would reject the file
     */
    public static SyntaxTree parse(String fileName, byte[] content) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        if (content.length == 0) {
            throw new DockerfileParseException(fileName, 0, 0, "the Dockerfile cannot be empty");
        }
        return new Pass(fileName, content).run();
    }

    /**
     * Reads only the directives at the top of a Dockerfile, as BuildKit's {@code parser.ParseDirective} does
     * before parsing (to configure build checks): a UTF-8 byte-order mark and a {@code #!} first line are
     * skipped, reading stops at the first line that is not a directive or repeats one, and nothing is an error.
     */
    public static List<Directive> scanDirectives(byte[] content) {
        Objects.requireNonNull(content, "content");
        PhysicalLines lines = new PhysicalLines(content);
        DirectiveScanner scanner = new DirectiveScanner("#");
        List<Directive> found = new ArrayList<>();
        int number = 0;
        String raw;
        while ((raw = lines.next()) != null) {
            number++;
            if (number == 1 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            String line = trimNewline(raw);
            if (number == 1 && line.startsWith("#!")) {
                continue;
            }
            DirectiveScanner.Found directive;
            try {
                directive = scanner.next(line);
            } catch (LineParsers.LineException e) {
                break;
            }
            if (directive == null) {
                break;
            }
            found.add(new Directive(directive.name(), directive.value(), number));
        }
        return List.copyOf(found);
    }

    /** The state of one parse. */
    private static final class Pass {
        private final String file;
        private final PhysicalLines lines;
        private final DirectiveScanner directiveScanner = new DirectiveScanner("#");
        private final List<Directive> directives = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<ParseWarning> warnings = new ArrayList<>();
        private List<String> comments = new ArrayList<>();
        private char escape = '\\';
        private int currentLine;

        Pass(String file, byte[] content) {
            this.file = file;
            this.lines = new PhysicalLines(content);
        }

        SyntaxTree run() {
            String raw;
            while ((raw = lines.next()) != null) {
                if (currentLine == 0 && raw.startsWith("\uFEFF")) {
                    raw = raw.substring(1);
                }
                if (isComment(raw)) {
                    // BuildKit drops the first character, then trims: "  # x" is kept as "# x"
                    String comment = GoText.trimSpace(raw.substring(1));
                    if (comment.isEmpty()) {
                        comments = new ArrayList<>();
                    } else {
                        comments.add(comment);
                    }
                }
                String text = processLine(raw, true);
                currentLine++;
                int startLine = currentLine;
                Continuation first = trimContinuation(text);
                if (first.endOfLine() && first.text().isEmpty()) {
                    continue;
                }
                StringBuilder buf = new StringBuilder(first.text());
                boolean endOfLine = first.endOfLine();
                boolean hasEmptyContinuationLine = false;
                while (!endOfLine && (raw = lines.next()) != null) {
                    String more = processLine(raw, false);
                    currentLine++;
                    if (isComment(raw)) {
                        continue;
                    }
                    if (GoText.trimLeadingSpace(more).isEmpty()) {
                        hasEmptyContinuationLine = true;
                        continue;
                    }
                    Continuation next = trimContinuation(more);
                    endOfLine = next.endOfLine();
                    buf.append(next.text());
                }
                String line = buf.toString();
                if (hasEmptyContinuationLine) {
                    warnings.add(new ParseWarning("NoEmptyContinuation", "Empty continuation line",
                            NO_EMPTY_CONTINUATION_URL, new SourceRange(file, startLine, currentLine)));
                }
                Node child = newNode(line, List.copyOf(comments), new SourceRange(file, startLine, currentLine));
                if (child.canContainHeredoc() && line.contains("<<")) {
                    child = child.withHeredocs(readHeredocs(line, startLine));
                }
                nodes.add(child.withLocation(new SourceRange(file, startLine, currentLine)));
                comments = new ArrayList<>();
            }
            if (nodes.isEmpty()) {
                throw new DockerfileParseException(file, currentLine, currentLine, "file with no instructions");
            }
            if (lines.tooLongLine() > 0) {
                throw new DockerfileParseException(file, lines.tooLongLine(), lines.tooLongLine(),
                        "dockerfile line greater than max allowed size of " + PhysicalLines.MAX_LINE_BYTES);
            }
            return new SyntaxTree(file, nodes, directives, escape, warnings);
        }

        /** Trims the newline (and leading blanks), looks for a directive, and blanks out comments. */
        private String processLine(String raw, boolean stripLeadingWhitespace) {
            String token = trimNewline(raw);
            if (stripLeadingWhitespace) {
                token = GoText.trimLeadingSpace(token);
            }
            DirectiveScanner.Found found;
            try {
                found = directiveScanner.next(token);
            } catch (LineParsers.LineException e) {
                throw error(currentLine + 1, currentLine + 1, e.getMessage());
            }
            if (found != null) {
                if (found.name().equals(Directive.ESCAPE)) {
                    if (!found.value().equals("`") && !found.value().equals("\\")) {
                        throw error(currentLine + 1, currentLine + 1, "invalid escape token '" + found.value()
                                + "' does not match ` or \\");
                    }
                    escape = found.value().charAt(0);
                }
                directives.add(new Directive(found.name(), found.value(), currentLine + 1));
                if (!comments.isEmpty()) {
                    comments.removeLast();
                }
            }
            return isComment(token) ? "" : token;
        }

        private record Continuation(String text, boolean endOfLine) {
        }

        /**
         * BuildKit's {@code ([^\\])\\[ \t]*$|^\\[ \t]*$}: an escape character that ends the line (blanks
         * aside) and is not preceded by another escape character joins the next line.
         */
        private Continuation trimContinuation(String line) {
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end == 0 || line.charAt(end - 1) != escape) {
                return new Continuation(line, true);
            }
            int esc = end - 1;
            if (esc > 0 && line.charAt(esc - 1) == escape) {
                return new Continuation(line, true);
            }
            return new Continuation(line.substring(0, esc), false);
        }

        /** BuildKit's {@code newNodeFromLine}, with {@code ONBUILD ONBUILD ...} chains built without recursion. */
        private Node newNode(String line, List<String> nodeComments, SourceRange range) {
            List<LineParsers.Split> chain = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            String text = line;
            LineParsers.Split split;
            ParsedArgs args;
            try {
                while (true) {
                    split = LineParsers.splitCommand(text, escape);
                    if (!split.keyword().toLowerCase(Locale.ROOT).equals("onbuild") || split.rest().isEmpty()) {
                        args = arguments(split.keyword().toLowerCase(Locale.ROOT), split.rest());
                        break;
                    }
                    if (chain.size() == MAX_ONBUILD_NESTING) {
                        // BuildKit nests without limit and rejects the file in its instruction pass; each level
                        // here would copy the rest of the line, so the file is rejected now, with that message
                        throw new LineParsers.LineException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                    }
                    chain.add(split);
                    texts.add(text);
                    text = split.rest();
                }
            } catch (LineParsers.LineException e) {
                throw error(range.startLine(), range.endLine(), e.getMessage());
            }
            Node node = Node.of(split.keyword(), split.flags(), args, text, range,
                    chain.isEmpty() ? nodeComments : List.of());
            for (int i = chain.size() - 1; i >= 0; i--) {
                LineParsers.Split parent = chain.get(i);
                node = Node.of(parent.keyword(), parent.flags(), new ParsedArgs(List.of(), node, false),
                        texts.get(i), range, i == 0 ? nodeComments : List.of());
            }
            return node;
        }

        /** The dispatch table of {@code parser.go}: which line parser reads which keyword's arguments. */
        private ParsedArgs arguments(String keyword, String rest) {
            return switch (keyword) {
                case "add", "copy", "volume" -> LineParsers.maybeJsonToList(rest);
                case "arg" -> LineParsers.nameOrNameValues(rest, escape);
                case "cmd", "entrypoint", "run", "shell" -> LineParsers.maybeJson(rest);
                case "env" -> LineParsers.nameValues(rest, "ENV", escape);
                case "label" -> LineParsers.nameValues(rest, "LABEL", escape);
                case "expose", "from" -> LineParsers.whitespaceDelimited(rest);
                case "healthcheck" -> LineParsers.healthConfig(rest);
                case "maintainer", "stopsignal", "user", "workdir" -> LineParsers.string(rest);
                case "onbuild" -> ParsedArgs.NONE;
                default -> ParsedArgs.words(List.of(""));
            };
        }

        /** Finds the heredoc words of {@code line} and reads each body up to its delimiter line. */
        private List<Heredoc> readHeredocs(String line, int startLine) {
            List<Heredoc> headers = new ArrayList<>();
            List<String> words;
            try {
                words = HeredocLexer.words(line, true, true);
            } catch (HeredocLexer.LexException e) {
                words = List.of(); // BuildKit ignores a line it cannot lex: no heredocs
            }
            for (String word : words) {
                try {
                    Heredoc header = Heredoc.fromWordOrNull(word);
                    if (header != null) {
                        headers.add(header);
                    }
                } catch (HeredocLexer.LexException e) {
                    throw error(startLine, currentLine, e.getMessage());
                }
            }
            List<Heredoc> docs = new ArrayList<>(headers.size());
            for (Heredoc header : headers) {
                StringBuilder content = new StringBuilder();
                boolean terminated = false;
                String raw;
                while ((raw = lines.next()) != null) {
                    currentLine++;
                    String candidate = trimNewline(raw);
                    if (header.chomp()) {
                        candidate = trimLeadingTabs(candidate);
                    }
                    if (candidate.equals(header.name())) {
                        terminated = true;
                        break;
                    }
                    content.append(raw);
                }
                if (!terminated) {
                    throw error(startLine, currentLine, "unterminated heredoc");
                }
                docs.add(header.withContent(content.toString()));
            }
            return docs;
        }

        private DockerfileParseException error(int start, int end, String reason) {
            return new DockerfileParseException(file, start, end, reason);
        }
    }

    private static boolean isComment(String line) {
        String trimmed = GoText.trimLeadingSpace(line);
        return !trimmed.isEmpty() && trimmed.charAt(0) == '#';
    }

    /** Go's {@code bytes.TrimRight(line, "\r\n")}. */
    private static String trimNewline(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }

    private static String trimLeadingTabs(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '\t') {
            i++;
        }
        return line.substring(i);
    }
}
