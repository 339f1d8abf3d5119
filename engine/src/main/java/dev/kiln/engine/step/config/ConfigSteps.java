package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Arg;
import dev.kiln.engine.dockerfile.instruction.Cmd;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Entrypoint;
import dev.kiln.engine.dockerfile.instruction.Env;
import dev.kiln.engine.dockerfile.instruction.Expose;
import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.instruction.Healthcheck;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.instruction.KeyValue;
import dev.kiln.engine.dockerfile.instruction.Label;
import dev.kiln.engine.dockerfile.instruction.Maintainer;
import dev.kiln.engine.dockerfile.instruction.Onbuild;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.Shell;
import dev.kiln.engine.dockerfile.instruction.StopSignal;
import dev.kiln.engine.dockerfile.instruction.User;
import dev.kiln.engine.dockerfile.instruction.Volume;
import dev.kiln.engine.dockerfile.instruction.Workdir;
import dev.kiln.engine.dockerfile.plan.Scope;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.HealthCheck;
import dev.kiln.engine.oci.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata instructions: what each does to the image config, with BuildKit's semantics
 * ({@code dispatchEnv}, {@code dispatchLabel}, {@code dispatchExpose}, ... in
 * {@code frontend/dockerfile/dockerfile2llb/convert.go}).
 *
 * <p>Stateless and thread-safe; every function returns new immutable values. The build orchestrator folds a
 * stage's steps through {@link #apply} (and runs {@code RUN}/{@code COPY}/{@code ADD} itself); no function
 * here does I/O.
 */
public final class ConfigSteps {

    private ConfigSteps() {
    }

    /**
     * Whether {@link #apply} handles {@code i}: every instruction but {@code RUN}, {@code COPY}, {@code ADD}
     * (and {@code FROM}, which is no step). {@code WORKDIR} is metadata here; the orchestrator also creates
     * the directory with {@link Workdirs#create}.
     */
    public static boolean isMetadata(Instruction i) {
        return switch (i) {
            case Run r -> false;
            case Copy c -> false;
            case Add a -> false;
            case From f -> false;
            default -> true;
        };
    }

    /**
     * Applies a metadata instruction.
     *
     * <ul>
     *   <li>{@code ENV}, {@code ARG}: {@code Env} becomes {@code next.imageEnv()} (ARG leaves it as it was;
     *       the planner did the scoping);</li>
     *   <li>{@code LABEL}: keys and values expanded, later wins; {@code EXPOSE}: words sorted as written,
     *       expanded and split, parsed to {@code port/proto} keys (ranges unrolled); {@code VOLUME}: each path
     *       expanded, none may be empty; {@code USER}, {@code STOPSIGNAL} (validated) expanded;
     *       {@code WORKDIR}: see {@link Words#workdir};</li>
     *   <li>{@code CMD}, {@code ENTRYPOINT}: shell form is {@code Shell} (default {@code /bin/sh -c}) + the
     *       command; CMD sets {@code ArgsEscaped} as BuildKit does; ENTRYPOINT clears an inherited
     *       {@code Cmd} unless {@link StageConfig#cmdSet()};</li>
     *   <li>{@code HEALTHCHECK} replaces the health check ({@code NONE} disables one); {@code SHELL} sets
     *       {@code Shell}; {@code ONBUILD} appends its trigger text; {@code MAINTAINER} sets {@code author}.</li>
     * </ul>
     *
     * @param before the stage config before the step
     * @param step   the step, whose scope is the one before it
     * @param next   the scope after the step: the next step's, or the stage's exit scope
     * @throws StepException            {@code <file>:<line>: <KEYWORD>: <reason>} for a word that does not
     *                                  expand, an invalid port or signal, an empty volume
     * @throws IllegalArgumentException for RUN, COPY, ADD or FROM
     */
    public static ConfigChange apply(StageConfig before, Step step, Scope next) throws StepException {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(next, "next");
        ImageConfig image = before.config();
        ContainerConfig c = image.config();
        boolean cmdSet = before.cmdSet();
        String text;
        switch (step.instruction()) {
            case Env e -> {
                text = HistoryText.pairs("ENV", Words.pairs(step, e.variables()));
                c = c.withEnv(next.imageEnv().toList());
            }
            case Arg a -> {
                text = HistoryText.arg(step);
                c = c.withEnv(next.imageEnv().toList());
            }
            case Label l -> {
                List<KeyValue> pairs = Words.pairs(step, l.labels());
                Map<String, String> labels = new LinkedHashMap<>(c.labels());
                pairs.forEach(kv -> labels.put(kv.key(), kv.value()));
                c = c.withLabels(labels);
                text = HistoryText.pairs("LABEL", pairs);
            }
            case Expose x -> {
                List<String> ports = ports(step, x);
                LinkedHashSet<String> all = new LinkedHashSet<>(c.exposedPorts());
                all.addAll(ports);
                c = c.withExposedPorts(all);
                text = HistoryText.expose(ports);
            }
            case Volume v -> {
                List<String> volumes = volumes(step, v);
                LinkedHashSet<String> all = new LinkedHashSet<>(c.volumes());
                all.addAll(volumes);
                c = c.withVolumes(all);
                text = HistoryText.volume(volumes);
            }
            case User u -> {
                String user = Words.word(step, u.user());
                c = c.withUser(user);
                text = HistoryText.user(user);
            }
            case Workdir w -> {
                String wd = Words.workdir(step, c.workingDir());
                c = c.withWorkingDir(wd);
                text = HistoryText.workdir(wd);
            }
            case Cmd cmd -> {
                List<String> args = HistoryText.commandArgs(cmd.command(), image);
                c = c.withCmd(args).withArgsEscaped(true);
                cmdSet = true;
                text = HistoryText.cmd(args);
            }
            case Entrypoint e -> {
                List<String> args = HistoryText.commandArgs(e.command(), image);
                c = c.withEntrypoint(args);
                if (!before.cmdSet()) {
                    c = c.withCmd(List.of());
                }
                text = HistoryText.entrypoint(args);
            }
            case Healthcheck h -> {
                HealthCheck hc = healthcheck(h);
                c = c.withHealthcheck(hc);
                text = HistoryText.healthcheck(hc);
            }
            case Shell s -> {
                c = c.withShell(s.shell());
                text = HistoryText.shell(s.shell());
            }
            case StopSignal s -> {
                String signal = signal(step, s);
                c = c.withStopSignal(signal);
                text = HistoryText.stopSignal(signal);
            }
            case Onbuild o -> {
                List<String> triggers = new ArrayList<>(c.onBuild());
                triggers.add(o.expression());
                c = c.withOnBuild(triggers);
                text = "";
            }
            case Maintainer m -> {
                image = image.withAuthor(m.name());
                text = HistoryText.maintainer(m.name());
            }
            case Run r -> throw notMetadata(r);
            case Copy cp -> throw notMetadata(cp);
            case Add a -> throw notMetadata(a);
            case From f -> throw notMetadata(f);
        }
        return new ConfigChange(new StageConfig(image.withConfig(c), cmdSet), text);
    }

    /**
     * {@code config} with {@code labels} added (replacing labels of the same key): kaniko's and BuildKit's
     * {@code --label k=v}, applied to the target's config after its last step.
     */
    public static ImageConfig withLabels(ImageConfig config, Map<String, String> labels) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(labels, "labels");
        if (labels.isEmpty()) {
            return config;
        }
        Map<String, String> all = new LinkedHashMap<>(config.config().labels());
        all.putAll(labels);
        return config.withConfig(config.config().withLabels(all));
    }

    /** The ports of an EXPOSE, in BuildKit's order: words sorted as written (bytewise), expanded, unrolled. */
    static List<String> ports(Step step, Expose x) {
        List<String> words = new ArrayList<>(x.ports());
        words.sort(Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        List<String> out = new ArrayList<>();
        for (String word : words) {
            for (String spec : Words.split(step, word)) {
                try {
                    out.addAll(Ports.parse(spec));
                } catch (IllegalArgumentException e) {
                    throw Words.fail(step, e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** The expanded paths of a VOLUME; none may be empty. */
    static List<String> volumes(Step step, Volume v) {
        List<String> out = new ArrayList<>();
        for (String path : v.paths()) {
            String expanded = Words.word(step, path);
            if (expanded.isEmpty()) {
                throw Words.fail(step, "VOLUME specified can not be an empty string", null);
            }
            out.add(expanded);
        }
        return out;
    }

    /** The expanded, validated signal of a STOPSIGNAL. */
    static String signal(Step step, StopSignal s) {
        String signal = Words.word(step, s.signal());
        try {
            Signals.check(signal);
        } catch (IllegalArgumentException e) {
            throw Words.fail(step, e.getMessage(), e);
        }
        return signal;
    }

    /** The config's health check for a HEALTHCHECK: the instruction's fields as they are. */
    static HealthCheck healthcheck(Healthcheck h) {
        return new HealthCheck(h.test(), h.interval(), h.timeout(), h.startPeriod(), h.startInterval(), h.retries());
    }

    private static IllegalArgumentException notMetadata(Instruction i) {
        return new IllegalArgumentException("not a metadata instruction: " + i.original());
    }
}
