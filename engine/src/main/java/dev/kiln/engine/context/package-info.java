/**
 * Build contexts: which files of the context directory a build may see. So far this is the
 * {@code .dockerignore} logic; walking and sending the files belong to later work.
 *
 * <p>{@link dev.kiln.engine.context.DockerIgnore} loads the rules ({@code <Dockerfile>.dockerignore} next
 * to the Dockerfile, else {@code .dockerignore} at the context root) and answers two questions a walker
 * asks: is this entry excluded ({@code excluded}), and must I descend into this excluded directory
 * because an exception may re-include something below it ({@code mayContainIncluded})?
 * {@link dev.kiln.engine.context.PatternMatcher} is the reusable pattern list behind it (also what
 * {@code COPY --exclude} needs), {@link dev.kiln.engine.context.PathPattern} one compiled pattern.
 *
 * <p>Design: exact parity with Docker rather than a clean glob dialect. Docker's rules are the sum of
 * three Go libraries, and each leaves traces users rely on or trip over:
 * <ul>
 *   <li>moby/patternmatcher's {@code ignorefile.ReadAll} and {@code New} clean patterns with Go's
 *       {@code filepath.Clean} and accept exactly what Go's {@code filepath.Match} accepts (ported in
 *       {@code GoFilepathMatch});</li>
 *   <li>matching then translates the pattern into a Go regular expression that passes {@code [ ] ^ | { }}
 *       and backslash escapes through (ported as a small RE2 subset, {@code GoRegexParser} and
 *       {@code GoRegex}), so {@code [!a]} is not a negation and {@code a*|b} is an alternation;</li>
 *   <li>BuildKit's walker (tonistiigi/fsutil) inherits pattern results from parent directories and
 *       skips an excluded directory only when no exception could reach inside it.</li>
 * </ul>
 * Every behaviour was checked against those libraries on tens of thousands of random pattern sets.
 * One deliberate difference: a pattern whose regular expression Go cannot compile is reported when the
 * ignore file is loaded, with file and line, where Docker reports {@code syntax error in pattern} at the
 * first path it matches.
 *
 * <p>Matching simulates automata in time linear in the path (like Go), so no ignore file can make a build
 * hang.
 *
 * <p>{@link dev.kiln.engine.context.LocalContext} is a context directory with its ignore rules applied: it
 * answers what BuildKit would have received (ignored entries absent, owners 0:0) as
 * {@link dev.kiln.engine.context.ContextFile}s, resolves symlinks without ever leaving the directory (through
 * {@link dev.kiln.engine.fs.Rootfs}) and refuses relative paths that climb out of it. {@link
 * dev.kiln.engine.context.Glob} exposes Go's {@code filepath.Match} for the wildcards of {@code COPY}
 * sources. The package depends on the JDK and {@code fs} only.
 */
package dev.kiln.engine.context;
