package dev.kiln.engine.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction of a Dockerfile as the parser sees it: a keyword, builder flags and argument words, not yet
 * checked or typed (that is {@code dev.kiln.engine.dockerfile.instruction}'s job).
 *
 * <p>Immutable. It mirrors BuildKit's {@code parser.Node} for one child of the root: the arguments are kept
 * exactly as BuildKit keeps them, with quotes and escapes still in place and no variable expanded, so that
 * the later expansion sees the same words. Their shape depends on the instruction:
 * <ul>
 *   <li>{@code ENV}, {@code LABEL}: triples {@code key, value, "="} ({@code ""} as third word for the legacy
 *       {@code ENV key value} form);</li>
 *   <li>{@code RUN}, {@code CMD}, {@code ENTRYPOINT}, {@code SHELL}: the JSON array's strings when
 *       {@link #json()}, otherwise one word, the whole command line;</li>
 *   <li>{@code HEALTHCHECK}: the type ({@code CMD}, {@code NONE}) then as for {@code CMD};</li>
 *   <li>{@code ADD}, {@code COPY}, {@code VOLUME}: the JSON array's strings or the whitespace-separated words;</li>
 *   <li>{@code ARG}: the words, quotes kept; {@code FROM}, {@code EXPOSE}: whitespace-separated words;</li>
 *   <li>{@code MAINTAINER}, {@code USER}, {@code WORKDIR}, {@code STOPSIGNAL}: one word, the rest of the line;</li>
 *   <li>{@code ONBUILD}: no words, the trigger in {@link #subcommand()};</li>
 *   <li>unknown keywords: a single empty word (BuildKit ignores their arguments).</li>
 * </ul>
 *
 * @param keyword        the instruction keyword, lower-cased, e.g. {@code run}
 * @param writtenKeyword the keyword as written, e.g. {@code Run}, used in messages
 * @param flags          the builder flags as written after unquoting, e.g. {@code --from=build}
 * @param args           the argument words, see above
 * @param subcommand     the trigger of an {@code ONBUILD}
 * @param json           whether the arguments were a JSON array (exec form)
 * @param original       the instruction's text with continuation lines joined, without heredoc bodies
 * @param location       the lines from the keyword to the last heredoc delimiter
 * @param heredocs       the here-documents, in the order of their delimiters on the line
 * @param comments       the comment lines directly above the instruction, without {@code #}
 */
public record Node(String keyword, String writtenKeyword, List<String> flags, List<String> args,
        Optional<Node> subcommand, boolean json, String original, SourceRange location, List<Heredoc> heredocs,
        List<String> comments) {

    public Node {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(writtenKeyword, "writtenKeyword");
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        Objects.requireNonNull(subcommand, "subcommand");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(location, "location");
        heredocs = List.copyOf(heredocs);
        comments = List.copyOf(comments);
    }

    /** A node for {@code writtenKeyword}, with the keyword lower-cased as BuildKit compares it. */
    static Node of(String writtenKeyword, List<String> flags, ParsedArgs parsed, String original,
            SourceRange location, List<String> comments) {
        return new Node(writtenKeyword.toLowerCase(Locale.ROOT), writtenKeyword, flags, parsed.args(),
                Optional.ofNullable(parsed.subcommand()), parsed.json(), original, location, List.of(), comments);
    }

    /** The argument words and trigger a line parser produced. */
    record ParsedArgs(List<String> args, Node subcommand, boolean json) {
        static final ParsedArgs NONE = new ParsedArgs(List.of(), null, false);

        static ParsedArgs words(List<String> words) {
            return new ParsedArgs(words, null, false);
        }
    }

    /**
     * The arguments as BuildKit's instructions see them ({@code nodeArgs}): the words, or for
     * {@code ONBUILD} the trigger's keyword as written followed by the trigger's arguments.
     */
    public List<String> arguments() {
        if (subcommand.isEmpty()) {
            return args;
        }
        List<String> out = new ArrayList<>();
        for (Node n = this; ; ) {
            out.addAll(n.args);
            if (n.subcommand.isEmpty()) {
                return List.copyOf(out);
            }
            n = n.subcommand.get();
            out.add(n.writtenKeyword);
        }
    }

    /** This node with here-documents attached. */
    public Node withHeredocs(List<Heredoc> docs) {
        return new Node(keyword, writtenKeyword, flags, args, subcommand, json, original, location, docs, comments);
    }

    /** This node with another location (the trigger of an {@code ONBUILD} takes its parent's). */
    public Node withLocation(SourceRange range) {
        return new Node(keyword, writtenKeyword, flags, args, subcommand, json, original, range, heredocs, comments);
    }

    /** Whether heredocs are looked for: {@code RUN}, {@code COPY}, {@code ADD} (also as trigger) in shell form. */
    boolean canContainHeredoc() {
        Node n = keyword.equals("onbuild") && subcommand.isPresent() ? subcommand.get() : this;
        return switch (n.keyword) {
            case "run", "copy", "add" -> !n.json;
            default -> false;
        };
    }

    /**
     * The node as BuildKit's {@code Node.Dump} prints it, e.g. {@code copy ["--from=build"] "/app" "/"}; handy
     * for comparing with BuildKit's own parser test results.
     */
    public String toSexp() {
        StringBuilder out = new StringBuilder();
        List<Node> chain = new ArrayList<>();
        for (Node n = this; n != null; n = n.subcommand.orElse(null)) {
            chain.add(n);
        }
        for (int i = 0; i < chain.size(); i++) {
            Node n = chain.get(i);
            if (i > 0) {
                out.append(" (");
            }
            out.append(n.writtenKeyword.toLowerCase(Locale.ROOT));
            if (!n.flags.isEmpty()) {
                out.append(" [").append(String.join(" ", n.flags.stream().map(GoText::quote).toList())).append(']');
            }
            for (String arg : n.args) {
                out.append(' ').append(GoText.quote(arg));
            }
        }
        out.append(")".repeat(chain.size() - 1));
        return GoText.trimSpace(out.toString());
    }
}
