package dev.kiln.executor.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tls.TestCertificateAuthority;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code https://} digest targets (pre-signed URLs) against a Vert.x HTTPS server with a test CA. */
@RequiresTools(Tool.OPENSSL)
class DigestUploadIT {

    private static final Digest DIGEST = Digest.sha256("kiln".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path tls;

    private static Vertx vertx;
    private static HttpServer server;
    private static OutputFile out;
    private static final Map<String, String> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create(tls);
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(ca.serverCertificate().toString()).setKeyPath(ca.serverKey().toString())))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    if (req.path().startsWith("/denied")) {
                        req.response().setStatusCode(403).end();
                        return;
                    }
                    received.put(req.method() + " " + req.uri() + " " + req.getHeader("Content-Type"), body.toString());
                    req.response().setStatusCode(200).end();
                }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        out = new OutputFile(HttpClient.newBuilder().sslContext(ca.sslContext()).build());
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static String url(String path) {
        return "https://127.0.0.1:" + server.actualPort() + path;
    }

    @Test
    void anHttpsTargetIsPutAsTextPlain() {
        DigestFiles.write(new DigestOutputs(url("/d?sig=1234"), null, url("/t")), DIGEST,
                List.of(ImageReference.parse("reg.local/app:1")), out);
        assertThat(received).containsEntry("PUT /d?sig=1234 text/plain", DIGEST.toString())
                .containsEntry("PUT /t text/plain", "reg.local/app:1@" + DIGEST + "\n");
    }

    @Test
    void aRefusedUploadFailsWithoutTheSignature() {
        assertThatThrownBy(() -> DigestFiles.write(new DigestOutputs(url("/denied?X-Amz-Signature=s3cr3t"), null, null),
                DIGEST, List.of(), out))
                .isInstanceOf(OutputException.class)
                .hasMessage("writing digest to file failed: PUT " + url("/denied") + ": status 403")
                .hasMessageNotContaining("s3cr3t");
    }
}
