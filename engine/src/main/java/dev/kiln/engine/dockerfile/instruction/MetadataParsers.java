package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parsers for the instructions that only change image metadata or build state: {@code ENV}, {@code LABEL},
 * {@code ARG}, {@code EXPOSE}, {@code VOLUME}, {@code USER}, {@code WORKDIR}, {@code STOPSIGNAL},
 * {@code MAINTAINER}. Checks and messages follow BuildKit's {@code instructions/parse.go}, including which
 * of them ignore flags ({@code ARG}, {@code STOPSIGNAL} never look at theirs).
 *
 * <p>Stateless and thread-safe; package-private.
 */
final class MetadataParsers {

    private MetadataParsers() {
    }

    static Env env(ParseRequest req) {
        req.flags().parse();
        return new Env(req.location(), req.original(), keyValues(req.args(), "ENV"));
    }

    static Label label(ParseRequest req) {
        req.flags().parse();
        return new Label(req.location(), req.original(), keyValues(req.args(), "LABEL"));
    }

    static Maintainer maintainer(ParseRequest req) {
        if (req.args().size() != 1) {
            throw ParseRequest.exactlyOneArgument("MAINTAINER");
        }
        req.flags().parse();
        return new Maintainer(req.location(), req.original(), req.args().getFirst());
    }

    static Workdir workdir(ParseRequest req) {
        if (req.args().size() != 1) {
            throw ParseRequest.exactlyOneArgument("WORKDIR");
        }
        req.flags().parse();
        return new Workdir(req.location(), req.original(), req.args().getFirst());
    }

    static User user(ParseRequest req) {
        if (req.args().size() != 1) {
            throw ParseRequest.exactlyOneArgument("USER");
        }
        req.flags().parse();
        return new User(req.location(), req.original(), req.args().getFirst());
    }

    static StopSignal stopSignal(ParseRequest req) {
        if (req.args().size() != 1) {
            throw ParseRequest.exactlyOneArgument("STOPSIGNAL");
        }
        return new StopSignal(req.location(), req.original(), req.args().getFirst());
    }

    static Expose expose(ParseRequest req) {
        if (req.args().isEmpty()) {
            throw ParseRequest.atLeastOneArgument("EXPOSE");
        }
        req.flags().parse();
        return new Expose(req.location(), req.original(), req.args());
    }

    static Volume volume(ParseRequest req) {
        if (req.args().isEmpty()) {
            throw ParseRequest.atLeastOneArgument("VOLUME");
        }
        req.flags().parse();
        List<String> paths = new ArrayList<>(req.args().size());
        for (String arg : req.args()) {
            String path = GoText.trimSpace(arg);
            if (path.isEmpty()) {
                throw new InvalidInstruction("VOLUME specified can not be an empty string");
            }
            paths.add(path);
        }
        return new Volume(req.location(), req.original(), paths);
    }

    static Arg arg(ParseRequest req) {
        if (req.args().isEmpty()) {
            throw ParseRequest.atLeastOneArgument("ARG");
        }
        List<ArgDefinition> defs = new ArrayList<>(req.args().size());
        for (String arg : req.args()) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                defs.add(new ArgDefinition(arg, Optional.empty()));
                continue;
            }
            if (eq == 0) {
                throw new InvalidInstruction("ARG names can not be blank");
            }
            defs.add(new ArgDefinition(arg.substring(0, eq), Optional.of(arg.substring(eq + 1))));
        }
        return new Arg(req.location(), req.original(), defs);
    }

    /** BuildKit's {@code parseKvps}: the parser's {@code key, value, "="} triples as pairs. */
    private static List<KeyValue> keyValues(List<String> args, String command) {
        if (args.isEmpty()) {
            throw ParseRequest.atLeastOneArgument(command);
        }
        if (args.size() % 3 != 0) {
            throw new InvalidInstruction("Bad input to " + command + ", too many arguments");
        }
        List<KeyValue> pairs = new ArrayList<>(args.size() / 3);
        for (int i = 0; i < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                throw new InvalidInstruction(command + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
        }
        return pairs;
    }
}
