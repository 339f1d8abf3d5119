package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.dockerfile.shell.Expansion;
import dev.kiln.engine.dockerfile.shell.ExpansionException;
import dev.kiln.engine.dockerfile.shell.ShellLex;
import java.util.List;
import java.util.Objects;

/**
 * The variables in effect at one point of a stage: what the words of the instruction there expand against,
 * what the image config's {@code Env} holds so far, and the ARGs BuildKit lists in a {@code RUN}'s history.
 *
 * <p>Immutable and thread-safe (all parts are), so the build engine can dispatch steps of independent stages
 * on several threads. It is the planner's record of {@link dev.kiln.engine.dockerfile.shell.BuildArgs.Stage}
 * before each step: ARG scoping, ENV updates and the base image's variables are already applied.
 *
 * @param env         the variables words are expanded against and {@code RUN} sees (proxies excluded, see
 *                    {@link Plan#runProxyEnv()})
 * @param imageEnv    the image config's {@code Env} so far: the base image's variables and the ENVs, no ARGs
 * @param historyArgs the ARGs as {@code NAME=value}, as BuildKit prefixes a {@code RUN}'s history entry
 * @param lex         the Dockerfile's word expansion (its escape character)
 */
public record Scope(Env env, Env imageEnv, List<String> historyArgs, ShellLex lex) {

    /** Copies the list and rejects nulls. */
    public Scope {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(imageEnv, "imageEnv");
        historyArgs = List.copyOf(historyArgs);
        Objects.requireNonNull(lex, "lex");
    }

    /**
     * Expands one word of the instruction at this point, as BuildKit's dispatcher does.
     *
     * @throws ExpansionException with BuildKit's message when the word is malformed
     */
    public Expansion expand(String word) {
        return lex.processWord(word, env);
    }

    /** The value of {@link #expand(String)}. */
    public String value(String word) {
        return lex.processWord(word, env).value();
    }

    /** BuildKit's history prefix of a {@code RUN}: {@code |2 A=1 B=2}, or empty without ARGs. */
    public String runHistoryPrefix() {
        return historyArgs.isEmpty() ? "" : "|" + historyArgs.size() + " " + String.join(" ", historyArgs);
    }
}
