package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Arg;
import dev.kiln.engine.dockerfile.instruction.Cmd;
import dev.kiln.engine.dockerfile.instruction.CommandLine;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Entrypoint;
import dev.kiln.engine.dockerfile.instruction.Env;
import dev.kiln.engine.dockerfile.instruction.Expose;
import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.instruction.Healthcheck;
import dev.kiln.engine.dockerfile.instruction.InlineFile;
import dev.kiln.engine.dockerfile.instruction.InlineSource;
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
import dev.kiln.engine.dockerfile.parser.Heredoc;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.dockerfile.shell.BuildArgs;
import dev.kiln.engine.oci.HealthCheck;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.step.copy.CopyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The image history's {@code created_by} text of a step, exactly as BuildKit writes it
 * ({@code commitToHistory} and the {@code dispatch*} functions of {@code frontend/dockerfile/dockerfile2llb}),
 * so that images built by Kiln read like those built by BuildKit.
 *
 * <p>Stateless and thread-safe. The texts use Go's formatting of the expanded values, which this class
 * reproduces: {@code ENV A=b}, {@code LABEL a=b}, {@code ARG X=1}, {@code USER app}, {@code WORKDIR /app},
 * {@code CMD ["/bin/sh" "-c" "echo hi"]} ({@code %q} of the final argv), {@code VOLUME [/data]},
 * {@code SHELL [/bin/bash -c]}, {@code EXPOSE [80/tcp 8000/udp]} (the ports in BuildKit's order: the words
 * sorted as written, each expanded and ranges unrolled), {@code HEALTHCHECK {Test:[CMD-SHELL x] Interval:30s
 * ...}} ({@code %+v}), {@code RUN |1 X=1 /bin/sh -c echo hi # buildkit}, {@code COPY --chown=app a /b # buildkit}.
 * Steps that change the filesystem ({@code RUN}, {@code COPY}, {@code ADD}) end with {@code " # buildkit"};
 * {@code ONBUILD} has no history entry at all in BuildKit, so its text is empty.
 */
public final class HistoryText {

    /** The {@code comment} BuildKit gives every history entry a Dockerfile step makes. */
    public static final String COMMENT = "buildkit.dockerfile.v0";

    private static final String BUILDKIT_SUFFIX = " # buildkit";

    private HistoryText() {
    }

    /**
     * The {@code created_by} of {@code step}, for any instruction but {@code FROM}.
     *
     * @param before the image config before the step (its {@code Shell}, {@code OS} and {@code WorkingDir}
     *               decide the texts of shell forms and relative {@code WORKDIR}s)
     * @return the text, or {@code ""} for {@code ONBUILD}, which BuildKit does not record
     * @throws StepException when a word of the step does not expand or a port or signal is invalid
     */
    public static String createdBy(Step step, ImageConfig before) throws StepException {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(before, "before");
        return switch (step.instruction()) {
            case Run r -> run(step, r, before);
            case Copy c -> copy(Words.copyRequest(step, before.config().workingDir()));
            case Add a -> copy(Words.copyRequest(step, before.config().workingDir()));
            case Env e -> pairs("ENV", Words.pairs(step, e.variables()));
            case Label l -> pairs("LABEL", Words.pairs(step, l.labels()));
            case Arg a -> arg(step);
            case Expose x -> expose(ConfigSteps.ports(step, x));
            case Volume v -> volume(ConfigSteps.volumes(step, v));
            case User u -> user(Words.word(step, u.user()));
            case Workdir w -> workdir(Words.workdir(step, before.config().workingDir()));
            case Cmd c -> cmd(commandArgs(c.command(), before));
            case Entrypoint e -> entrypoint(commandArgs(e.command(), before));
            case Healthcheck h -> healthcheck(ConfigSteps.healthcheck(h));
            case Shell s -> shell(s.shell());
            case StopSignal s -> stopSignal(ConfigSteps.signal(step, s));
            case Maintainer m -> maintainer(m.name());
            case Onbuild o -> "";
            case From f -> throw new IllegalArgumentException("FROM is not a step: " + f.original());
        };
    }

    /**
     * Whether BuildKit records the step's history entry with {@code empty_layer}: true for metadata
     * instructions, false for {@code RUN}, {@code COPY}, {@code ADD} and for a {@code WORKDIR} other than
     * {@code /} (BuildKit makes a layer for its {@code mkdir}, which its exporter marks empty again when the
     * directory existed and the diff is empty).
     *
     * @param after the image config after the step (for {@code WORKDIR}, the directory it set)
     */
    public static boolean emptyLayer(Step step, ImageConfig after) {
        return switch (step.instruction()) {
            case Run r -> false;
            case Copy c -> false;
            case Add a -> false;
            case Workdir w -> after.config().workingDir().equals("/");
            default -> true;
        };
    }

    /** The argv of a CMD or ENTRYPOINT (and RUN): exec words, or the shell + the command string. */
    static List<String> commandArgs(CommandLine command, ImageConfig image) {
        return command.shellForm() ? withShell(image, command.words()) : command.words();
    }

    /** BuildKit's {@code withShell}: the config's Shell, else the OS's default, then the words joined by spaces. */
    static List<String> withShell(ImageConfig image, List<String> words) {
        List<String> out = new ArrayList<>(shell(image));
        out.add(String.join(" ", words));
        return out;
    }

    private static List<String> shell(ImageConfig image) {
        if (!image.config().shell().isEmpty()) {
            return image.config().shell();
        }
        return image.os().equals("windows") ? List.of("cmd", "/S", "/C") : List.of("/bin/sh", "-c");
    }

    /**
     * {@code dispatchRun}'s args and {@code runCommandString}: the ARG prefix, then the argv as run, with a
     * single heredoc ({@code RUN <<EOF}) replaced by its body, or by {@code /dev/pipes/<name>} when the body
     * starts with {@code #!}, and several heredocs appended to the command line with their delimiters.
     */
    private static String run(Step step, Run run, ImageConfig before) {
        CommandLine command = run.command();
        List<String> args = command.words();
        if (!command.files().isEmpty() && args.size() == 1 && command.shellForm()) {
            if (Heredoc.fromWord(args.getFirst()).isPresent()) {
                InlineFile file = command.files().getFirst();
                String data = file.effectiveData();
                args = !before.os().equals("windows") && data.startsWith("#!")
                        ? List.of(Words.clean("/dev/pipes/" + file.name()))
                        : List.of(data);
            } else {
                StringBuilder b = new StringBuilder(args.getFirst());
                for (InlineFile file : command.files()) {
                    b.append('\n').append(file.data()).append(file.name());
                }
                args = List.of(b.toString());
            }
        }
        if (command.shellForm()) {
            args = withShell(before, args);
        }
        List<String> parts = new ArrayList<>();
        String prefix = step.scope().runHistoryPrefix();
        if (!prefix.isEmpty()) {
            parts.add(prefix);
        }
        parts.addAll(args);
        return "RUN " + String.join(" ", parts) + BUILDKIT_SUFFIX;
    }

    /** {@code dispatchCopy}'s commit message. */
    static String copy(CopyRequest r) {
        StringBuilder b = new StringBuilder(r.kind().name());
        if (r.parents()) {
            b.append(" --parents");
        }
        r.chown().ifPresent(v -> b.append(" --chown=").append(v));
        r.chmod().ifPresent(v -> b.append(" --chmod=").append(v));
        for (String src : r.sources()) {
            b.append(' ').append(src);
        }
        for (InlineSource doc : r.inline()) {
            b.append(" <<").append(doc.path());
        }
        return b.append(' ').append(r.destination()).append(BUILDKIT_SUFFIX).toString();
    }

    static String pairs(String keyword, List<KeyValue> pairs) {
        StringBuilder b = new StringBuilder(keyword);
        for (KeyValue kv : pairs) {
            b.append(' ').append(kv.key()).append('=').append(kv.value());
        }
        return b.toString();
    }

    static String arg(Step step) {
        return "ARG " + step.declaredArgs().stream().map(BuildArgs.Declared::historyText)
                .collect(Collectors.joining(" "));
    }

    static String expose(List<String> ports) {
        return "EXPOSE " + GoFormat.list(ports);
    }

    static String volume(List<String> volumes) {
        return "VOLUME " + GoFormat.list(volumes);
    }

    static String user(String user) {
        return "USER " + user;
    }

    static String workdir(String workdir) {
        return "WORKDIR " + workdir;
    }

    static String cmd(List<String> args) {
        return "CMD " + GoFormat.quotedList(args);
    }

    static String entrypoint(List<String> args) {
        return "ENTRYPOINT " + GoFormat.quotedList(args);
    }

    static String healthcheck(HealthCheck h) {
        return "HEALTHCHECK " + GoFormat.healthcheck(h);
    }

    static String shell(List<String> shell) {
        return "SHELL " + GoFormat.list(shell);
    }

    static String stopSignal(String signal) {
        return "STOPSIGNAL " + signal;
    }

    static String maintainer(String name) {
        return "MAINTAINER " + name;
    }
}
