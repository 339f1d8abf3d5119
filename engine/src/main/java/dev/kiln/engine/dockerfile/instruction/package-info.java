/**
 * The second pass of Kiln's Dockerfile frontend: untyped {@link dev.kiln.engine.dockerfile.parser.Node}s to
 * typed, checked {@link dev.kiln.engine.dockerfile.instruction.Instruction}s, as BuildKit's
 * {@code frontend/dockerfile/instructions} package does, plus the build checks that need only the file.
 *
 * <p>Design: {@link dev.kiln.engine.dockerfile.instruction.Instruction} is a sealed interface with one
 * immutable record per instruction ({@code From}, {@code Run}, {@code Copy}, ...), each with its
 * {@code location()} and {@code original()} text, so later passes switch over them exhaustively.
 * {@link dev.kiln.engine.dockerfile.instruction.InstructionParser} is a dispatch table; the work is split per
 * instruction family ({@code StageParsers}, {@code CommandParsers}, {@code FileParsers},
 * {@code MetadataParsers}) with BuildKit's flag handling in {@code BuilderFlags}, so no class grows into a
 * monolithic converter. {@link dev.kiln.engine.dockerfile.instruction.Dockerfile#parse} is the entry point for
 * callers.
 *
 * <p>Words stay unexpanded, quotes included, because expansion needs the stage's environment and happens per
 * instruction later (BuildKit does the same). The exception is validation BuildKit performs after expansion
 * ({@code --chmod}, typed {@code --mount} options): when a value has no variable, quote or escape it expands
 * to itself, so it is checked here already and bad input fails early with its line; otherwise
 * {@link dev.kiln.engine.dockerfile.instruction.RunMount.Unresolved} and
 * {@link dev.kiln.engine.dockerfile.instruction.Chmod#parse} let the later pass check the expanded value with
 * the same rules. This is stricter than BuildKit only for a stage that is never built.
 *
 * <p>Errors are {@link dev.kiln.engine.dockerfile.parser.DockerfileParseException}s,
 * {@code <file>:<line>: <reason>}, with BuildKit's reasons ({@code unknown instruction: FOO (did you mean
 * FROM?)}, {@code unknown flag: --chmod}, {@code COPY requires at least two arguments, but only one was
 * provided. Destination could not be determined}, ...). Deliberate differences: among equally close "did
 * you mean" candidates Kiln picks the first alphabetically (BuildKit picks at random); EXPOSE keeps its
 * words in written order (BuildKit sorts them, but they end up in a map); a symbolic {@code --chmod} that
 * does not parse says so rather than BuildKit's bare {@code invalid syntax}.
 *
 * <p>This package depends on {@code dev.kiln.engine.dockerfile.parser} and the JDK only.
 */
package dev.kiln.engine.dockerfile.instruction;
