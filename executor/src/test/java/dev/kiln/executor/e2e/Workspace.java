package dev.kiln.executor.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's private corner of the file system: a build context ({@code ctx/}), a work directory
 * ({@code kaniko/}, passed as {@code KANIKO_DIR}), a {@code HOME} without Docker credentials, and room for
 * outputs; and the environment the executor runs with, so that nothing of the host (its
 * {@code ~/.docker/config.json}, its {@code /kaniko}) takes part.
 *
 * <p>Mutable (files and environment are added as the test goes); one per test, not shared between threads.
 */
final class Workspace {

    /** Stands for the base image's reference in the Dockerfiles tests write. */
    static final String BASE = "BASE";

    private final Path root;
    private final String base;
    private final Map<String, String> env = new LinkedHashMap<>();

    /**
     * @param root a fresh directory (a JUnit {@code @TempDir})
     * @param base the reference {@link #BASE} stands for
     */
    Workspace(Path root, String base) {
        this.root = root;
        this.base = base;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("HOME", mkdirs(root.resolve("home")).toString());
        env.put("KANIKO_DIR", root.resolve("kaniko").toString());
        mkdirs(context());
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + dir, e);
        }
    }

    /** The build context directory. */
    Path context() {
        return root.resolve("ctx");
    }

    /** The work directory the executor gets as {@code KANIKO_DIR}. */
    Path workDir() {
        return Path.of(env.get("KANIKO_DIR"));
    }

    /** A path below the workspace for an output (not created). */
    Path out(String name) {
        return root.resolve("out").resolve(name);
    }

    /** Writes {@code ctx/Dockerfile}, {@link #BASE} replaced by the base image's reference. */
    Workspace dockerfile(String text) {
        return file("Dockerfile", text.replace(BASE, base));
    }

    /** Writes a file below the context, creating its directories. */
    Workspace file(String relative, String content) {
        Path f = context().resolve(relative);
        mkdirs(f.getParent());
        try {
            Files.writeString(f, content);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + f, e);
        }
        return this;
    }

    /** Sets an environment variable for the executor. */
    Workspace env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The environment the executor runs with. */
    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    /** Runs {@code executor --context=ctx --log-format=text ARGS}. */
    ExecutorRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--context=" + context(), "--log-format=text"));
        all.addAll(Arrays.asList(args));
        return ExecutorRun.of(environment(), all);
    }
}
