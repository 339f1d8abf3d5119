package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.Directive;
import dev.kiln.engine.dockerfile.parser.Node;
import dev.kiln.engine.dockerfile.parser.ParseWarning;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The BuildKit build checks that need no build context, only the file: {@code MaintainerDeprecated},
 * {@code StageNameCasing}, {@code FromAsCasing}, {@code LegacyKeyValueFormat}, {@code JSONArgsRecommended},
 * {@code ConsistentInstructionCasing} (https://docs.docker.com/reference/build-checks/), with their messages.
 *
 * <p>Not thread-safe (collects warnings); one per {@link Dockerfile#parse}. Package-private. A
 * {@code # check=skip=...} comment right above an instruction adds to the file's options for that
 * instruction, as in BuildKit. {@code JSONArgsRecommended} is approximated: BuildKit stays quiet when the
 * stage's image config has a shell, and only a {@code SHELL} in this file (in the stage or a stage it
 * derives from) is known here.
 */
final class BuildChecks {

    private static final String URL = "https://docs.docker.com/go/dockerfile/rule/";

    private final CheckOptions options;
    private final List<ParseWarning> warnings = new ArrayList<>();

    BuildChecks(CheckOptions options) {
        this.options = options;
    }

    /** Runs the checks over the instructions and their nodes, which are in file order. */
    List<ParseWarning> run(List<Node> nodes, List<Instruction> instructions) {
        Map<String, Boolean> shellByStage = new HashMap<>();
        String stage = null;
        boolean shellSet = false;
        boolean inStage = false;
        List<Node> stageNodes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Instruction instruction = instructions.get(i);
            CheckOptions local = localOptions(node);
            switch (instruction) {
                case From from -> {
                    fromChecks(node, local);
                    if (stage != null) {
                        shellByStage.put(stage, shellSet);
                    }
                    shellSet = shellByStage.getOrDefault(from.image().toLowerCase(Locale.ROOT), false);
                    stage = from.stageName().orElse(null);
                    inStage = true;
                }
                case Maintainer m -> warn(local, "MaintainerDeprecated",
                        "Maintainer instruction is deprecated in favor of using label", m.location());
                case Env env -> legacyKeyValues(local, node, env.variables(), env.location());
                case Label label -> legacyKeyValues(local, node, label.labels(), label.location());
                case Shell s -> shellSet = true;
                case Cmd cmd -> jsonArgs(local, node, cmd.command(), shellSet, cmd.location());
                case Entrypoint ep -> jsonArgs(local, node, ep.command(), shellSet, ep.location());
                default -> {
                }
            }
            if (inStage) {
                stageNodes.add(node);
            }
        }
        casing(stageNodes);
        return warnings;
    }

    /** The file's options merged with a {@code check=...} comment directly above the instruction. */
    private CheckOptions localOptions(Node node) {
        for (String comment : node.comments()) {
            Optional<Directive> directive = Directive.fromComment(comment);
            if (directive.isEmpty() || !directive.get().name().equals(Directive.CHECK)) {
                continue;
            }
            try {
                return options.merge(CheckOptions.parse(directive.get().value()));
            } catch (IllegalArgumentException e) {
                return options;
            }
        }
        return options;
    }

    private void fromChecks(Node node, CheckOptions local) {
        List<String> args = node.arguments();
        if (args.size() == 3 && !args.get(2).equals(args.get(2).toLowerCase(Locale.ROOT))) {
            warn(local, "StageNameCasing", "Stage name '" + args.get(2) + "' should be lowercase", node.location());
        }
        if (args.size() >= 3) {
            String command = node.writtenKeyword();
            boolean lower = command.equals(command.toLowerCase(Locale.ROOT));
            boolean upper = command.equals(command.toUpperCase(Locale.ROOT));
            String as = args.get(1);
            boolean matches = (!lower && !upper)
                    || (lower ? as.equals(as.toLowerCase(Locale.ROOT)) : as.equals(as.toUpperCase(Locale.ROOT)));
            if (!matches) {
                warn(local, "FromAsCasing", "'" + as + "' and '" + command + "' keywords' casing do not match",
                        node.location());
            }
        }
    }

    private void legacyKeyValues(CheckOptions local, Node node, List<KeyValue> pairs, SourceRange location) {
        for (KeyValue pair : pairs) {
            if (pair.legacyForm()) {
                String name = node.writtenKeyword();
                warn(local, "LegacyKeyValueFormat", "\"" + name + " key=value\" should be used instead of legacy \""
                        + name + " key value\" format", location);
            }
        }
    }

    private void jsonArgs(CheckOptions local, Node node, CommandLine command, boolean shellSet, SourceRange location) {
        if (command.shellForm() && !shellSet) {
            warn(local, "JSONArgsRecommended", "JSON arguments recommended for " + node.writtenKeyword()
                    + " to prevent unintended behavior related to OS signals", location);
        }
    }

    /** {@code ConsistentInstructionCasing}: keywords should all be upper-case or all lower-case. */
    private void casing(List<Node> stageNodes) {
        int lowerCount = 0;
        int upperCount = 0;
        for (Node node : stageNodes) {
            String name = node.writtenKeyword();
            if (name.equals(name.toLowerCase(Locale.ROOT))) {
                lowerCount++;
            } else if (name.equals(name.toUpperCase(Locale.ROOT))) {
                upperCount++;
            }
        }
        boolean majorityLower = lowerCount > upperCount;
        for (Node node : stageNodes) {
            String name = node.writtenKeyword();
            String expected = majorityLower ? "lowercase" : "uppercase";
            String wanted = majorityLower ? name.toLowerCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT);
            if (!wanted.equals(name)) {
                warn(options, "ConsistentInstructionCasing", "Command '" + name
                        + "' should match the case of the command majority (" + expected + ")", node.location());
            }
        }
    }

    private void warn(CheckOptions local, String rule, String message, SourceRange location) {
        if (local.enabled(rule)) {
            warnings.add(new ParseWarning(rule, message, URL + kebab(rule) + "/", location));
        }
    }

    /** {@code StageNameCasing} to {@code stage-name-casing}, the documentation page's name. */
    static String kebab(String rule) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            boolean boundary = Character.isUpperCase(c) && i > 0
                    && (Character.isLowerCase(rule.charAt(i - 1))
                        || (i + 1 < rule.length() && Character.isLowerCase(rule.charAt(i + 1))));
            if (boundary) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
