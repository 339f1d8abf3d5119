/**
 * The first pass of Kiln's Dockerfile frontend: bytes to an untyped tree of instructions with line ranges,
 * parser directives and warnings, exactly as BuildKit's {@code dockerfile:1} parser
 * ({@code moby/buildkit/frontend/dockerfile/parser}) produces it.
 *
 * <p>Design: {@link dev.kiln.engine.dockerfile.parser.DockerfileParser#parse} is the only entry point and
 * returns an immutable {@link dev.kiln.engine.dockerfile.parser.SyntaxTree} of
 * {@link dev.kiln.engine.dockerfile.parser.Node}s. The pass is deliberately dumb: it splits lines, joins
 * continuations, reads heredocs, separates {@code --flags} and cuts arguments into words per keyword, keeping
 * quotes, escapes and {@code $variables} as written because BuildKit expands them later, per instruction,
 * with the environment of the stage ({@code dev.kiln.engine.dockerfile.shell}). It rejects only what
 * BuildKit's parser rejects (bad directives, unterminated heredocs, JSON arrays of non-strings, over-long
 * lines, files without instructions); unknown keywords and flags are for
 * {@code dev.kiln.engine.dockerfile.instruction} to reject.
 *
 * <p>Every error is a {@link dev.kiln.engine.dockerfile.parser.DockerfileParseException} whose message is
 * {@code <file>:<line>: <reason>}. The reasons are BuildKit's words. Where BuildKit reports a directive
 * error one line too early (it counts lines from 0 there) Kiln names the actual line.
 *
 * <p>Go semantics that differ from Java's are reproduced on purpose, in {@code GoText} (Go's idea of
 * whitespace and quoting), {@code JsonArgs} (encoding/json's acceptance) and {@code HeredocLexer} (the
 * word splitting of BuildKit's shell lexer, without expansion). Known deliberate differences: BuildKit reads
 * flag words byte by byte and garbles non-ASCII characters in them, Kiln keeps them; bytes that are not
 * UTF-8 become U+FFFD per malformed sequence rather than per byte; absurdly deep {@code ${a:-${b:-...}}}
 * nesting (over 500 levels) on a heredoc line is treated as unlexable.
 *
 * <p>This package depends only on the JDK.
 */
package dev.kiln.engine.dockerfile.parser;
