package dev.kiln.executor.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A case made ready to build: its context copied to a scratch directory with the modes, empty directories and
 * links that git cannot carry applied, and its Dockerfile(s) written next to (not inside) the context with
 * {@code @REGISTRY@} replaced by the suite's registry.
 *
 * <p>Immutable once {@link #prepare}d; both builders read the same context.
 *
 * @param definition        the case
 * @param context           the build context directory
 * @param dockerfile        the Dockerfile Kiln builds
 * @param buildahDockerfile the Dockerfile buildah builds (the same one unless an allowance names another)
 * @param secrets           secret id to absolute file
 */
record CaseWorkspace(CaseDefinition definition, Path context, Path dockerfile, Path buildahDockerfile,
        Map<String, Path> secrets) {

    /** The placeholder for {@code HOST:PORT} of the suite's registry in Dockerfiles. */
    static final String REGISTRY = "@REGISTRY@";

    static CaseWorkspace prepare(CaseDefinition c, Path work, String registryHostPort) {
        try {
            Path ctx = work.resolve("context");
            Files.createDirectories(ctx);
            Path src = c.dir().resolve("context");
            if (Files.isDirectory(src)) {
                copyTree(src, ctx);
            }
            for (Map.Entry<String, String> e : c.context().entrySet()) {
                String kind = e.getKey().substring(0, e.getKey().indexOf('.'));
                Path p = inside(ctx, e.getKey().substring(kind.length() + 1));
                switch (kind) {
                    case "dir" -> {
                        Files.createDirectories(p);
                        Files.setAttribute(p, "unix:mode", Integer.parseInt(e.getValue(), 8));
                    }
                    case "mode" -> Files.setAttribute(p, "unix:mode", Integer.parseInt(e.getValue(), 8));
                    case "symlink" -> {
                        Files.createDirectories(p.getParent());
                        Files.createSymbolicLink(p, Path.of(e.getValue()));
                    }
                    case "hardlink" -> Files.createLink(p, inside(ctx, e.getValue()));
                    default -> throw new IllegalArgumentException("case " + c.name() + ": context." + e.getKey());
                }
            }
            Path dockerfile = substitute(c.dir().resolve("Dockerfile"), work.resolve("Dockerfile"), registryHostPort);
            Path buildahDockerfile = dockerfile;
            for (Allowance.BuildahDockerfile b : c.allowances(Allowance.BuildahDockerfile.class)) {
                buildahDockerfile = substitute(c.dir().resolve(b.dockerfile()), work.resolve("Dockerfile.buildah"),
                        registryHostPort);
            }
            Map<String, Path> secrets = new TreeMap<>();
            for (Map.Entry<String, String> s : c.secrets().entrySet()) {
                Path copy = work.resolve("secret-" + s.getKey());
                Files.copy(c.dir().resolve(s.getValue()), copy, StandardCopyOption.REPLACE_EXISTING);
                secrets.put(s.getKey(), copy);
            }
            return new CaseWorkspace(c, ctx, dockerfile, buildahDockerfile, secrets);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("prepare case " + c.name() + " in " + work + ": " + e.getMessage(), e);
        }
    }

    /** The {@code --build-arg}, {@code --target} and {@code --secret} flags both builders take. */
    java.util.List<String> commonFlags() {
        java.util.List<String> flags = new java.util.ArrayList<>();
        definition.buildArgs().forEach((k, v) -> flags.addAll(java.util.List.of("--build-arg", k + "=" + v)));
        definition.target().ifPresent(t -> flags.addAll(java.util.List.of("--target", t)));
        secrets.forEach((id, f) -> flags.addAll(java.util.List.of("--secret", "id=" + id + ",src=" + f)));
        return flags;
    }

    private static Path inside(Path root, String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("context path " + relative + " leaves the context");
        }
        return p;
    }

    private static Path substitute(Path from, Path to, String registry) throws IOException {
        Files.writeString(to, Files.readString(from).replace(REGISTRY, registry));
        return to;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
