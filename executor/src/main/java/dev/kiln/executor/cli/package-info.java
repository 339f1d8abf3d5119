/**
 * Flag groups and value parsers shared by the executor and the warmer: kaniko's logging flags, registry
 * access flags, Go durations and {@code key=value} lists. picocli mixins, filled once per invocation on the
 * main thread; the parsers are stateless.
 */
package dev.kiln.executor.cli;
