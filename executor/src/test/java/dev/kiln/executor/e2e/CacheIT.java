package dev.kiln.executor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.RunResult;
import dev.kiln.testkit.tool.Runc;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kaniko's layer-cache flags end to end: {@code --cache}, {@code --cache-repo} (default
 * {@code <destination>/cache}) behind htpasswd and bearer-token registries with credentials from
 * {@code DOCKER_CONFIG}, {@code --cache-run-layers=false}. Every rebuild gets a fresh {@code --kaniko-dir}, as a
 * new CI pod would: the registry is the only cache.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.RUNC, Tool.HTPASSWD})
class CacheIT {

    private static final String USER = "kiln";
    private static final String PASSWORD = "pw-Cache-2024";

    private static RegistryServer htpasswd;
    private static RegistryServer token;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        htpasswd = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
        token = RegistryServer.builder().tokenBasicAuth(USER, PASSWORD).start();
        BaseImages.pushBusybox(htpasswd, "busybox:latest");
        BaseImages.pushBusybox(token, "busybox:latest");
    }

    @AfterAll
    static void stop() {
        for (RegistryServer r : new RegistryServer[]{htpasswd, token}) {
            if (r != null) {
                r.close();
            }
        }
    }

    private Workspace workspace(RegistryServer registry) {
        return new Workspace(dir, registry.reference("busybox:latest"))
                .env("DOCKER_CONFIG", registry.dockerConfigDir().toString())
                .dockerfile("""
                        FROM BASE
                        WORKDIR /app
                        COPY msg.txt /app/msg.txt
                        RUN cat /app/msg.txt > /app/out && echo built >> /app/out
                        CMD ["cat", "/app/out"]
                        """)
                .file("msg.txt", "cached\n");
    }

    private ExecutorRun build(Workspace ws, int n, String... flags) {
        String[] all = new String[flags.length + 3];
        all[0] = "--kaniko-dir=" + dir.resolve("kaniko-" + n);
        all[1] = "--insecure";
        all[2] = "--insecure-pull";
        System.arraycopy(flags, 0, all, 3, flags.length);
        return ws.run(all);
    }

    @Test
    void aRebuildBehindHtpasswdUsesTheDefaultCacheRepoAndRunsNothing() {
        Workspace ws = workspace(htpasswd);
        ExecutorRun cold = build(ws, 1, "--destination=" + htpasswd.reference("app:1"), "--cache=true",
                "--cache-copy-layers=true");
        assertThat(cold.exitCode()).as(cold.describe()).isZero();
        assertThat(cold.logged("Stored cache entry")).as(cold.describe()).isTrue();
        var tags = htpasswd.client().sendAuthenticated(java.net.http.HttpRequest.newBuilder(
                htpasswd.url().resolve("/v2/app/cache/tags/list")).GET().build(), "repository:app/cache:pull");
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(tags.body().split("\"[0-9a-f]{64}\"", -1)).as(tags.body()).hasSize(4); // WORKDIR, COPY, RUN

        ExecutorRun warm = build(ws, 2, "--destination=" + htpasswd.reference("app:2"), "--cache=true",
                "--cache-copy-layers=true");
        assertThat(warm.exitCode()).as(warm.describe()).isZero();
        assertThat(warm.logged("Running:")).as(warm.describe()).isFalse();
        assertThat(warm.everything()).doesNotContain(PASSWORD);
        RunResult run = Runc.run(htpasswd, "app:2");
        assertThat(run.stdout()).as(run.stderr()).isEqualTo("cached\nbuilt\n");
    }

    @Test
    void aCacheRepoBehindTokenAuthIsReadAndWritten() {
        Workspace ws = workspace(token);
        String cacheRepo = "--cache-repo=" + token.reference("caches/app");
        ExecutorRun cold = build(ws, 1, "--destination=" + token.reference("app:1"), "--cache=true", cacheRepo);
        assertThat(cold.exitCode()).as(cold.describe()).isZero();
        token.tokenServer().orElseThrow().clearRequests();

        ExecutorRun warm = build(ws, 2, "--destination=" + token.reference("app:2"), "--cache=true", cacheRepo);
        assertThat(warm.exitCode()).as(warm.describe()).isZero();
        // COPY is not cached by default (kaniko): it runs, and the RUN after it still hits
        assertThat(warm.logged("Running:")).as(warm.describe()).isFalse();
        assertThat(warm.logged("Using cached layer")).as(warm.describe()).isTrue();
        assertThat(token.tokenServer().orElseThrow().requests())
                .anySatisfy(t -> assertThat(t.scopes()).anyMatch(s -> s.startsWith("repository:caches/app:")));
        RunResult run = Runc.run(token, "app:2");
        assertThat(run.stdout()).as(run.stderr()).isEqualTo("cached\nbuilt\n");
    }

    @Test
    void cacheRunLayersFalseRunsTheRunAgain() {
        Workspace ws = workspace(htpasswd);
        String cacheRepo = "--cache-repo=" + htpasswd.reference("norun/cache");
        assertThat(build(ws, 1, "--destination=" + htpasswd.reference("norun:1"), "--cache=true", cacheRepo,
                "--cache-run-layers=false").exitCode()).isZero();
        ExecutorRun warm = build(ws, 2, "--destination=" + htpasswd.reference("norun:2"), "--cache=true",
                cacheRepo, "--cache-run-layers=false");
        assertThat(warm.exitCode()).as(warm.describe()).isZero();
        assertThat(warm.logged("Running:")).as(warm.describe()).isTrue();
    }
}
