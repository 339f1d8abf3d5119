package dev.kiln.engine.cache.key;

import dev.kiln.engine.context.Glob;
import dev.kiln.engine.dockerfile.instruction.InlineFile;
import dev.kiln.engine.dockerfile.instruction.InlineSource;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.RunDevice;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.dockerfile.plan.BuildStage;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.step.config.Words;
import dev.kiln.engine.step.copy.AddSources;
import dev.kiln.engine.step.copy.CopyRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a {@code RUN}, {@code COPY} or {@code ADD} means, written into its step key (docs/CACHE.md lists the
 * fields). Never the Dockerfile line number (a comment above the step must not change its key), never a
 * secret's value, a cache mount's content, the proxy variables or a time.
 *
 * <p>Stateless. Each function returns why the step's result is known only when it runs, if it is (an
 * {@code ADD} of a Git repository or of a URL without {@code --checksum}, a source whose content is
 * unknown).
 */
final class StepMeaning {

    private StepMeaning() {
    }

    /**
     * A {@code RUN}: the command (shell or exec form, heredoc bodies), the shell, user and working directory of
     * the config before it, the variables in scope sorted by name, the flags, and every mount.
     */
    static Optional<String> run(KeyEncoder e, Step step, Run run, ImageConfig config, StageKeyer.Lookup lookup,
            ContextHasher context, BuildStage stage) throws IOException {
        ContainerConfig c = config.config();
        e.field("instruction", "RUN").field("shell-form", run.command().shellForm())
                .field("words", run.command().words());
        e.count("heredocs", run.command().files().size());
        for (InlineFile f : run.command().files()) {
            e.field("name", f.name()).field("data", f.data()).field("chomp", f.chomp());
        }
        e.field("shell", c.shell()).field("os", config.os()).field("user", c.user())
                .field("workdir", c.workingDir());
        Map<String, String> env = new TreeMap<>(step.scope().env().asMap());
        e.count("env", env.size());
        env.forEach(e::field);
        e.field("network", run.network().value()).field("security", run.security().value());
        e.count("devices", run.devices().size());
        for (RunDevice d : run.devices()) {
            e.field("device", d.name()).field("required", d.required());
        }
        Optional<String> unknown = Optional.empty();
        e.count("mounts", step.mounts().size());
        for (int i = 0; i < step.mounts().size(); i++) {
            RunMount mount = step.mounts().get(i);
            Source source = i < step.sources().size() ? step.sources().get(i) : new Source.Scratch();
            Optional<String> u = mount(e, mount, source, lookup, context, stage);
            if (unknown.isEmpty()) {
                unknown = u;
            }
        }
        return unknown;
    }

    private static Optional<String> mount(KeyEncoder e, RunMount mount, Source source, StageKeyer.Lookup lookup,
            ContextHasher context, BuildStage stage) throws IOException {
        switch (mount) {
            case RunMount.Bind b -> {
                // cleaned from the source's root as the mount resolves it: "../x" is "/x"
                String path = Glob.clean("/" + b.source());
                e.field("type", "bind").field("target", b.target()).field("source", path)
                        .field("read-only", b.readOnly());
                if (source instanceof Source.Context) {
                    e.field("from", "context").field("tree", context.tree(path, List.of()));
                    return Optional.empty();
                }
                StageKeyer.Resolved r = lookup.resolve(source, stage);
                e.field("from", r.identity());
                return r.unknown();
            }
            case RunMount.Cache c -> {
                // never the content: a cache mount is a scratch space the command must not depend on
                e.field("type", "cache").field("target", c.target()).field("id", c.id())
                        .field("source", c.source()).field("from", c.from()).field("sharing", c.sharing().name())
                        .field("read-only", c.readOnly());
                number(e, "mode", c.mode());
                number(e, "uid", c.uid());
                number(e, "gid", c.gid());
            }
            case RunMount.Tmpfs t -> e.field("type", "tmpfs").field("target", t.target())
                    .field("size", t.sizeLimit()).field("read-only", t.readOnly());
            case RunMount.Secret s -> {
                // never the value: keys are tags in a registry anyone with pull access can list
                e.field("type", "secret").field("id", s.id()).field("source", s.source())
                        .field("target", s.target()).field("env", s.env()).field("required", s.required());
                number(e, "mode", s.mode());
                number(e, "uid", s.uid());
                number(e, "gid", s.gid());
            }
            case RunMount.Ssh s -> {
                e.field("type", "ssh").field("id", s.id()).field("target", s.target())
                        .field("required", s.required());
                number(e, "mode", s.mode());
                number(e, "uid", s.uid());
                number(e, "gid", s.gid());
            }
            case RunMount.Unresolved u -> e.field("type", "unresolved").field("spec", u.spec());
        }
        return Optional.empty();
    }

    private static void number(KeyEncoder e, String name, OptionalLong value) {
        e.field(name, value.isPresent() ? Optional.of(Long.toString(value.getAsLong())) : Optional.empty());
    }

    /**
     * A {@code COPY} or {@code ADD}: the request with its words expanded (without its line) and what its
     * sources hold: for the context, each match of each source and the digest of its tree; for a stage its
     * exit key; for an image its digest; for a URL with {@code --checksum} the URL and checksum.
     */
    static Optional<String> copy(KeyEncoder e, Step step, ImageConfig config, StageKeyer.Lookup lookup,
            ContextHasher context, BuildStage stage) throws IOException {
        CopyRequest req = Words.copyRequest(step, config.config().workingDir());
        e.field("instruction", req.kind().name()).field("sources", req.sources());
        e.count("inline", req.inline().size());
        for (InlineSource s : req.inline()) {
            e.field("name", s.path()).field("data", s.data());
        }
        e.field("destination", req.destination()).field("workdir", req.workdir()).field("chown", req.chown())
                .field("chmod", req.chmod()).field("parents", req.parents()).field("excludes", req.excludes())
                .field("link", req.link()).field("checksum", req.checksum())
                .field("keep-git-dir", req.keepGitDir().map(String::valueOf))
                .field("unpack", req.unpack().map(String::valueOf));
        Source source = step.sources().isEmpty() ? new Source.Context() : step.sources().getFirst();
        if (!(source instanceof Source.Context)) {
            StageKeyer.Resolved r = lookup.resolve(source, stage);
            e.field("from", r.identity());
            return r.unknown();
        }
        e.field("from", "context");
        Optional<String> unknown = Optional.empty();
        for (String src : req.sources()) {
            AddSources.Kind kind = req.kind() == CopyRequest.Kind.ADD ? AddSources.kind(src) : AddSources.Kind.LOCAL;
            switch (kind) {
                case GIT -> {
                    e.field("git", src);
                    if (unknown.isEmpty()) {
                        unknown = Optional.of("ADD " + AddSources.redact(src)
                                + ": a Git repository's content is known only when it is fetched");
                    }
                }
                case HTTP -> {
                    e.field("url", src);
                    if (req.checksum().isEmpty() && unknown.isEmpty()) {
                        unknown = Optional.of("ADD " + AddSources.redact(src)
                                + " has no --checksum: its content is known only when it is downloaded");
                    }
                }
                case LOCAL -> local(e, req, src, context);
            }
        }
        return unknown;
    }

    private static void local(KeyEncoder e, CopyRequest req, String src, ContextHasher context) throws IOException {
        List<String> paths = new ArrayList<>();
        if (req.parents()) {
            // --parents matches its pattern with the .dockerignore matcher (** included) below a base:
            // hash the whole base when the pattern has wildcards, a superset of what is copied
            int pivot = src.indexOf("/./");
            String base = pivot < 0 ? "/" : Glob.clean("/" + src.substring(0, pivot));
            String pattern = pivot < 0 ? src : src.substring(pivot + 3);
            paths.add(Glob.hasWildcards(base) ? "/" : Glob.hasWildcards(pattern) ? base : base + "/" + pattern);
        } else {
            paths.addAll(context.matches(src));
        }
        e.count("matches", paths.size());
        for (String p : paths) {
            e.field("match", p).field("tree", context.tree(p, req.excludes()));
        }
    }
}
