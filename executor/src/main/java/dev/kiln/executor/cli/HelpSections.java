package dev.kiln.executor.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a command's options in titled groups ("Build:", "Registry:", ...) instead of one long sorted list:
 * kaniko has some sixty flags and {@code --help} is easier to scan by topic. Installed as picocli's option-list
 * section, so each option stays a plain field wherever it is declared (mixins included) and parsing is untouched;
 * an option no section names is listed under a final "Other:" heading rather than dropped.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class HelpSections implements IHelpSectionRenderer {

    /** The heading of options no section names (usually {@code --help} and {@code --version}). */
    public static final String OTHER = "Other";

    /**
     * One titled group.
     *
     * @param heading the title, without the colon
     * @param options the options it lists, by any of their names ({@code --cache-dir})
     */
    public record Section(String heading, Set<String> options) {
        public Section {
            Objects.requireNonNull(heading, "heading");
            options = Set.copyOf(options);
        }

        /** A section listing {@code options}. */
        public static Section of(String heading, String... options) {
            return new Section(heading, Set.of(options));
        }
    }

    private final List<Section> sections;

    private HelpSections(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    /** Replaces {@code spec}'s option list with {@code sections}. */
    public static void install(CommandSpec spec, List<Section> sections) {
        spec.usageMessage().sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new HelpSections(sections));
    }

    /** The visible options of {@code spec} grouped by heading, in section order, {@link #OTHER} last if any. */
    public static Map<String, List<OptionSpec>> group(CommandSpec spec, List<Section> sections) {
        Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        sections.forEach(s -> groups.put(s.heading(), new ArrayList<>()));
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            String heading = sections.stream().filter(s -> Arrays.stream(o.names()).anyMatch(s.options()::contains))
                    .map(Section::heading).findFirst().orElse(OTHER);
            groups.computeIfAbsent(heading, h -> new ArrayList<>()).add(o);
        }
        groups.values().removeIf(List::isEmpty);
        groups.values().forEach(l -> l.sort(Comparator.comparing(HelpSections::sortKey)));
        return groups;
    }

    @Override
    public String render(Help help) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> g : group(help.commandSpec(), sections).entrySet()) {
            Help.Layout layout = help.createDefaultLayout();
            for (OptionSpec o : g.getValue()) {
                layout.addOption(o, help.parameterLabelRenderer());
            }
            sb.append(System.lineSeparator()).append(g.getKey()).append(':').append(System.lineSeparator())
                    .append(layout);
        }
        return sb.toString();
    }

    /** picocli's own order: the shortest name without dashes, ignoring case. */
    private static String sortKey(OptionSpec o) {
        return Arrays.stream(o.names()).min(Comparator.comparingInt(String::length)).orElse("")
                .replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
    }
}
