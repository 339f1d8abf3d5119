package dev.kiln.engine.step.run;

import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.run.MountSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the {@code --mount}s of one {@code RUN} into {@link MountSpec}s with host paths, as BuildKit's
 * {@code dispatchRunMounts} and {@code dispatchSecret} (frontend {@code dockerfile2llb/convert_runmount.go},
 * {@code convert_secrets.go}) and its executor would provide them.
 *
 * <p>Not thread-safe; one per prepare call. Problems are {@link Problem}s (the option and the reason), which
 * {@link RunStep} prefixes with the Dockerfile location. Every resource it takes (cache leases, scratch
 * copies) goes into the run's {@link Resources}, so a failure halfway releases what was taken.
 */
final class MountResolver {

    /** A mount cannot be provided; the message names the option and never secret content. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final StepException.Reason reason;

        Problem(StepException.Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        Problem(StepException.Reason reason, String message) {
            this(reason, message, null);
        }
    }

    /** The secret environment variables: names with values, kept apart from the spec's plain env. */
    record SecretEnv(String name, String value) {
        @Override
        public String toString() {
            return "SecretEnv[" + name + "=****]";
        }
    }

    private final RunStepOptions options;
    private final CacheStore caches;
    private final MountSources sources;
    private final Resources resources;
    private final String workingDir;
    final List<MountSpec> mounts = new ArrayList<>();
    final List<SecretEnv> secretEnv = new ArrayList<>();

    MountResolver(RunStepOptions options, CacheStore caches, MountSources sources, Resources resources, String workingDir) {
        this.options = options;
        this.caches = caches;
        this.sources = sources;
        this.resources = resources;
        this.workingDir = workingDir;
    }

    /** Resolves one mount; {@code source} is the plan's source for it. */
    void add(RunMount mount, Source source) throws Problem, InterruptedException {
        switch (mount) {
            case RunMount.Bind b -> bind(b, source);
            case RunMount.Cache c -> cache(c, source);
            case RunMount.Tmpfs t -> mounts.add(new MountSpec.Tmpfs(target("tmpfs", t.target()), t.sizeLimit()));
            case RunMount.Secret s -> secret(s);
            case RunMount.Ssh s -> throw new Problem(StepException.Reason.UNSUPPORTED, "RUN --mount=type=ssh"
                    + (s.id().isEmpty() ? "" : ",id=" + s.id()) + ": SSH agent forwarding is not supported by Kiln");
            case RunMount.Unresolved u -> throw new IllegalStateException("mount not typed by the planner: " + u.spec());
        }
    }

    /** BuildKit: a relative target is below the working directory; {@code /} itself is refused. */
    private String target(String type, String target) throws Problem {
        String t = target.startsWith("/") ? clean(target) : clean(workingDir + "/" + target);
        if (target.isEmpty() || t.equals("/")) {
            throw new Problem(StepException.Reason.INVALID, "RUN --mount=type=" + type + ",target=" + target
                    + ": invalid mount target \"" + t + "\"");
        }
        return t;
    }

    private void bind(RunMount.Bind b, Source source) throws Problem {
        String what = "RUN --mount=type=bind,source=" + (b.source().isEmpty() ? "/" : b.source()) + ",target=" + b.target();
        String target = target("bind", b.target());
        String path = clean("/" + b.source());
        try {
            Path host = switch (source) {
                case Source.Context c -> contextBind(what, path, b.readOnly());
                case Source.Scratch s -> {
                    if (!path.equals("/")) {
                        throw new Problem(StepException.Reason.INVALID, what + ": \"" + path + "\" not found in scratch");
                    }
                    yield resources.directory("scratch-", 0755);
                }
                case Source.Stage s -> rootBind(what, path, source, b.readOnly());
                case Source.Image i -> rootBind(what, path, source, b.readOnly());
            };
            mounts.add(new MountSpec.Bind(host, target, b.readOnly()));
        } catch (IOException e) {
            throw new Problem(StepException.Reason.IO, what + ": " + e.getMessage(), e);
        }
    }

    /** The context's file or directory, filtered by .dockerignore, copied unless read-only and unfiltered. */
    private Path contextBind(String what, String path, boolean readOnly) throws IOException, Problem {
        LocalContext context = sources.context();
        Path host;
        try {
            host = context.rootfs().resolve(path);
        } catch (PosixException e) {
            throw new Problem(StepException.Reason.INVALID, what + ": " + e.getMessage(), e);
        }
        String rel = context.normalize(context.rootfs().containerPath(host));
        if (!Files.exists(host) || !rel.equals(".") && context.resolve(rel).isEmpty()) {
            throw new Problem(StepException.Reason.INVALID, what + ": \"" + path + "\" not found in the build context");
        }
        boolean filtered = !context.ignore().patterns().isEmpty();
        if (readOnly && !filtered) {
            return host;
        }
        Path copy = resources.scratch().resolve("context-" + mounts.size());
        if (filtered) {
            TreeCopy.copyContext(context, rel, copy);
        } else {
            TreeCopy.copy(host, copy);
        }
        return copy;
    }

    /** A stage's or image's file or directory, resolved inside its root; copied for rw. */
    private Path rootBind(String what, String path, Source source, boolean readOnly) throws IOException, Problem {
        Path host = inRoot(what, source, path);
        if (readOnly) {
            return host;
        }
        Path copy = resources.scratch().resolve("bind-" + mounts.size());
        TreeCopy.copy(host, copy);
        return copy;
    }

    private Path inRoot(String what, Source source, String path) throws IOException, Problem {
        Rootfs root = new Rootfs(sources.root(source));
        Path host;
        try {
            host = root.resolve(path);
        } catch (PosixException e) {
            throw new Problem(StepException.Reason.INVALID, what + ": " + e.getMessage(), e);
        }
        if (!Files.exists(host)) {
            throw new Problem(StepException.Reason.INVALID, what + ": \"" + path + "\" not found in " + source.describe());
        }
        return host;
    }

    private void cache(RunMount.Cache c, Source source) throws Problem, InterruptedException {
        String id = c.id().isEmpty() ? c.target() : c.id();
        String what = "RUN --mount=type=cache,id=" + id + ",target=" + c.target();
        String target = target("cache", c.target());
        String seedPath = clean("/" + c.source());
        CacheStore.Seed seed = switch (source) {
            case Source.Stage s -> () -> Optional.of(seedDir(what, source, seedPath));
            case Source.Image i -> () -> Optional.of(seedDir(what, source, seedPath));
            default -> Optional::empty;
        };
        try {
            CacheStore.Lease lease = caches.acquire(id, c.sharing(), seed,
                    new CacheStore.Ownership(c.mode(), c.uid(), c.gid()), resources.scratch());
            resources.hold(lease);
            mounts.add(c.readOnly() ? new MountSpec.Bind(lease.directory(), target, true)
                    : new MountSpec.Cache(lease.directory(), target));
        } catch (SeedProblem e) {
            throw e.problem;
        } catch (IOException e) {
            throw new Problem(StepException.Reason.IO, what + ": prepare the cache directory under "
                    + options.cacheRoot() + ": " + e.getMessage(), e);
        }
    }

    /** Carries a {@link Problem} out of a {@link CacheStore.Seed}. */
    private static final class SeedProblem extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        SeedProblem(Problem problem) {
            super(problem.getMessage());
            this.problem = problem;
        }
    }

    private Path seedDir(String what, Source source, String path) throws IOException {
        try {
            Path dir = inRoot(what, source, path);
            if (!Files.isDirectory(dir)) {
                throw new Problem(StepException.Reason.INVALID, what + ": source \"" + path + "\" in "
                        + source.describe() + " is not a directory");
            }
            return dir;
        } catch (Problem p) {
            throw new SeedProblem(p);
        }
    }

    private void secret(RunMount.Secret s) throws Problem {
        String id = s.source().isEmpty() ? s.id() : s.source();
        if (id.isEmpty()) {
            if (s.target().isEmpty()) {
                throw new Problem(StepException.Reason.INVALID, "RUN --mount=type=secret: one of source, target required");
            }
            id = baseName(s.target());
        }
        String what = "RUN --mount=type=secret,id=" + id;
        Optional<MountSpec.SecretSource> found = options.secrets().source(id);
        if (found.isEmpty()) {
            if (s.required()) {
                throw new Problem(StepException.Reason.INVALID, what + ": secret " + id
                        + " is required but was not provided (--secret id=" + id + ",...)");
            }
            return; // BuildKit skips an optional secret that is missing
        }
        MountSpec.SecretSource content = found.get();
        if (s.env().isPresent()) {
            String name = s.env().get();
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                throw new Problem(StepException.Reason.INVALID, what + ": invalid environment variable name \"" + name + "\"");
            }
            String value = new String(bytes(what, content), StandardCharsets.UTF_8);
            if (value.indexOf('\0') >= 0) {
                throw new Problem(StepException.Reason.INVALID, what + ": the secret contains a NUL byte and cannot be "
                        + "the environment variable " + name);
            }
            secretEnv.add(new SecretEnv(name, value));
        }
        String target;
        if (!s.target().isEmpty()) {
            target = target("secret", s.target());
        } else if (s.env().isEmpty()) {
            target = "/run/secrets/" + baseName(id);
        } else {
            return; // env only
        }
        int mode = (int) s.mode().orElse(MountSpec.Secret.DEFAULT_MODE);
        if (s.mode().isPresent() && (s.mode().getAsLong() & ~07777L) != 0) {
            throw new Problem(StepException.Reason.INVALID, what + ": mode 0" + Long.toOctalString(s.mode().getAsLong())
                    + " has bits outside 07777");
        }
        mounts.add(new MountSpec.Secret(content, target, mode, (int) s.uid().orElse(0), (int) s.gid().orElse(0)));
    }

    private static byte[] bytes(String what, MountSpec.SecretSource source) throws Problem {
        return switch (source) {
            case MountSpec.FromBytes b -> b.content();
            case MountSpec.FromFile f -> {
                try {
                    yield Files.readAllBytes(f.file());
                } catch (IOException e) {
                    throw new Problem(StepException.Reason.IO, what + ": read the secret file " + f.file() + ": "
                            + e.getClass().getSimpleName(), e);
                }
            }
        };
    }

    /** Go's {@code path.Base}. */
    static String baseName(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 || p.equals("/") ? p : p.substring(slash + 1);
    }

    /** Go's {@code path.Clean} for an absolute path: no {@code .}, {@code ..}, repeated or trailing slashes. */
    static String clean(String path) {
        return dev.kiln.engine.run.RunSpec.normalize(path);
    }
}
