package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The build-check configuration of a {@code # check=skip=<rules>;error=<bool>;experimental=<rules>}
 * directive (https://docs.docker.com/reference/build-checks/).
 *
 * <p>Immutable. Parsed as BuildKit's {@code linter.ParseLintOptions} does, from the directive value up to its
 * first space.
 *
 * @param skipAll         {@code skip=all}
 * @param skip            the rule names to skip
 * @param failOnWarnings  {@code error=true}: BuildKit fails the build when any check fires
 * @param experimentalAll {@code experimental=all}
 * @param experimental    the experimental rule names to enable
 */
public record CheckOptions(boolean skipAll, List<String> skip, boolean failOnWarnings, boolean experimentalAll,
        List<String> experimental) {

    /** No directive: every non-experimental check runs, none fails the build. */
    public static final CheckOptions DEFAULT = new CheckOptions(false, List.of(), false, false, List.of());

    public CheckOptions {
        skip = List.copyOf(skip);
        experimental = List.copyOf(experimental);
    }

    /** Whether warnings of {@code rule} are reported. */
    public boolean enabled(String rule) {
        return !skipAll && !skip.contains(rule);
    }

    /** These options with {@code other}'s added, as BuildKit merges a {@code # check=} comment above an instruction. */
    CheckOptions merge(CheckOptions other) {
        List<String> skips = new ArrayList<>(skip);
        skips.addAll(other.skip);
        List<String> experiments = new ArrayList<>(experimental);
        experiments.addAll(other.experimental);
        return new CheckOptions(skipAll || other.skipAll, skips, failOnWarnings, experimentalAll || other.experimentalAll,
                experiments);
    }

    /**
     * Parses a {@code check} directive value.
     *
     * @throws IllegalArgumentException with BuildKit's message, e.g. {@code invalid check option "foo"}
     */
    public static CheckOptions parse(String directiveValue) {
        Objects.requireNonNull(directiveValue, "directiveValue");
        int space = directiveValue.indexOf(' ');
        String text = GoText.trimSpace(space < 0 ? directiveValue : directiveValue.substring(0, space));
        if (text.isEmpty()) {
            return DEFAULT;
        }
        boolean skipAll = false;
        boolean experimentalAll = false;
        boolean error = false;
        List<String> skip = List.of();
        List<String> experimental = List.of();
        String[] parts = text.split(";", 3);
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid check option " + GoText.quote(part));
            }
            String key = GoText.trimSpace(part.substring(0, eq));
            String value = GoText.trimSpace(part.substring(eq + 1));
            switch (key) {
                case "skip" -> {
                    if (value.equals("all")) {
                        skipAll = true;
                    } else {
                        skip = splitRules(value);
                    }
                }
                case "experimental" -> {
                    if (value.equals("all")) {
                        experimentalAll = true;
                    } else {
                        experimental = splitRules(value);
                    }
                }
                case "error" -> error = GoNumbers.parseBool(value).orElseThrow(() -> new IllegalArgumentException(
                        "failed to parse check option " + GoText.quote(part) + ": strconv.ParseBool: parsing "
                                + GoText.quote(value) + ": invalid syntax"));
                default -> throw new IllegalArgumentException("invalid check option " + GoText.quote(key));
            }
        }
        return new CheckOptions(skipAll, skip, error, experimentalAll, experimental);
    }

    private static List<String> splitRules(String value) {
        List<String> rules = new ArrayList<>();
        for (String rule : value.split(",", -1)) {
            rules.add(GoText.trimSpace(rule));
        }
        return rules;
    }
}
