package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.dockerfile.parser.Heredoc;
import dev.kiln.engine.dockerfile.parser.Node;
import java.util.Locale;
import java.util.Optional;

/**
 * Parsers for {@code FROM} and {@code ONBUILD}, the instructions about stages and images rather than
 * about the filesystem. Checks and messages follow BuildKit's {@code instructions/parse.go}.
 *
 * <p>Stateless and thread-safe; package-private.
 */
final class StageParsers {

    private StageParsers() {
    }

    static From from(ParseRequest req) {
        Optional<String> stageName = stageName(req);
        BuilderFlags.Flag platform = req.flags().addString("platform", "");
        req.flags().parse();
        return new From(req.location(), req.original(), req.args().getFirst(),
                platform.value().isEmpty() ? Optional.empty() : Optional.of(platform.value()), stageName);
    }

    /** {@code image} or {@code image AS name}; the name lower-cased and checked against {@code ^[a-z][a-z0-9-_.]*$}. */
    private static Optional<String> stageName(ParseRequest req) {
        var args = req.args();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String name = args.get(2).toLowerCase(Locale.ROOT);
            if (!isValidStageName(name)) {
                throw new InvalidInstruction("invalid name for build stage: " + GoText.quote(args.get(2))
                        + ", name can't start with a number or contain symbols");
            }
            return Optional.of(name);
        }
        if (args.size() != 1) {
            throw new InvalidInstruction("FROM requires either one or three arguments");
        }
        return Optional.empty();
    }

    static boolean isValidStageName(String name) {
        if (name.isEmpty() || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Onbuild onbuild(ParseRequest req) {
        if (req.args().isEmpty()) {
            throw ParseRequest.atLeastOneArgument("ONBUILD");
        }
        req.flags().parse();
        String trigger = GoText.trimSpace(req.args().getFirst()).toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw new InvalidInstruction("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new InvalidInstruction(trigger + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        StringBuilder expression = new StringBuilder(stripOnbuild(req.node().original()));
        for (Heredoc doc : req.node().heredocs()) {
            expression.append('\n').append(doc.content()).append(doc.name());
        }
        Node triggerNode = req.node().subcommand().orElseThrow()
                .withLocation(req.location())
                .withHeredocs(req.node().heredocs());
        return new Onbuild(req.location(), req.original(), expression.toString(), triggerNode);
    }

    /** {@code (?i)^\s*ONBUILD\s*} removed, with Go's ASCII {@code \s}. */
    private static String stripOnbuild(String original) {
        int i = 0;
        while (i < original.length() && isRegexpSpace(original.charAt(i))) {
            i++;
        }
        if (!original.regionMatches(true, i, "ONBUILD", 0, 7)) {
            return original;
        }
        i += 7;
        while (i < original.length() && isRegexpSpace(original.charAt(i))) {
            i++;
        }
        return original.substring(i);
    }

    private static boolean isRegexpSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
