package dev.kiln.testkit.tool;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.CommandResult;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference builder, {@code buildah} (1.28), with a private store per instance: {@code --root} and
 * {@code --runroot} under a temp dir, {@code --storage-driver vfs}, {@code bud --isolation chroot}.
 *
 * <p>Thread-safe for independent builds (buildah locks its own store), but meant as one instance per test
 * class. It exists to produce the images Kiln's output is compared with; {@link #close()} deletes the store,
 * which grows fast with vfs (a full copy per layer). Registry access flags come from the
 * {@link RegistryServer}, so no password appears on a command line.
 */
public final class Buildah implements AutoCloseable {
    /** Default limit for one {@code bud}. */
    public static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    /** The image format {@code bud} writes. */
    public enum Format {
        /** Docker v2s2 manifest and config media types. */
        DOCKER("docker"),
        /** OCI media types. */
        OCI("oci");

        private final String flag;

        Format(String flag) {
            this.flag = flag;
        }
    }

    private final TempDir dir;

    private Buildah(TempDir dir) {
        this.dir = dir;
    }

    /**
     * A buildah with a fresh private store.
     *
     * @throws dev.kiln.testkit.process.ToolMissingException if buildah is not installed
     */
    public static Buildah create() {
        Tool.BUILDAH.require();
        TempDir dir = TempDir.create("kiln-testkit-buildah-");
        try {
            Files.writeString(dir.resolve("no-auth.json"), "{\"auths\":{}}");
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("create buildah store in " + dir + ": " + e.getMessage(), e);
        }
        return new Buildah(dir);
    }

    /** The store's {@code --root}. */
    public Path root() {
        return dir.resolve("root");
    }

    /** The store's {@code --runroot}. */
    public Path runRoot() {
        return dir.resolve("runroot");
    }

    /** Starts a {@code buildah bud} of {@code contextDir} (Dockerfile at its root unless {@link Bud#file} says). */
    public Bud bud(Path contextDir) {
        return new Bud(contextDir);
    }

    /**
     * Pushes local image {@code image} to {@code registry} as {@code repositoryAndTag}.
     *
     * @return the pushed manifest's digest
     */
    public String push(String image, RegistryServer registry, String repositoryAndTag, String... flags) {
        List<String> all = new ArrayList<>(RegistryFlags.forRegistry(registry, ""));
        all.addAll(Arrays.asList(flags));
        return push(image, "docker://" + registry.reference(repositoryAndTag), all);
    }

    /**
     * Pushes local image {@code image} to {@code destination} (with transport, e.g. {@code oci:DIR:TAG}).
     *
     * @return the pushed manifest's digest
     */
    public String push(String image, String destination, List<String> flags) {
        Path digestFile = dir.resolve("digest-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("push", "--quiet", "--digestfile", digestFile.toString()));
        args.addAll(flags);
        args.add(image);
        args.add(destination);
        command(args).check();
        try {
            String digest = Files.readString(digestFile).strip();
            Files.deleteIfExists(digestFile);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("push " + image + " to " + destination + ": read digest: " + e.getMessage(), e);
        }
    }

    /** {@code buildah inspect --type image IMAGE}: buildah's JSON view of a local image. */
    public String inspect(String image) {
        return command(List.of("inspect", "--type", "image", image)).check().stdout();
    }

    /** Runs any buildah subcommand against this store, e.g. {@code run("images")}; exit code is not checked. */
    public CommandResult run(String... args) {
        return command(Arrays.asList(args)).run();
    }

    /** Deletes the private store; idempotent. */
    @Override
    public void close() {
        dir.close();
    }

    private Command command(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--root", root().toString(), "--runroot", runRoot().toString(),
                "--storage-driver", "vfs"));
        all.addAll(args);
        // hermetic: the host's registry auth files and isolation default play no part
        return Command.of(Tool.BUILDAH).args(all).env("BUILDAH_ISOLATION", "chroot")
                .env("REGISTRY_AUTH_FILE", dir.resolve("no-auth.json").toString());
    }

    /** One {@code buildah bud} invocation being configured. Not thread-safe; run it once. */
    public final class Bud {
        private final Path context;
        private Path dockerfile;
        private final List<String> tags = new ArrayList<>();
        private boolean layers;
        private Format format = Format.OCI;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private final List<String> flags = new ArrayList<>();
        private Duration timeout = BUILD_TIMEOUT;

        private Bud(Path context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /** The Dockerfile (default: {@code Dockerfile} in the context). */
        public Bud file(Path value) {
            this.dockerfile = value;
            return this;
        }

        /** Tags the result (e.g. {@code 127.0.0.1:PORT/app:1}); may be called more than once. */
        public Bud tag(String value) {
            tags.add(value);
            return this;
        }

        /** {@code --layers}: one layer per step and a layer cache (default off: buildah then squashes the steps). */
        public Bud layers(boolean value) {
            this.layers = value;
            return this;
        }

        /** {@code --format} (default OCI). */
        public Bud format(Format value) {
            this.format = Objects.requireNonNull(value);
            return this;
        }

        /** {@code --build-arg NAME=VALUE}. */
        public Bud buildArg(String name, String value) {
            buildArgs.put(name, value);
            return this;
        }

        /** Lets FROM pull from {@code registry}: its CA dir or plain-HTTP flag, and its auth file. */
        public Bud pullFrom(RegistryServer registry) {
            flags.addAll(RegistryFlags.forRegistry(registry, ""));
            return this;
        }

        /** Extra {@code bud} flags, e.g. {@code --target build}. */
        public Bud flags(String... values) {
            flags.addAll(Arrays.asList(values));
            return this;
        }

        /** Time limit (default 5 minutes). */
        public Bud timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Runs the build.
         *
         * @return the new image's id: 64 hex digits, as buildah's other commands accept it (from {@code --iidfile})
         * @throws dev.kiln.testkit.process.CommandException with buildah's output if the build fails
         */
        public String run() {
            Path iid = dir.resolve("iid-" + System.nanoTime());
            List<String> args = new ArrayList<>(List.of("bud", "--isolation", "chroot", "--format", format.flag,
                    "--iidfile", iid.toString(), "--layers=" + layers));
            if (dockerfile != null) {
                args.addAll(List.of("-f", dockerfile.toString()));
            }
            tags.forEach(t -> args.addAll(List.of("-t", t)));
            buildArgs.forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
            args.addAll(flags);
            args.add(context.toString());
            command(args).timeout(timeout).check();
            try {
                String id = Files.readString(iid).strip();
                Files.deleteIfExists(iid);
                return id.startsWith("sha256:") ? id.substring(7) : id;
            } catch (IOException e) {
                throw new UncheckedIOException("build " + context + ": read image id: " + e.getMessage(), e);
            }
        }
    }
}
