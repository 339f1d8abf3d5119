package dev.kiln.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.executor.cli.HelpSections;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code executor --help} lists the flags grouped by topic. */
class ExecutorHelpTest {

    private static String help() {
        StringWriter out = new StringWriter();
        int code = Cli.run(new ExecutorCommand(k -> null), new String[]{"--help"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        return out.toString();
    }

    /** The text between heading {@code name} and the next blank line. */
    private static String section(String help, String name) {
        int start = help.indexOf("\n" + name + ":\n");
        assertThat(start).as("heading " + name).isNotNegative();
        int end = help.indexOf("\n\n", start + 1);
        return help.substring(start, end < 0 ? help.length() : end);
    }

    @Test
    void headingsComeInTheirOrder() {
        String help = help();
        List<String> headings = List.of("Build:", "Outputs & push:", "Cache:", "Registry:", "Snapshot & run:",
                "Logging:", "Other:");
        int previous = -1;
        for (String h : headings) {
            int at = help.indexOf("\n" + h + "\n");
            assertThat(at).as(h).isGreaterThan(previous);
            previous = at;
        }
    }

    @Test
    void eachFlagIsUnderItsTopic() {
        String help = help();
        assertThat(section(help, "Build")).contains("--dockerfile", "--context=", "--build-arg", "--custom-platform")
                .doesNotContain("--destination");
        assertThat(section(help, "Outputs & push")).contains("--destination", "--digest-file", "--tar-path",
                "--tarPath", "--skip-push-permission-check", "--push-ignore-immutable-tag-errors");
        assertThat(section(help, "Cache")).contains("--cache-repo", "--cache-dir", "--cache-ttl", "--no-push-cache");
        assertThat(section(help, "Registry")).contains("--registry-mirror", "--registry-map", "--insecure-registry");
        assertThat(section(help, "Snapshot & run")).contains("--snapshot-mode", "--snapshotMode", "--ignore-path");
        assertThat(section(help, "Logging")).contains("--verbosity", "--log-format", "--log-timestamp");
    }

    @Test
    void onlyHelpAndVersionAreLeftForOther() {
        CommandLine cl = new CommandLine(new ExecutorCommand(k -> null));
        Map<String, List<OptionSpec>> groups = HelpSections.group(cl.getCommandSpec(), ExecutorOptions.HELP_SECTIONS);
        assertThat(groups.get(HelpSections.OTHER)).extracting(o -> Arrays.asList(o.names()))
                .containsExactlyInAnyOrder(List.of("-h", "--help"), List.of("-V", "--version"));
    }

    @Test
    void hiddenFlagsStayHidden() {
        assertThat(help()).doesNotContain("--bucket", "--whitelist-var-run");
    }
}
