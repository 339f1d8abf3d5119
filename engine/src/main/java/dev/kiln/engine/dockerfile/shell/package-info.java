/**
 * Dockerfile word expansion and variable scoping: what <code>${VAR:-default}</code> in a {@code COPY},
 * {@code ENV} or {@code FROM} line means.
 *
 * <p>{@link dev.kiln.engine.dockerfile.shell.ShellLex} expands a word against an
 * {@link dev.kiln.engine.dockerfile.shell.Env} and returns an {@link dev.kiln.engine.dockerfile.shell.Expansion}
 * (value, words, variables found and not found) or throws an
 * {@link dev.kiln.engine.dockerfile.shell.ExpansionException} with BuildKit's message.
 * {@link dev.kiln.engine.dockerfile.shell.InstructionExpansion} says which instruction expands which part,
 * and {@link dev.kiln.engine.dockerfile.shell.BuildArgs} implements the scoping of ARG, ENV, build
 * arguments, proxies and platform ARGs that decides what the environment is.
 *
 * <p>Design: this is a port of the behaviour of BuildKit's {@code frontend/dockerfile/shell/lex.go}, not of
 * a shell. Kiln is a drop-in for images built by BuildKit, so the same Dockerfile must give the same
 * strings, including in corner cases nobody would design this way; the lexer was checked against
 * BuildKit's own implementation on several hundred thousand random words. Kept on purpose:
 * <ul>
 *   <li>Words are split after substitution; a nested <code>${...}</code> scan clears the partial word being
 *       collected, so {@code processWords("ab${x:-y}c")} gives {@code [yc]} while {@code processWord} gives
 *       {@code abyc}. Only {@code EXPOSE} and heredoc detection split words.</li>
 *   <li>Patterns are Go regular expressions in disguise: {@code ?} and {@code *} do not match a newline,
 *       {@code [} is literal, only {@code \*}, {@code \?} and {@code \\} are valid escapes, {@code %} and
 *       {@code %%} reverse pattern and value, and the replacement of {@code //} expands {@code $0} to the
 *       match (Go's {@code ReplaceAllString}) while {@code /} takes it literally. Escape characters stay in
 *       patterns and replacements (<code>${F//\//\/}</code> turns {@code /a} into {@code \/a}).</li>
 *   <li>{@code $1}, {@code $@} and the other POSIX special parameters are recognised and never set.</li>
 * </ul>
 * Deviations, all on input BuildKit would also reject or accept only to overflow nothing: expansions
 * nested more than 200 levels deep fail instead
 * of growing the stack, and error messages quote at most 200 characters of the word.
 *
 * <p>Matching runs in time linear in the value (a Pike VM, as Go's regexp), so no Dockerfile can make
 * expansion hang. The package depends on the JDK only.
 */
package dev.kiln.engine.dockerfile.shell;
