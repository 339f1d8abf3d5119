package dev.kiln.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kaniko's environment variables and the work directory. */
class ExecutorOptionsTest {

    @TempDir
    Path tmp;

    private static ExecutorOptions parse(String... args) {
        ExecutorCommand cmd = new ExecutorCommand(k -> null);
        new picocli.CommandLine(cmd).parseArgs(args);
        return cmd.opts;
    }

    private static ExecutorOptions withEnv(Map<String, String> env, String... args) {
        ExecutorOptions o = parse(args);
        o.applyEnvironment(env::get);
        return o;
    }

    @Test
    void kanikoNoPushTrueTurnsPushOff() {
        assertThat(withEnv(Map.of("KANIKO_NO_PUSH", "true")).noPush).isTrue();
        assertThat(withEnv(Map.of("KANIKO_NO_PUSH", "1")).noPush).isTrue();
        assertThat(withEnv(Map.of("KANIKO_NO_PUSH", "T")).noPush).isTrue();
    }

    @Test
    void kanikoNoPushOverridesTheFlagBothWays() {
        assertThat(withEnv(Map.of("KANIKO_NO_PUSH", "false"), "--no-push").noPush).isFalse();
        assertThat(withEnv(Map.of("KANIKO_NO_PUSH", "0"), "--no-push=true").noPush).isFalse();
    }

    @Test
    void unsetOrEmptyKanikoNoPushLeavesTheFlag() {
        assertThat(withEnv(Map.of(), "--no-push").noPush).isTrue();
        assertThat(withEnv(Map.of("KANIKO_NO_PUSH", ""), "--no-push").noPush).isTrue();
        assertThat(withEnv(Map.of()).noPush).isFalse();
    }

    @Test
    void aKanikoNoPushThatIsNotAGoBooleanIsRefused() {
        assertThatThrownBy(() -> withEnv(Map.of("KANIKO_NO_PUSH", "yes")))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value (true/false) for KANIKO_NO_PUSH environment variable: \"yes\"");
    }

    @Test
    void kanikoRegistryMapIsAddedAfterTheFlags() {
        ExecutorOptions o = withEnv(Map.of("KANIKO_REGISTRY_MAP", "docker.io=mirror.local;gcr.io=127.0.0.1:5000"),
                "--registry-map", "quay.io=q.local");
        assertThat(o.registry.registryMaps).containsExactly("quay.io=q.local", "docker.io=mirror.local;gcr.io=127.0.0.1:5000");
        o.applyEnvironment(Map.of("KANIKO_REGISTRY_MAP", "docker.io=mirror.local;gcr.io=127.0.0.1:5000")::get);
        assertThat(o.registry.registryMaps).hasSize(2);
    }

    @Test
    void aMalformedKanikoRegistryMapIsNamed() {
        assertThatThrownBy(() -> withEnv(Map.of("KANIKO_REGISTRY_MAP", "docker.io=mirror.local;nonsense")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("invalid KANIKO_REGISTRY_MAP \"docker.io=mirror.local;nonsense\": ")
                .hasMessageContaining("\"nonsense\"");
    }

    @Test
    void kanikoRegistryMirrorIsStillRead() {
        assertThat(withEnv(Map.of("KANIKO_REGISTRY_MIRROR", "mirror.local")).registry.registryMirrors)
                .containsExactly("mirror.local");
    }

    @Test
    void anExplicitKanikoDirWinsOverTheEnvironment() {
        ExecutorOptions o = parse("--kaniko-dir", "/work/k");
        assertThat(o.workDir(Map.of("KANIKO_DIR", "/env/k"), tmp)).isEqualTo(Path.of("/work/k"));
    }

    @Test
    void kanikoDirComesNextAsInKaniko() {
        assertThat(parse().workDir(Map.of("KANIKO_DIR", "/env/k"), tmp)).isEqualTo(Path.of("/env/k"));
        assertThat(parse("--kaniko-dir=/kaniko").workDir(Map.of("KANIKO_DIR", "/env/k"), tmp))
                .as("kaniko cannot tell --kaniko-dir=/kaniko from the default").isEqualTo(Path.of("/env/k"));
    }

    @Test
    void aWritableKanikoDirectoryIsUsedAsIs() {
        assertThat(parse().workDir(Map.of("HOME", "/home/u"), tmp)).isEqualTo(tmp);
    }

    @Test
    void withoutAUsableKanikoDirectoryTheXdgCacheIsUsed() throws IOException {
        Path missing = tmp.resolve("kaniko");
        assertThat(parse().workDir(Map.of("XDG_CACHE_HOME", "/xdg", "HOME", "/home/u"), missing))
                .isEqualTo(Path.of("/xdg/kiln"));
        assertThat(parse().workDir(Map.of("HOME", "/home/u"), missing)).isEqualTo(Path.of("/home/u/.cache/kiln"));
        assertThat(parse().workDir(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/home/u"), missing))
                .as("the XDG spec ignores relative paths").isEqualTo(Path.of("/home/u/.cache/kiln"));
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "");
        assertThat(parse().workDir(Map.of("HOME", "/home/u"), file)).isEqualTo(Path.of("/home/u/.cache/kiln"));
    }
}
