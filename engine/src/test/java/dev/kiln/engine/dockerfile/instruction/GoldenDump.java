package dev.kiln.engine.dockerfile.instruction;

import static dev.kiln.engine.dockerfile.parser.GoText.quote;

import dev.kiln.engine.dockerfile.parser.Directive;
import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import dev.kiln.engine.dockerfile.parser.Heredoc;
import dev.kiln.engine.dockerfile.parser.Node;
import dev.kiln.engine.dockerfile.parser.ParseWarning;
import dev.kiln.engine.dockerfile.parser.SyntaxTree;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The readable, stable text form of a parsed Dockerfile used by the golden tests: directives, warnings, then
 * per instruction its lines, original text, BuildKit-style node dump, heredocs and typed instruction.
 * Strings are Go-quoted so that whitespace and escapes are visible.
 */
final class GoldenDump {

    private GoldenDump() {
    }

    static String dump(SyntaxTree tree, Dockerfile dockerfile) {
        StringBuilder out = new StringBuilder();
        out.append("escape ").append(quote(String.valueOf(dockerfile.escapeToken()))).append('\n');
        for (Directive d : dockerfile.directives()) {
            out.append("directive ").append(d.name()).append('=').append(quote(d.value())).append(" line ")
                    .append(d.line()).append('\n');
        }
        if (!dockerfile.checks().equals(CheckOptions.DEFAULT)) {
            out.append("checks ").append(dockerfile.checks()).append('\n');
        }
        for (ParseWarning w : dockerfile.warnings()) {
            out.append("warning ").append(lines(w.location().startLine(), w.location().endLine())).append(' ')
                    .append(w.rule()).append(": ").append(w.message()).append('\n');
        }
        for (int i = 0; i < tree.nodes().size(); i++) {
            Node node = tree.nodes().get(i);
            Instruction instruction = dockerfile.instructions().get(i);
            out.append('\n').append(lines(node.location().startLine(), node.location().endLine())).append(' ')
                    .append(quote(instruction.original())).append('\n');
            out.append("  node ").append(node.toSexp()).append('\n');
            if (!node.comments().isEmpty()) {
                out.append("  comments ").append(node.comments().stream().map(c -> quote(c))
                        .collect(Collectors.joining(", "))).append('\n');
            }
            for (Heredoc h : node.heredocs()) {
                out.append("  heredoc ").append(quote(h.name())).append(h.expand() ? " expand" : " no-expand")
                        .append(h.chomp() ? " chomp" : "")
                        .append(h.fileDescriptor() != 0 ? " fd=" + h.fileDescriptor() : "")
                        .append(' ').append(quote(h.content())).append('\n');
            }
            out.append("  => ").append(describe(instruction)).append('\n');
        }
        return out.toString();
    }

    private static String lines(int start, int end) {
        return start == end ? "L" + start : "L" + start + "-" + end;
    }

    static String describe(Instruction instruction) {
        return switch (instruction) {
            case From f -> "From image=" + quote(f.image()) + opt(" platform=", f.platform())
                    + opt(" stage=", f.stageName());
            case Run r -> "Run " + command(r.command())
                    + (r.network() != NetworkMode.DEFAULT ? " network=" + r.network().value() : "")
                    + (r.security() != SecurityMode.SANDBOX ? " security=" + r.security().value() : "")
                    + r.devices().stream().map(d -> "\n     device " + quote(d.name()) + (d.required() ? " required" : ""))
                            .collect(Collectors.joining())
                    + r.mounts().stream().map(m -> "\n     mount " + mount(m)).collect(Collectors.joining());
            case Cmd c -> "Cmd " + command(c.command());
            case Entrypoint e -> "Entrypoint " + command(e.command());
            case Shell s -> "Shell " + list(s.shell());
            case Healthcheck h -> "Healthcheck test=" + list(h.test()) + duration(" interval=", h.interval())
                    + duration(" timeout=", h.timeout()) + duration(" start-period=", h.startPeriod())
                    + duration(" start-interval=", h.startInterval()) + (h.retries() != 0 ? " retries=" + h.retries() : "");
            case Label l -> "Label " + pairs(l.labels());
            case Env e -> "Env " + pairs(e.variables());
            case Maintainer m -> "Maintainer " + quote(m.name());
            case Expose e -> "Expose " + list(e.ports());
            case Copy c -> "Copy " + operands(c.operands()) + opt(" from=", c.from()) + opt(" chown=", c.chown())
                    + opt(" chmod=", c.chmod()) + (c.link() ? " link" : "") + (c.parents() ? " parents" : "")
                    + (c.excludes().isEmpty() ? "" : " exclude=" + list(c.excludes())) + inline(c.operands());
            case Add a -> "Add " + operands(a.operands()) + opt(" chown=", a.chown()) + opt(" chmod=", a.chmod())
                    + (a.link() ? " link" : "") + a.keepGitDir().map(b -> " keep-git-dir=" + b).orElse("")
                    + opt(" checksum=", a.checksum()) + a.unpack().map(b -> " unpack=" + b).orElse("")
                    + (a.excludes().isEmpty() ? "" : " exclude=" + list(a.excludes())) + inline(a.operands());
            case Volume v -> "Volume " + list(v.paths());
            case User u -> "User " + quote(u.user());
            case Workdir w -> "Workdir " + quote(w.path());
            case Arg a -> "Arg " + a.args().stream()
                    .map(d -> quote(d.name()) + d.defaultValue().map(v -> "=" + quote(v)).orElse(""))
                    .collect(Collectors.joining(" "));
            case StopSignal s -> "StopSignal " + quote(s.signal());
            case Onbuild o -> "Onbuild expression=" + quote(o.expression()) + "\n     trigger " + trigger(o);
        };
    }

    private static String trigger(Onbuild o) {
        try {
            return describe(o.trigger()).replace("\n     ", "\n       ");
        } catch (DockerfileParseException e) {
            return "invalid: " + e.reason();
        }
    }

    private static String command(CommandLine c) {
        StringBuilder out = new StringBuilder(c.shellForm() ? "shell " : "exec ").append(list(c.words()));
        for (InlineFile f : c.files()) {
            out.append("\n     file ").append(quote(f.name())).append(f.chomp() ? " chomp" : "").append(' ')
                    .append(quote(f.data()));
        }
        return out.toString();
    }

    private static String operands(SourcesAndDestination o) {
        return list(o.paths()) + " -> " + quote(o.destination());
    }

    private static String inline(SourcesAndDestination o) {
        return o.inline().stream().map(s -> "\n     inline " + quote(s.path()) + (s.expand() ? " expand" : " no-expand")
                + " " + quote(s.data())).collect(Collectors.joining());
    }

    private static String mount(RunMount m) {
        return switch (m) {
            case RunMount.Bind b -> "bind target=" + quote(b.target()) + str(" source=", b.source())
                    + str(" from=", b.from()) + (b.readOnly() ? "" : " rw");
            case RunMount.Cache c -> "cache target=" + quote(c.target()) + str(" id=", c.id())
                    + str(" source=", c.source()) + str(" from=", c.from()) + " sharing=" + c.sharing().name().toLowerCase()
                    + (c.readOnly() ? " ro" : "") + num(" mode=", c.mode(), 8) + num(" uid=", c.uid(), 10)
                    + num(" gid=", c.gid(), 10);
            case RunMount.Tmpfs t -> "tmpfs target=" + quote(t.target()) + (t.sizeLimit() != 0 ? " size=" + t.sizeLimit() : "")
                    + (t.readOnly() ? " ro" : "");
            case RunMount.Secret s -> "secret" + str(" id=", s.id()) + str(" source=", s.source())
                    + str(" target=", s.target()) + s.env().map(e -> " env=" + quote(e)).orElse("")
                    + (s.required() ? " required" : "") + num(" mode=", s.mode(), 8) + num(" uid=", s.uid(), 10)
                    + num(" gid=", s.gid(), 10);
            case RunMount.Ssh s -> "ssh" + str(" id=", s.id()) + str(" target=", s.target())
                    + (s.required() ? " required" : "") + num(" mode=", s.mode(), 8) + num(" uid=", s.uid(), 10)
                    + num(" gid=", s.gid(), 10);
            case RunMount.Unresolved u -> "unresolved " + quote(u.spec());
        };
    }

    private static String pairs(List<KeyValue> pairs) {
        return pairs.stream().map(p -> quote(p.key()) + (p.legacyForm() ? " " : "=") + quote(p.value()))
                .collect(Collectors.joining(" "));
    }

    private static String list(List<String> words) {
        return words.stream().map(w -> quote(w)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String opt(String label, Optional<String> value) {
        return value.map(v -> label + quote(v)).orElse("");
    }

    private static String str(String label, String value) {
        return value.isEmpty() ? "" : label + quote(value);
    }

    private static String num(String label, OptionalLong value, int radix) {
        return value.isPresent() ? label + (radix == 8 ? "0" : "") + Long.toString(value.getAsLong(), radix) : "";
    }

    private static String duration(String label, Duration d) {
        return d.isZero() ? "" : label + d;
    }
}
