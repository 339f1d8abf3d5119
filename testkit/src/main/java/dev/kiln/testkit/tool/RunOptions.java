package dev.kiln.testkit.tool;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Runc} runs a container: the command, and optional overrides of user, environment and working
 * directory; everything else comes from the image's config.
 *
 * <p>Immutable; the {@code with} methods return copies.
 *
 * @param args    the process arguments; empty means the image's entrypoint and cmd
 * @param user    {@code uid[:gid]} or {@code name[:group]} resolved in the image's {@code /etc/passwd} and
 *                {@code /etc/group}; empty means the image's USER
 * @param env     variables to set or replace
 * @param cwd     the working directory; empty means the image's
 * @param timeout how long the container may run before it is killed
 */
public record RunOptions(List<String> args, Optional<String> user, Map<String, String> env, Optional<String> cwd,
        Duration timeout) {

    /** Default container run time limit. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    public RunOptions {
        args = List.copyOf(args);
        Objects.requireNonNull(user, "user");
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        Objects.requireNonNull(cwd, "cwd");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Runs {@code args} (the image's default command when none). */
    public static RunOptions command(String... args) {
        return new RunOptions(Arrays.asList(args), Optional.empty(), Map.of(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    /** These options running as {@code user} ({@code uid[:gid]} or {@code name[:group]}). */
    public RunOptions withUser(String value) {
        return new RunOptions(args, Optional.of(value), env, cwd, timeout);
    }

    /** These options with {@code name=value} in the environment. */
    public RunOptions withEnv(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(name, value);
        return new RunOptions(args, user, m, cwd, timeout);
    }

    /** These options with working directory {@code dir}. */
    public RunOptions withCwd(String dir) {
        return new RunOptions(args, user, env, Optional.of(dir), timeout);
    }

    /** These options with another time limit. */
    public RunOptions withTimeout(Duration value) {
        return new RunOptions(args, user, env, cwd, value);
    }
}
