package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.dockerfile.parser.Heredoc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsers for the instructions that carry a command: {@code RUN}, {@code CMD}, {@code ENTRYPOINT},
 * {@code SHELL}, {@code HEALTHCHECK}. Checks and messages follow BuildKit's {@code instructions/parse.go} and
 * its {@code RUN} flag hooks ({@code --device}, {@code --mount}, {@code --network}, {@code --security}, in
 * BuildKit's order).
 *
 * <p>Stateless and thread-safe; package-private.
 */
final class CommandParsers {

    private static final Duration MINIMUM_INTERVAL = Duration.ofMillis(1);

    private CommandParsers() {
    }

    static Run run(ParseRequest req) {
        BuilderFlags flags = req.flags();
        BuilderFlags.Flag device = flags.addStrings("device");
        BuilderFlags.Flag mount = flags.addStrings("mount");
        BuilderFlags.Flag network = flags.addString("network", NetworkMode.DEFAULT.value());
        BuilderFlags.Flag security = flags.addString("security", SecurityMode.SANDBOX.value());
        flags.parse();
        CommandLine command = commandLine(req);
        List<RunDevice> devices = device.values().stream().map(RunMountParser::parseDevice).toList();
        mount.values().forEach(RunMountParser::checkAtInstruction);
        NetworkMode networkMode = switch (network.value()) {
            case "default" -> NetworkMode.DEFAULT;
            case "none" -> NetworkMode.NONE;
            case "host" -> NetworkMode.HOST;
            default -> throw new InvalidInstruction("invalid network mode " + GoText.quote(network.value()));
        };
        SecurityMode securityMode = switch (security.value()) {
            case "sandbox" -> SecurityMode.SANDBOX;
            case "insecure" -> SecurityMode.INSECURE;
            default -> throw new InvalidInstruction("security " + GoText.quote(security.value()) + " is not valid");
        };
        // BuildKit types mounts only after the network and security checks; so do we
        List<RunMount> mounts = mount.values().stream().map(RunMountParser::typeIfLiteral).toList();
        return new Run(req.location(), req.original(), command, mounts, networkMode, securityMode, devices);
    }

    static Cmd cmd(ParseRequest req) {
        req.flags().parse();
        return new Cmd(req.location(), req.original(), commandLine(req));
    }

    static Entrypoint entrypoint(ParseRequest req) {
        req.flags().parse();
        return new Entrypoint(req.location(), req.original(), commandLine(req));
    }

    static Shell shell(ParseRequest req) {
        req.flags().parse();
        List<String> words = jsonOrJoined(req.args(), req.json());
        if (words.isEmpty()) {
            throw ParseRequest.atLeastOneArgument("SHELL");
        }
        if (!req.json()) {
            throw new InvalidInstruction("SHELL requires the arguments to be in JSON form");
        }
        return new Shell(req.location(), req.original(), words);
    }

    static Healthcheck healthcheck(ParseRequest req) {
        if (req.args().isEmpty()) {
            throw ParseRequest.atLeastOneArgument("HEALTHCHECK");
        }
        String type = req.args().getFirst().toUpperCase(Locale.ROOT);
        List<String> rest = req.args().subList(1, req.args().size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new InvalidInstruction("HEALTHCHECK NONE takes no arguments");
            }
            return new Healthcheck(req.location(), req.original(), List.of(type), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, 0);
        }
        BuilderFlags flags = req.flags();
        BuilderFlags.Flag interval = flags.addString("interval", "");
        BuilderFlags.Flag timeout = flags.addString("timeout", "");
        BuilderFlags.Flag startPeriod = flags.addString("start-period", "");
        BuilderFlags.Flag startInterval = flags.addString("start-interval", "");
        BuilderFlags.Flag retries = flags.addString("retries", "");
        flags.parse();
        if (!type.equals("CMD")) {
            throw new InvalidInstruction("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        List<String> command = jsonOrJoined(rest, req.json());
        if (command.isEmpty()) {
            throw new InvalidInstruction("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>(command.size() + 1);
        test.add(req.json() ? "CMD" : "CMD-SHELL");
        test.addAll(command);
        Duration intervalValue = optionalInterval(interval);
        Duration timeoutValue = optionalInterval(timeout);
        Duration startPeriodValue = optionalInterval(startPeriod);
        Duration startIntervalValue = optionalInterval(startInterval);
        int retriesValue = 0;
        if (!retries.value().isEmpty()) {
            retriesValue = GoNumbers.parseInt32(retries.value());
            if (retriesValue < 0) {
                throw new InvalidInstruction("--retries cannot be negative (" + retriesValue + ")");
            }
        }
        return new Healthcheck(req.location(), req.original(), test, intervalValue, timeoutValue, startPeriodValue,
                startIntervalValue, retriesValue);
    }

    /** BuildKit's {@code parseOptInterval}: empty or zero is zero; anything below 1ms is refused. */
    private static Duration optionalInterval(BuilderFlags.Flag flag) {
        if (flag.value().isEmpty()) {
            return Duration.ZERO;
        }
        Duration d = GoNumbers.parseDuration(flag.value());
        if (d.isZero()) {
            return Duration.ZERO;
        }
        if (d.compareTo(MINIMUM_INTERVAL) < 0) {
            throw new InvalidInstruction("Interval " + GoText.quote(flag.name()) + " cannot be less than 1ms");
        }
        return d;
    }

    /** BuildKit's {@code parseShellDependentCommand}. */
    private static CommandLine commandLine(ParseRequest req) {
        List<InlineFile> files = new ArrayList<>();
        for (Heredoc doc : req.node().heredocs()) {
            files.add(new InlineFile(doc.name(), doc.content(), doc.chomp()));
        }
        return new CommandLine(jsonOrJoined(req.args(), req.json()), !req.json(), files);
    }

    /** BuildKit's {@code handleJSONArgs}: exec-form words as they are, shell-form words joined by spaces. */
    private static List<String> jsonOrJoined(List<String> args, boolean json) {
        if (args.isEmpty()) {
            return List.of();
        }
        return json ? args : List.of(String.join(" ", args));
    }
}
