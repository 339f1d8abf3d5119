/**
 * Flag groups and value parsers shared by the executor and the warmer: kaniko's logging flags, registry
 * access flags, Go durations and {@code key=value} lists. picocli mixins, filled once per invocation on the
 * main thread; the parsers are stateless. {@link dev.kiln.executor.cli.HelpSections} renders a command's
 * {@code --help} in titled groups without touching how options are declared or parsed.
 */
package dev.kiln.executor.cli;
