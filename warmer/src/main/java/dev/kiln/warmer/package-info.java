/**
 * The kaniko-compatible {@code warmer} command line, which fills the base-image cache directory.
 * It reuses the executor's flag groups and exit behaviour ({@code dev.kiln.executor.cli},
 * {@code dev.kiln.executor.Cli}) so both commands accept the same spellings and fail the same way.
 */
package dev.kiln.warmer;
