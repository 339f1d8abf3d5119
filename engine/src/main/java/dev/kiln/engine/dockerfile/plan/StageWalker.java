package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Arg;
import dev.kiln.engine.dockerfile.instruction.ArgDefinition;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.instruction.KeyValue;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.shell.BuildArgs;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.dockerfile.shell.ExpansionException;
import dev.kiln.engine.dockerfile.shell.ShellLex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the steps of one built stage in order, as BuildKit's dispatcher does, keeping the stage's variables
 * in a {@link BuildArgs.Stage}: records the {@link Scope} before each step, applies {@code ARG} and
 * {@code ENV}, types and expands {@code RUN --mount}s, resolves the sources of {@code COPY}, {@code ADD} and
 * mounts, and rejects a reference to a stage that is not built yet.
 *
 * <p>Not thread-safe (it drives a {@link BuildArgs.Stage}); one per stage; package-private.
 */
final class StageWalker {

    private final StageTable table;
    private final ShellLex lex;
    private final int stageIndex;
    private final BuildArgs.Stage vars;
    private final List<Step> steps = new ArrayList<>();

    StageWalker(StageTable table, ShellLex lex, int stageIndex, BuildArgs.Stage vars) {
        this.table = table;
        this.lex = lex;
        this.stageIndex = stageIndex;
        this.vars = vars;
    }

    /** The steps walked so far. */
    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The variables now. */
    Scope scope() {
        return new Scope(vars.env(), vars.imageEnv(), vars.historyArgs(), lex);
    }

    /** The stage's variables, for stages based on this one. */
    BuildArgs.Stage vars() {
        return vars;
    }

    /**
     * Walks one step.
     *
     * @param at        where to report problems: the instruction, or the {@code FROM} for a trigger
     * @param onbuildOf the base the trigger comes from, if it is one
     * @throws PlanException at {@code at} when a word does not expand, a mount is invalid or a source is a
     *                       stage not built before this one
     */
    void walk(Instruction instruction, SourceRange at, Optional<Source> onbuildOf) {
        Scope before = scope();
        List<Source> sources = List.of();
        List<RunMount> mounts = List.of();
        List<BuildArgs.Declared> declared = List.of();
        try {
            switch (instruction) {
                case Arg arg -> declared = declare(arg);
                case dev.kiln.engine.dockerfile.instruction.Env env -> setEnv(env, before.env());
                case Copy copy -> {
                    Source source = copy.from().map(f -> table.copyFrom(f, at)).orElse(new Source.Context());
                    if (source instanceof Source.Stage s && s.index() >= stageIndex) {
                        throw new PlanException(at, "cannot copy from stage " + GoText.quote(copy.from().orElseThrow())
                                + ", it needs to be defined before current stage "
                                + GoText.quote(table.displayName(stageIndex)));
                    }
                    sources = List.of(source);
                }
                case Add add -> sources = List.of(new Source.Context());
                case Run run -> {
                    mounts = new ArrayList<>(run.mounts().size());
                    sources = new ArrayList<>(run.mounts().size());
                    for (RunMount written : run.mounts()) {
                        RunMount mount = written instanceof RunMount.Unresolved u
                                ? RunMount.parse(u.spec(), word -> lex.processWord(word, before.env()).value())
                                : written;
                        mounts.add(mount);
                        sources.add(mountSource(written, mount, at));
                    }
                }
                default -> {
                    // other instructions neither change the variables nor read another stage
                }
            }
        } catch (ExpansionException | IllegalArgumentException e) {
            throw new PlanException(at, e.getMessage());
        }
        steps.add(new Step(instruction, at, onbuildOf, before, sources, mounts, declared));
    }

    private List<BuildArgs.Declared> declare(Arg arg) {
        List<BuildArgs.Declared> out = new ArrayList<>(arg.args().size());
        for (ArgDefinition def : arg.args()) {
            out.add(vars.declare(def.name(), def.defaultValue().orElse(null), lex));
        }
        return out;
    }

    /** Expands every key and value against the variables before the instruction, then sets them (BuildKit). */
    private void setEnv(dev.kiln.engine.dockerfile.instruction.Env env, Env before) {
        List<String[]> pairs = new ArrayList<>(env.variables().size());
        for (KeyValue kv : env.variables()) {
            pairs.add(new String[] {lex.processWord(kv.key(), before).value(), lex.processWord(kv.value(), before).value()});
        }
        for (String[] pair : pairs) {
            vars.setEnv(pair[0], pair[1]);
        }
    }

    private Source mountSource(RunMount written, RunMount mount, SourceRange at) {
        String from = MountFrom.of(written);
        if (from.isEmpty()) {
            return mount instanceof RunMount.Bind ? new Source.Context() : new Source.Scratch();
        }
        Source source = table.mountFrom(from, at);
        if (source instanceof Source.Stage s && s.index() >= stageIndex) {
            throw new PlanException(at, "cannot mount from stage " + GoText.quote(from) + " to "
                    + GoText.quote(target(mount)) + ", stage needs to be defined before current command");
        }
        return source;
    }

    private static String target(RunMount mount) {
        return switch (mount) {
            case RunMount.Bind b -> b.target();
            case RunMount.Cache c -> c.target();
            case RunMount.Tmpfs t -> t.target();
            case RunMount.Secret s -> s.target();
            case RunMount.Ssh s -> s.target();
            case RunMount.Unresolved u -> u.spec();
        };
    }
}
