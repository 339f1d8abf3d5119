package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.Heredoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsers for {@code COPY} and {@code ADD}: their flags (each instruction accepts only its own, so
 * {@code COPY --checksum} and {@code ADD --from} are unknown flags, as in BuildKit), their operands and
 * heredoc sources.
 *
 * <p>Stateless and thread-safe; package-private.
 */
final class FileParsers {

    private FileParsers() {
    }

    static Copy copy(ParseRequest req) {
        requireDestination(req, "COPY");
        BuilderFlags flags = req.flags();
        BuilderFlags.Flag chown = flags.addString("chown", "");
        BuilderFlags.Flag from = flags.addString("from", "");
        BuilderFlags.Flag chmod = flags.addString("chmod", "");
        BuilderFlags.Flag link = flags.addBool("link");
        BuilderFlags.Flag exclude = flags.addStrings("exclude");
        BuilderFlags.Flag parents = flags.addBool("parents");
        flags.parse();
        SourcesAndDestination operands = operands(req, "COPY");
        checkChmod(chmod.value());
        return new Copy(req.location(), req.original(), operands, nonEmpty(from.value()), nonEmpty(chown.value()),
                nonEmpty(chmod.value()), link.isTrue(), parents.isTrue(), exclude.values());
    }

    static Add add(ParseRequest req) {
        requireDestination(req, "ADD");
        BuilderFlags flags = req.flags();
        BuilderFlags.Flag chown = flags.addString("chown", "");
        BuilderFlags.Flag chmod = flags.addString("chmod", "");
        BuilderFlags.Flag link = flags.addBool("link");
        BuilderFlags.Flag keepGitDir = flags.addBool("keep-git-dir");
        BuilderFlags.Flag checksum = flags.addString("checksum", "");
        BuilderFlags.Flag unpack = flags.addBool("unpack");
        BuilderFlags.Flag exclude = flags.addStrings("exclude");
        flags.parse();
        SourcesAndDestination operands = operands(req, "ADD");
        checkChmod(chmod.value());
        return new Add(req.location(), req.original(), operands, nonEmpty(chown.value()), nonEmpty(chmod.value()),
                link.isTrue(), optionalBool(keepGitDir), nonEmpty(checksum.value()), optionalBool(unpack),
                exclude.values());
    }

    private static void requireDestination(ParseRequest req, String command) {
        if (req.args().size() < 2) {
            throw new InvalidInstruction(command + " requires at least two arguments, but only one was provided."
                    + " Destination could not be determined");
        }
    }

    /** BuildKit's {@code parseSourcesAndDest}: heredoc words become inline sources with their bodies. */
    private static SourcesAndDestination operands(ParseRequest req, String command) {
        List<String> args = req.args();
        String dest = args.getLast();
        if (Heredoc.fromWord(dest).isPresent()) {
            throw new InvalidInstruction(command + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> bodies = new HashMap<>();
        for (Heredoc doc : req.node().heredocs()) {
            bodies.put(doc.name(), doc);
        }
        List<String> paths = new ArrayList<>();
        List<InlineSource> inline = new ArrayList<>();
        for (String src : args.subList(0, args.size() - 1)) {
            Optional<Heredoc> word = Heredoc.fromWord(src);
            if (word.isEmpty()) {
                paths.add(src);
                continue;
            }
            Heredoc header = word.get();
            Heredoc body = bodies.get(header.name());
            String content = body == null ? "" : body.content();
            if (header.chomp()) {
                content = Heredoc.chompTabs(content);
            }
            inline.add(new InlineSource(header.name(), content, header.expand()));
        }
        return new SourcesAndDestination(paths, inline, dest);
    }

    /**
     * BuildKit checks {@code --chmod} after expanding it; a value without variables, quotes or escapes
     * expands to itself, so it is checked here already.
     */
    private static void checkChmod(String value) {
        if (value.isEmpty()) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            if ("$'\"\\`".indexOf(value.charAt(i)) >= 0) {
                return;
            }
        }
        try {
            Chmod.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInstruction(e.getMessage());
        }
    }

    private static Optional<String> nonEmpty(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Boolean> optionalBool(BuilderFlags.Flag flag) {
        return flag.used() ? Optional.of(flag.isTrue()) : Optional.empty();
    }
}
