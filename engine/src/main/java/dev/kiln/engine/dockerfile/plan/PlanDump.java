package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.shell.BuildArgs;
import dev.kiln.engine.dockerfile.shell.Env;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text form of a {@link Plan}: a header (target, global ARGs, warnings, levels, images), then each stage
 * with its base, references and, if built, its steps with the variables each one changes.
 *
 * <p>Stateless; package-private. Stable for golden tests: everything is printed in plan order.
 */
final class PlanDump {

    private PlanDump() {
    }

    static String dump(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("target ").append(plan.target().displayName()).append(" (stage ").append(plan.targetIndex())
                .append(", ").append(plan.selection()).append(")\n");
        for (BuildArgs.Declared d : plan.globalArgs()) {
            out.append("global ARG ").append(d.historyText()).append('\n');
        }
        if (!plan.runProxyEnv().isEmpty()) {
            out.append("run proxies ").append(pairs(plan.runProxyEnv())).append('\n');
        }
        for (String w : plan.warnings()) {
            out.append("warning ").append(w).append('\n');
        }
        out.append("levels");
        for (List<Integer> level : plan.levels()) {
            out.append(' ').append(level.stream().map(i -> plan.stages().get(i).displayName())
                    .collect(Collectors.joining(" ", "[", "]")));
        }
        out.append('\n');
        for (var image : plan.images()) {
            out.append("image ").append(image).append('\n');
        }
        for (BuildStage stage : plan.stages()) {
            stage(out, plan, stage);
        }
        return out.toString();
    }

    private static void stage(StringBuilder out, Plan plan, BuildStage stage) {
        out.append("\nstage ").append(stage.index()).append(' ').append(stage.displayName())
                .append(stage.built() ? "" : " (not built)").append('\n');
        out.append("  ").append(lines(stage.from().location())).append(' ').append(stage.from().original()).append('\n');
        out.append("  base ").append(describe(plan, stage.base()));
        if (!(stage.base() instanceof Source.Stage) && !stage.baseName().equals(baseText(stage.base()))) {
            out.append(" (").append(stage.baseName()).append(')');
        }
        out.append('\n');
        stage.platform().ifPresent(p -> out.append("  platform ").append(p).append('\n'));
        if (!stage.dependsOn().isEmpty()) {
            out.append("  depends on ").append(stage.dependsOn().stream().map(i -> plan.stages().get(i).displayName())
                    .collect(Collectors.joining(" "))).append('\n');
        }
        for (Reference r : stage.references()) {
            out.append("  ref ").append(lines(r.location())).append(r.trigger() ? " trigger " : " ")
                    .append(r.kind() == Reference.Kind.COPY_FROM ? "--from=" : "from=").append(r.written())
                    .append(" -> ").append(describe(plan, r.source())).append('\n');
        }
        if (!stage.built()) {
            return;
        }
        if (stage.base() instanceof Source.Image) {
            out.append("  config ").append(stage.baseConfig().isPresent() ? "resolved" : "unresolved").append('\n');
        }
        Env previous = stage.steps().isEmpty() ? stage.exit().orElseThrow().env() : stage.steps().getFirst().scope().env();
        out.append("  env ").append(pairs(previous)).append('\n');
        List<Step> steps = stage.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Env after = i + 1 < steps.size() ? steps.get(i + 1).scope().env() : stage.exit().orElseThrow().env();
            step(out, plan, step, after);
        }
        out.append("  image env ").append(pairs(stage.exit().orElseThrow().imageEnv())).append('\n');
    }

    private static void step(StringBuilder out, Plan plan, Step step, Env after) {
        out.append("  ").append(lines(step.location()));
        step.onbuildOf().ifPresent(o -> out.append(" trigger of ").append(describe(plan, o)));
        out.append(": ").append(step.instruction().original()).append('\n');
        if (!step.declaredArgs().isEmpty()) {
            out.append("    args ").append(step.declaredArgs().stream().map(BuildArgs.Declared::historyText)
                    .collect(Collectors.joining(" "))).append('\n');
        }
        String changed = changes(step.scope().env(), after);
        if (!changed.isEmpty()) {
            out.append("    set ").append(changed).append('\n');
        }
        if (step.mounts().isEmpty()) {
            for (Source s : step.sources()) {
                out.append("    source ").append(describe(plan, s)).append('\n');
            }
        }
        for (int m = 0; m < step.mounts().size(); m++) {
            out.append("    mount ").append(describe(step.mounts().get(m))).append(" <- ")
                    .append(describe(plan, step.sources().get(m))).append('\n');
        }
        if (step.instruction() instanceof dev.kiln.engine.dockerfile.instruction.Run
                && !step.scope().historyArgs().isEmpty()) {
            out.append("    history ").append(step.scope().runHistoryPrefix()).append('\n');
        }
    }

    private static String changes(Env before, Env after) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : after.asMap().entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                sb.append(sb.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    private static String describe(Plan plan, Source source) {
        return source instanceof Source.Stage s
                ? "stage " + s.index() + " " + plan.stages().get(s.index()).displayName()
                : source.describe();
    }

    private static String baseText(Source source) {
        return source instanceof Source.Image i ? i.reference().toString() : source.describe();
    }

    private static String describe(RunMount mount) {
        return switch (mount) {
            case RunMount.Bind b -> "bind target=" + b.target() + opt("source", b.source()) + (b.readOnly() ? "" : " rw");
            case RunMount.Cache c -> "cache target=" + c.target() + opt("id", c.id()) + opt("source", c.source())
                    + " sharing=" + c.sharing().name().toLowerCase(java.util.Locale.ROOT) + (c.readOnly() ? " ro" : "");
            case RunMount.Tmpfs t -> "tmpfs target=" + t.target() + (t.sizeLimit() == 0 ? "" : " size=" + t.sizeLimit());
            case RunMount.Secret s -> "secret" + opt("id", s.id()) + opt("target", s.target())
                    + s.env().map(e -> " env=" + e).orElse("") + (s.required() ? " required" : "");
            case RunMount.Ssh s -> "ssh" + opt("id", s.id()) + opt("target", s.target()) + (s.required() ? " required" : "");
            case RunMount.Unresolved u -> "unresolved " + u.spec();
        };
    }

    private static String opt(String key, String value) {
        return value.isEmpty() ? "" : " " + key + "=" + value;
    }

    private static String pairs(Env env) {
        if (env.isEmpty()) {
            return "(none)";
        }
        return env.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String lines(SourceRange r) {
        return r.startLine() == r.endLine() ? "L" + r.startLine() : "L" + r.startLine() + "-" + r.endLine();
    }
}
