package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.auth.Keychain;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What docker-registry 2.8 cannot be made to serve, served by a small Vert.x server: schema 1 and artifact
 * manifests, bytes that do not match the digest asked for, and a lying {@code Docker-Content-Digest}.
 */
class ManifestChecksIT {

    private static final String SCHEMA1 = "{\"schemaVersion\":1,\"name\":\"app\",\"tag\":\"old\",\"fsLayers\":[],\"history\":[]}";
    private static final String IMAGE = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}";

    /** path -> {content type, body, Docker-Content-Digest or null} */
    private static final Map<String, String[]> ROUTES = new ConcurrentHashMap<>();
    private static Vertx vertx;
    private static HttpServer server;
    private static RegistryClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            String[] route = ROUTES.get(req.path());
            if (route == null) {
                req.response().setStatusCode(404).end();
                return;
            }
            req.response().putHeader("Content-Type", route[0]);
            if (route[2] != null) {
                req.response().putHeader("Docker-Content-Digest", route[2]);
            }
            req.response().end(route[1]);
        });
        Await.result(server.listen(0, "127.0.0.1"));
        client = RegistryClient.create(vertx, RegistryOptions.builder().insecureRegistry(host())
                .transport(Registries.fastTransport()).build(), Keychain.anonymous());
    }

    @AfterAll
    static void stop() {
        Await.result(client.close());
        Await.result(vertx.close());
    }

    private static String host() {
        return "127.0.0.1:" + server.actualPort();
    }

    private static ImageReference ref(String rest) {
        return ImageReference.parse(host() + "/" + rest);
    }

    @Test
    void aSchema1ManifestIsRefusedSayingWhatToDo() {
        ROUTES.put("/v2/app/manifests/old", new String[] {"application/vnd.docker.distribution.manifest.v1+prettyjws", SCHEMA1, null});
        Throwable e = Await.failure(client.pullManifest(ref("app:old")));
        assertThat(e).isInstanceOf(UnsupportedManifestException.class)
                .hasMessage("pull manifest old from " + host() + "/app: Docker schema 1 manifests "
                        + "(application/vnd.docker.distribution.manifest.v1+prettyjws) are not supported; push the image again"
                        + " with a current docker, buildah or skopeo to convert it to schema 2 or OCI");
    }

    @Test
    void aSchema1ManifestServedAsJsonIsRefusedToo() {
        ROUTES.put("/v2/app/manifests/json", new String[] {"application/json", SCHEMA1, null});
        assertThat(Await.failure(client.pullManifest(ref("app:json")))).isInstanceOf(UnsupportedManifestException.class);
    }

    @Test
    void aNonImageTypeIsRefused() {
        ROUTES.put("/v2/app/manifests/sig", new String[] {"application/vnd.example.signature+json", "{}", null});
        assertThat(Await.failure(client.pullManifest(ref("app:sig")))).isInstanceOf(UnsupportedManifestException.class)
                .hasMessageEndingWith("media type application/vnd.example.signature+json is neither an image manifest nor an image index");
    }

    @Test
    void bytesThatDoNotMatchTheDigestAskedForFailWithBothDigests() {
        Digest asked = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
        ROUTES.put("/v2/app/manifests/" + asked, new String[] {"application/vnd.oci.image.manifest.v1+json", IMAGE, null});
        Throwable e = Await.failure(client.pullManifest(ref("app@" + asked)));
        assertThat(e).isInstanceOf(DigestMismatchException.class)
                .hasMessage("pull manifest " + asked + " from " + host() + "/app: digest mismatch: expected " + asked
                        + ", got " + Digest.sha256(IMAGE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDockerContentDigestThatLiesFails() {
        Digest claimed = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));
        ROUTES.put("/v2/app/manifests/lie", new String[] {"application/vnd.oci.image.manifest.v1+json", IMAGE, claimed.toString()});
        assertThat(Await.failure(client.pullManifest(ref("app:lie")))).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("(Docker-Content-Digest)");
    }

    @Test
    void aManifestWithoutMediaTypeIsReadByItsShape() {
        String umoci = IMAGE.replace("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",", "");
        ROUTES.put("/v2/app/manifests/umoci", new String[] {"application/vnd.oci.image.manifest.v1+json", umoci, null});
        FetchedManifest m = Await.result(client.pullManifest(ref("app:umoci")));
        assertThat(m.digest()).isEqualTo(Digest.sha256(umoci.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.manifest().mediaType()).isNull();
    }
}
