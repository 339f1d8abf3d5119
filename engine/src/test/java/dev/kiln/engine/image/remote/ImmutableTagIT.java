package dev.kiln.engine.image.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.Access;
import dev.kiln.engine.registry.Await;
import dev.kiln.engine.registry.RegistryClient;
import dev.kiln.engine.registry.RegistryHttpException;
import dev.kiln.engine.registry.Registries;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A push through a proxy that makes the real registry's tags immutable the ECR way: re-pushing a tag fails with
 * an error {@link ImmutableTagErrors} recognises, and the tag keeps its first image.
 */
@RequiresTools(Tool.DOCKER_REGISTRY)
class ImmutableTagIT {

    private static RegistryServer registry;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
        registry.close();
    }

    @Test
    void rePushingAnImmutableTagFailsWithARecognisedErrorAndKeepsTheFirstImage() {
        try (ImmutableTagProxy proxy = ImmutableTagProxy.start(vertx, registry.port())) {
            RegistryClient client = RegistryClient.create(vertx, Registries.optionsFor(registry)
                    .insecureRegistry(proxy.hostPort()).build(), Keychain.anonymous());
            ImagePusher pusher = new ImagePusher(client);
            ImageReference tag = ImageReference.parse(proxy.hostPort() + "/app:1.0");
            Image first = Mutate.appendLayers(TestImages.image(), List.of(TestImages.layer("v", "1\n")));
            Image second = Mutate.appendLayers(TestImages.image(), List.of(TestImages.layer("v", "2\n")));

            Await.result(pusher.push(first, List.of(tag)));
            Throwable e = Await.failure(pusher.push(second, List.of(tag)));

            assertThat(proxy.refused()).isEqualTo(1);
            assertThat(e).isInstanceOf(RegistryHttpException.class).hasMessageContaining("400")
                    .hasMessageContaining("TAG_INVALID");
            assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
            Descriptor kept = Await.result(client.repository(tag, Access.PULL).manifestDescriptor("1.0")).orElseThrow();
            assertThat(kept.digest()).isEqualTo(first.digest());
            Await.result(pusher.push(second, List.of(tag.withTag("1.1"))));
            Await.result(client.close());
        }
    }

    @Test
    void anotherPushFailureIsNotTakenForImmutability() {
        RegistryClient client = RegistryClient.create(vertx, Registries.optionsFor(registry).build(), Keychain.anonymous());
        ImageReference ref = ImageReference.parse(registry.reference("app:bad"));
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Throwable e = Await.failure(client.repository(ref, Access.PUSH).putManifest("bad", manifest,
                dev.kiln.engine.oci.MediaType.OCI_MANIFEST));
        assertThat(e).isInstanceOf(RegistryHttpException.class);
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isFalse();
        Await.result(client.close());
    }
}
