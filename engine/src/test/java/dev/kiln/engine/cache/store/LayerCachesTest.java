package dev.kiln.engine.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.cache.CacheOptions;
import dev.kiln.engine.cache.LayerCache;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryOptions;
import dev.kiln.engine.registry.auth.Keychain;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code --cache-repo} and the destinations pick a layer cache. */
class LayerCachesTest {

    private static Vertx vertx;
    private static RegistryClient client;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = RegistryClient.create(vertx, RegistryOptions.builder().build(), Keychain.anonymous());
    }

    @AfterAll
    static void stop() {
        Await.result(client.close());
        Await.result(vertx.close());
    }

    private LayerCache open(String cacheRepo, String... destinations) {
        List<ImageReference> dests = java.util.Arrays.stream(destinations).map(ImageReference::parse).toList();
        return LayerCaches.open(cacheRepo, dests, client, CacheOptions.DEFAULTS, Platform.of("linux", "amd64"),
                Clock.systemUTC(), dir.resolve("blobs"));
    }

    @Test
    void anOciPrefixOpensALayoutCacheAtThatPath() {
        LayerCache cache = open("oci:" + dir.resolve("c"), "reg.local/app:1");
        assertThat(cache).isInstanceOf(OciLayoutLayerCache.class);
        assertThat(cache.describe()).isEqualTo("oci:" + dir.resolve("c"));
    }

    @Test
    void aRelativeOciPathIsMadeAbsolute() {
        LayerCache cache = open("oci:cache-dir");
        assertThat(cache.describe()).isEqualTo("oci:" + Path.of("cache-dir").toAbsolutePath());
    }

    @Test
    void anOciPrefixWithoutAPathIsRefused() {
        assertThatThrownBy(() -> open("oci:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cache-repo \"oci:\": no path after \"oci:\"");
    }

    @Test
    void aRepositoryNameOpensARegistryCacheThere() {
        LayerCache cache = open("reg.local:5000/team/app/cache", "other.local/app:1");
        assertThat(cache).isInstanceOf(RegistryLayerCache.class);
        assertThat(cache.describe()).isEqualTo("reg.local:5000/team/app/cache");
    }

    @Test
    void aShortNameIsOnDockerHubAsDockerReadsIt() {
        assertThat(open("user/cache").describe()).isEqualTo("docker.io/user/cache");
    }

    @Test
    void withoutACacheRepoTheFirstDestinationsRepositoryGetsACacheSuffix() {
        assertThat(open(null, "reg.local:5000/app:1.0", "other.local/x:2").describe())
                .isEqualTo("reg.local:5000/app/cache");
        assertThat(open("", "reg.local/app@sha256:" + "a".repeat(64)).describe()).isEqualTo("reg.local/app/cache");
    }

    @Test
    void withoutACacheRepoOrADestinationItIsAClearError() {
        assertThatThrownBy(() -> open(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cache needs --cache-repo or a --destination");
    }

    @Test
    void aCacheRepoWithATagIsRefusedNamingIt() {
        assertThatThrownBy(() -> open("reg.local:5000/app/cache:v1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cache-repo \"reg.local:5000/app/cache:v1\": a cache repository takes no tag or digest"
                        + " (entries are tagged with their keys)");
    }

    @Test
    void aCacheRepoWithADigestIsRefusedNamingIt() {
        String repo = "reg.local/app/cache@sha256:" + "b".repeat(64);
        assertThatThrownBy(() -> open(repo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--cache-repo \"" + repo + "\": a cache repository takes no tag or digest");
    }

    @Test
    void anInvalidRepositoryNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> open("reg.local/App/Cache")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--cache-repo \"reg.local/App/Cache\": ")
                .hasMessageContaining("lowercase");
    }
}
