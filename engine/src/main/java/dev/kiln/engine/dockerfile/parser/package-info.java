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
 * word splitting of BuildKit's shell lexer, without expansion), down to BuildKit's quirks: flag words are
 * read byte by byte, so a non-ASCII character in a flag reaches the instruction as its UTF-8 bytes read as
 * Latin-1, exactly as in BuildKit and kaniko. Known differences, all for input no real Dockerfile has: bytes
 * that are not UTF-8 become U+FFFD; {@code ${a:-${b:-...}}} nested over 500 levels on a heredoc line is
 * treated as unlexable; {@code ONBUILD} chained over 8 levels is rejected by the parser rather than by the
 * instruction pass (with the same message).
 *
 * <p>This package depends only on the JDK.
 */
package dev.kiln.engine.dockerfile.parser;
