package dev.kiln.testkit.tool;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.CommandResult;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a command in an image with {@code runc}, the reference OCI runtime: skopeo copies the image to an OCI
 * layout, {@code umoci unpack} makes a runtime bundle, the bundle's {@code config.json} gets the requested
 * args/user/env/cwd and {@code terminal=false}, and {@code runc run} executes it with a unique id that is
 * always deleted afterwards.
 *
 * <p>Thread-safe: each run has its own temp dir and container id; runc state lives in a private per-JVM
 * {@code --root}, so tests never see or disturb other containers on the host. It exists to prove that what
 * Kiln builds actually runs, with the image's USER, ENV and WORKDIR honoured. Not crun: crun 1.8 rejects this
 * machine's hybrid cgroup mounts. umoci's bundle keeps RLIMIT_NOFILE at 1024, below the hard limit, so no
 * CAP_SYS_RESOURCE is needed.
 */
public final class Runc {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static volatile TempDir stateRoot;

    private Runc() {}

    /** Runs {@code args} in {@code repositoryAndTag} from {@code registry}, e.g. {@code run(reg, "busybox:latest", "echo", "hello")}. */
    public static RunResult run(RegistryServer registry, String repositoryAndTag, String... args) {
        return run(ImageSource.registry(registry, repositoryAndTag), RunOptions.command(args));
    }

    /** Runs {@code args} in the image tagged {@code tag} in the OCI layout {@code layout}. */
    public static RunResult run(Path layout, String tag, String... args) {
        return run(ImageSource.layout(layout, tag), RunOptions.command(args));
    }

    /**
     * Runs a container and returns its exit code and output; a non-zero exit code is a result, not an error.
     *
     * @throws dev.kiln.testkit.process.CommandException if fetching or unpacking the image fails, or the
     *     container exceeds {@link RunOptions#timeout()} (it is then killed and deleted)
     */
    public static RunResult run(ImageSource source, RunOptions options) {
        Tool.requireAll(Tool.SKOPEO, Tool.UMOCI, Tool.RUNC);
        String id = "kiln-testkit-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Path root = stateRoot();
        try (TempDir t = TempDir.create("kiln-testkit-runc-")) {
            Path bundle = t.resolve("bundle");
            switch (source) {
                case ImageSource.Registry r -> {
                    Skopeo.pull(r.registry(), r.repositoryAndTag(), t.resolve("oci"), "image");
                    Umoci.unpack(t.resolve("oci"), "image", bundle);
                }
                case ImageSource.Layout l -> Umoci.unpack(l.layout(), l.tag(), bundle);
            }
            configure(bundle, options);
            Command runc = Command.of(Tool.RUNC, "--root", root.toString());
            try {
                CommandResult r = runc.args("run", "--bundle", bundle.toString(), id)
                        .timeout(options.timeout()).run();
                return new RunResult(r.exitCode(), r.stdout(), r.stderr());
            } finally {
                // delete -f also kills a container left running by a timeout
                runc.args("delete", "--force", id).run();
            }
        }
    }

    private static void configure(Path bundle, RunOptions options) {
        Path configFile = bundle.resolve("config.json");
        try {
            Map<String, Object> config = Json.parseObject(Files.readString(configFile));
            Map<String, Object> process = Json.asObject(config.get("process"), "config.json process");
            process.put("terminal", false);
            if (!options.args().isEmpty()) {
                process.put("args", new ArrayList<Object>(options.args()));
            }
            options.cwd().ifPresent(cwd -> process.put("cwd", cwd));
            if (!options.env().isEmpty()) {
                process.put("env", mergeEnv(process.get("env"), options.env()));
            }
            if (options.user().isPresent()) {
                Path rootfs = bundle.resolve("rootfs");
                UserSpec u = UserSpec.resolve(options.user().get(), rootfs);
                process.put("user", Json.object("uid", u.uid(), "gid", u.gid()));
            }
            Files.writeString(configFile, Json.write(config));
        } catch (IOException e) {
            throw new UncheckedIOException("configure runtime bundle " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static List<Object> mergeEnv(Object existing, Map<String, String> overrides) {
        List<Object> out = new ArrayList<>();
        if (existing != null) {
            for (Object o : Json.asArray(existing, "config.json process.env")) {
                String entry = Json.asString(o, "config.json process.env entry");
                String name = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
                if (!overrides.containsKey(name)) {
                    out.add(entry);
                }
            }
        }
        overrides.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static Path stateRoot() {
        TempDir r = stateRoot;
        if (r == null) {
            synchronized (Runc.class) {
                r = stateRoot;
                if (r == null) {
                    r = TempDir.createUntilExit("kiln-testkit-runc-state-");
                    stateRoot = r;
                }
            }
        }
        return r.path();
    }

    /** A numeric user and group, resolved from a USER-style string against an image's rootfs. */
    record UserSpec(long uid, long gid) {
        static UserSpec resolve(String spec, Path rootfs) {
            String userPart = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            Optional<String> groupPart = spec.contains(":") ? Optional.of(spec.substring(spec.indexOf(':') + 1)) : Optional.empty();
            List<String[]> passwd = entries(rootfs.resolve("etc/passwd"));
            long uid;
            long gid = 0;
            String[] byName = find(passwd, 0, userPart);
            if (isNumber(userPart)) {
                uid = Long.parseLong(userPart);
                String[] byUid = find(passwd, 2, userPart);
                if (byUid != null) {
                    gid = Long.parseLong(byUid[3]);
                }
            } else if (byName != null) {
                uid = Long.parseLong(byName[2]);
                gid = Long.parseLong(byName[3]);
            } else {
                throw new IllegalArgumentException("resolve user '" + userPart + "': not in the image's /etc/passwd");
            }
            if (groupPart.isPresent()) {
                String g = groupPart.get();
                if (isNumber(g)) {
                    gid = Long.parseLong(g);
                } else {
                    String[] group = find(entries(rootfs.resolve("etc/group")), 0, g);
                    if (group == null) {
                        throw new IllegalArgumentException("resolve group '" + g + "': not in the image's /etc/group");
                    }
                    gid = Long.parseLong(group[2]);
                }
            }
            return new UserSpec(uid, gid);
        }

        private static boolean isNumber(String s) {
            return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
        }

        private static String[] find(List<String[]> entries, int column, String value) {
            for (String[] e : entries) {
                if (e.length > 3 && e[column].equals(value) && isNumber(e[2])) {
                    return e;
                }
            }
            return null;
        }

        private static List<String[]> entries(Path file) {
            // never follow a link out of the rootfs onto the host's own files
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            try {
                return Files.readAllLines(file).stream().map(l -> l.split(":", -1)).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
