package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.InlineSource;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.instruction.KeyValue;
import dev.kiln.engine.dockerfile.instruction.SourcesAndDestination;
import dev.kiln.engine.dockerfile.instruction.Workdir;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.dockerfile.shell.ExpansionException;
import dev.kiln.engine.dockerfile.shell.ShellLex;
import dev.kiln.engine.step.copy.CopyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Word expansion of a step, per BuildKit's table ({@link dev.kiln.engine.dockerfile.shell.InstructionExpansion}):
 * the {@code COPY}/{@code ADD} request with its words expanded, and the directory a {@code WORKDIR} sets.
 *
 * <p>Stateless and thread-safe. Words are expanded one by one with the step's scope ({@code Scope.env()}, the
 * variables before the instruction, ARGs included) and the Dockerfile's escape character, as BuildKit's
 * {@code dispatch} does with {@code ProcessWord}; {@code EXPOSE} alone splits words ({@code ProcessWords}).
 * A word that does not expand is a {@link StepException} naming the line, the keyword and BuildKit's
 * message.
 */
public final class Words {

    private Words() {
    }

    /**
     * The {@code COPY} or {@code ADD} of {@code step} with its sources, destination, {@code --chown},
     * {@code --chmod} and (ADD) {@code --checksum} expanded, and the bodies of heredocs with an unquoted
     * delimiter expanded with BuildKit's heredoc lexer ({@code \} as escape, quotes kept). {@code --exclude}
     * patterns and {@code --from} are not expanded (BuildKit does not either). A flag that expands to the
     * empty string counts as not given.
     *
     * @param workdir the stage's {@code WorkingDir}; {@code "/"} when empty
     * @throws StepException            when a word does not expand
     * @throws IllegalArgumentException when the step is neither COPY nor ADD
     */
    public static CopyRequest copyRequest(Step step, String workdir) throws StepException {
        Objects.requireNonNull(step, "step");
        String wd = workdir == null || workdir.isEmpty() ? "/" : workdir;
        int line = step.location().startLine();
        return switch (step.instruction()) {
            case Copy c -> {
                CopyRequest.Builder b = CopyRequest.builder(CopyRequest.Kind.COPY).line(line).workdir(wd)
                        .chown(expand(step, c.chown())).chmod(expand(step, c.chmod())).parents(c.parents())
                        .excludes(c.excludes()).link(c.link());
                operands(step, c.operands(), b);
                yield b.build();
            }
            case Add a -> {
                CopyRequest.Builder b = CopyRequest.builder(CopyRequest.Kind.ADD).line(line).workdir(wd)
                        .chown(expand(step, a.chown())).chmod(expand(step, a.chmod()))
                        .checksum(expand(step, a.checksum())).excludes(a.excludes()).link(a.link());
                a.keepGitDir().ifPresent(b::keepGitDir);
                a.unpack().ifPresent(b::unpack);
                operands(step, a.operands(), b);
                yield b.build();
            }
            default -> throw new IllegalArgumentException("not a COPY or ADD: " + step.instruction().original());
        };
    }

    /**
     * The absolute directory the {@code WORKDIR} of {@code step} sets: its path expanded, and when relative
     * joined to {@code current} and cleaned, as BuildKit's {@code system.NormalizeWorkdir} does on Linux. An
     * absolute path is kept as written (BuildKit does not clean it: {@code WORKDIR /app/} stores
     * {@code /app/}); an empty one keeps the current directory.
     *
     * @param current the stage's {@code WorkingDir} so far, {@code ""} for none
     * @throws StepException            when the path does not expand
     * @throws IllegalArgumentException when the step is not a WORKDIR
     */
    public static String workdir(Step step, String current) throws StepException {
        if (!(step.instruction() instanceof Workdir w)) {
            throw new IllegalArgumentException("not a WORKDIR: " + step.instruction().original());
        }
        return normalizeWorkdir(current == null ? "" : current, word(step, w.path()));
    }

    /** BuildKit's {@code NormalizeWorkdir(current, wd, "linux")}. */
    static String normalizeWorkdir(String current, String wd) {
        String parent = current.isEmpty() ? "/" : current;
        if (!parent.startsWith("/")) {
            parent = clean("/" + parent);
        }
        if (wd.isEmpty()) {
            wd = parent;
        }
        if (!wd.startsWith("/")) {
            wd = clean(parent + "/" + wd);
        }
        return wd;
    }

    /** Go's {@code path.Clean} for an absolute path. */
    static String clean(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(part);
        }
        return "/" + String.join("/", out);
    }

    private static void operands(Step step, SourcesAndDestination ops, CopyRequest.Builder b) {
        for (String source : ops.paths()) {
            b.source(word(step, source));
        }
        for (InlineSource doc : ops.inline()) {
            b.heredoc(doc.path(), doc.expand() ? heredocBody(step, doc.data()) : doc.data());
        }
        b.destination(word(step, ops.destination()));
    }

    private static String heredocBody(Step step, String data) {
        try {
            return ShellLex.forHeredocBody().processWord(data, step.scope().env()).value();
        } catch (ExpansionException e) {
            throw fail(step, e.getMessage(), e);
        }
    }

    private static String expand(Step step, Optional<String> word) {
        return word.map(w -> word(step, w)).orElse(null);
    }

    /** One word expanded with the step's scope. */
    static String word(Step step, String word) {
        try {
            return step.scope().expand(word).value();
        } catch (ExpansionException e) {
            throw fail(step, e.getMessage(), e);
        }
    }

    /** One word expanded and split into words, as {@code EXPOSE} does. */
    static List<String> split(Step step, String word) {
        try {
            return step.scope().lex().processWords(word, step.scope().env());
        } catch (ExpansionException e) {
            throw fail(step, e.getMessage(), e);
        }
    }

    /** Keys and values expanded one by one with the scope before the instruction (ENV, LABEL). */
    static List<KeyValue> pairs(Step step, List<KeyValue> pairs) {
        List<KeyValue> out = new ArrayList<>(pairs.size());
        for (KeyValue kv : pairs) {
            out.add(new KeyValue(word(step, kv.key()), word(step, kv.value()), kv.legacyForm()));
        }
        return out;
    }

    /** A {@link StepException} at the step's location: {@code <KEYWORD>: <reason>}. */
    static StepException fail(Step step, String reason, Throwable cause) {
        return new StepException(step.location(), keyword(step.instruction()) + ": " + reason, cause);
    }

    /** The instruction's keyword in upper case, whatever case it was written in. */
    static String keyword(Instruction i) {
        return i.keyword().toUpperCase(Locale.ROOT);
    }
}
