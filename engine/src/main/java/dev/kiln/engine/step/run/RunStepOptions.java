package dev.kiln.engine.step.run;

import dev.kiln.engine.dockerfile.shell.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Build-wide settings of {@code RUN} steps.
 *
 * <p>Immutable. It exists so that {@link RunStep} needs nothing from the build but the step itself.
 *
 * @param cacheRoot        where {@code type=cache} directories persist ({@code <workdir>/cache-mounts}),
 *                         one sub-directory per cache id; created when first needed
 * @param scratchRoot      where per-run temporary files go (copies for {@code rw} binds and filtered
 *                         context binds, heredoc scripts); each run gets a sub-directory that
 *                         {@link PreparedRun#close()} deletes; created when first needed
 * @param secrets          the {@code --secret}s of the build
 * @param proxyEnv         the proxy variables every run gets on top of its scope ({@code Plan.runProxyEnv()})
 * @param allowNetworkNone whether {@code --network=none} is honoured; false where the isolation has no
 *                         network namespace (plain chroot), in which case such runs get the default network
 *                         and a warning instead of a failure
 * @param timeout          how long one run may take, empty for no limit
 */
public record RunStepOptions(Path cacheRoot, Path scratchRoot, Secrets secrets, Env proxyEnv,
        boolean allowNetworkNone, Optional<Duration> timeout) {

    public RunStepOptions {
        cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath().normalize();
        scratchRoot = Objects.requireNonNull(scratchRoot, "scratchRoot").toAbsolutePath().normalize();
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(proxyEnv, "proxyEnv");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Options with the directories below {@code workDir} ({@code cache-mounts} and {@code run-scratch}), no
     * secrets, no proxies, {@code --network=none} honoured and no timeout.
     */
    public static RunStepOptions of(Path workDir) {
        return new RunStepOptions(workDir.resolve("cache-mounts"), workDir.resolve("run-scratch"), Secrets.none(),
                Env.empty(), true, Optional.empty());
    }

    /** These options with {@code v} as the secrets. */
    public RunStepOptions withSecrets(Secrets v) {
        return new RunStepOptions(cacheRoot, scratchRoot, v, proxyEnv, allowNetworkNone, timeout);
    }

    /** These options with {@code v} as the proxy variables. */
    public RunStepOptions withProxyEnv(Env v) {
        return new RunStepOptions(cacheRoot, scratchRoot, secrets, v, allowNetworkNone, timeout);
    }

    /** These options with {@code --network=none} honoured or not. */
    public RunStepOptions withAllowNetworkNone(boolean v) {
        return new RunStepOptions(cacheRoot, scratchRoot, secrets, proxyEnv, v, timeout);
    }

    /** These options with a per-run timeout. */
    public RunStepOptions withTimeout(Duration v) {
        return new RunStepOptions(cacheRoot, scratchRoot, secrets, proxyEnv, allowNetworkNone, Optional.of(v));
    }
}
