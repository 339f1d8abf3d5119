/**
 * The kaniko-compatible {@code executor} command line.
 *
 * <p>Design: picocli annotated option holders ({@link dev.kiln.executor.ExecutorOptions}, plus the shared
 * mixins in {@code dev.kiln.executor.cli}) carry every kaniko flag with its short form, its deprecated
 * camelCase spelling and its default, so existing Kubernetes manifests and CI jobs run unchanged.
 * {@link dev.kiln.executor.ExecutorCommand} validates them in kaniko's order with kaniko's messages and
 * hands a resolved {@link dev.kiln.executor.ExecutorPlan} to the engine. {@link dev.kiln.executor.Cli} owns
 * the exit behaviour (0, 1, or a failed RUN's exit code) and is shared with the warmer.
 */
package dev.kiln.executor;
