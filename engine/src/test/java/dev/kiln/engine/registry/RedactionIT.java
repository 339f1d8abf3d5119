package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.FaultProxy.CutAfter;
import dev.kiln.engine.registry.FaultProxy.Redirect;
import dev.kiln.engine.registry.FaultProxy.Stall;
import dev.kiln.engine.registry.FaultProxy.Status;
import dev.kiln.engine.registry.auth.Credential;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.engine.registry.transport.RetryPolicy;
import dev.kiln.engine.registry.transport.TransportSettings;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Passwords, tokens, upload states and storage signatures never appear in a log line (DEBUG included) or in an
 * exception, through retries, resumes, redirects, timeouts and refusals.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.HTPASSWD})
class RedactionIT {

    private static final String USER = "kiln";
    private static final String PASSWORD = "Redact-Me-7f3a9";
    private static final String SIGNATURE = "SigSecret0123456789abcdef";
    private static final Pattern STATE = Pattern.compile("_state=([^&\\s]+)");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Throwable> failures = new ArrayList<>();
    private Logger kiln;
    private Level previous;
    private Vertx vertx;
    @TempDir
    Path dir;

    @BeforeEach
    void captureLogs() {
        kiln = (Logger) LoggerFactory.getLogger("dev.kiln.engine.registry");
        previous = kiln.getLevel();
        kiln.setLevel(Level.DEBUG);
        appender.start();
        kiln.addAppender(appender);
        vertx = Vertx.vertx();
    }

    @AfterEach
    void release() {
        kiln.detachAppender(appender);
        kiln.setLevel(previous);
        Await.result(vertx.close());
    }

    private RegistryClient client(FaultProxy proxy, Credential credential, long chunk) {
        TransportSettings t = new TransportSettings("kiln/test", RetryPolicy.of(2).withDelays(Duration.ofMillis(10),
                Duration.ofMillis(50)), Duration.ofSeconds(5), Duration.ofMillis(700), 4);
        return RegistryClient.create(vertx, RegistryOptions.builder().insecureRegistry(proxy.hostPort())
                .uploadChunkSize(chunk).transport(t).build(), Keychain.of(Map.of(proxy.hostPort(), credential)));
    }

    private Throwable expectFailure(io.vertx.core.Future<?> f) {
        Throwable e = Await.failure(f);
        failures.add(e);
        return e;
    }

    @Test
    void basicCredentialsUploadStatesAndSignaturesStayOutOfLogsAndErrors() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             FaultProxy proxy = FaultProxy.start(vertx, registry.port());
             StorageServer storage = StorageServer.start(vertx)) {
            BaseImages.pushBusybox(registry, "busybox:1");
            RegistryClient client = client(proxy, new Credential.Basic(USER, PASSWORD), 4096);
            ImageReference base = ImageReference.parse(proxy.hostPort() + "/busybox:1");
            Descriptor layer = Await.result(client.pullImageManifest(base, Platform.of("linux", "amd64")))
                    .manifest().layers().getFirst();
            // a blob download that is cut, resumed, then redirected to storage with a signed URL
            Path first = dir.resolve("first");
            proxy.inject("GET", "/blobs/", new CutAfter(10_000), 1);
            Await.result(client.repository(base, Access.PULL).downloadBlob(layer, first));
            String signed = storage.put("/bucket/" + layer.digest().encoded(), Files.readAllBytes(first),
                    "X-Amz-Credential=AKIDEXAMPLE&X-Amz-Signature=" + SIGNATURE);
            proxy.inject("GET", "/blobs/", new Redirect(signed), 1);
            Path second = dir.resolve("second");
            Await.result(client.repository(base, Access.PULL).downloadBlob(layer, second));
            assertThat(Digest.sha256(Files.readAllBytes(second))).isEqualTo(layer.digest());
            assertThat(storage.requests()).hasSize(1)
                    .allSatisfy(h -> assertThat(h.get("Authorization")).as("Authorization sent to storage").isNull());
            // a chunked upload with a retried chunk, a stalled chunk that times out, and a refusal
            byte[] bytes = new byte[4096 * 3];
            new Random(1).nextBytes(bytes);
            proxy.inject("PATCH", "/blobs/uploads/", new Status(503, "UNAVAILABLE", Map.of()), 1, 1);
            Await.result(client.repository(ImageReference.parse(proxy.hostPort() + "/up:1"), Access.PUSH)
                    .uploadBlob(BlobContent.of(bytes)));
            RegistryClient noRetry = RegistryClient.create(vertx, RegistryOptions.builder()
                    .insecureRegistry(proxy.hostPort()).uploadChunkSize(4096).pushRetries(0)
                    .transport(new TransportSettings("kiln/test", RetryPolicy.of(0), Duration.ofSeconds(5),
                            Duration.ofMillis(500), 4)).build(),
                    Keychain.of(Map.of(proxy.hostPort(), new Credential.Basic(USER, PASSWORD))));
            proxy.inject("PATCH", "/blobs/uploads/", new Stall(1500), 1);
            bytes[0]++;
            expectFailure(noRetry.repository(ImageReference.parse(proxy.hostPort() + "/stalled:1"), Access.PUSH)
                    .uploadBlob(BlobContent.of(bytes)));
            RegistryClient wrong = client(proxy, new Credential.Basic(USER, PASSWORD + "x"), 4096);
            expectFailure(wrong.pullManifest(base));

            Set<String> secrets = new LinkedHashSet<>(List.of(PASSWORD, SIGNATURE, "AKIDEXAMPLE",
                    Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                    Base64.getEncoder().encodeToString((USER + ":" + PASSWORD + "x").getBytes(StandardCharsets.UTF_8))));
            proxy.exchanges().forEach(e -> {
                Matcher m = STATE.matcher(e.uri());
                while (m.find()) {
                    secrets.add(m.group(1));
                }
            });
            assertThat(secrets.size()).as("upload states seen").isGreaterThan(5);
            assertNoSecretLeaks(secrets);
            assertThat(logText()).contains("_state=<redacted>").contains("X-Amz-Signature=<redacted>")
                    .contains("Authorization: Basic <redacted>");
            for (RegistryClient c : List.of(client, noRetry, wrong)) {
                Await.result(c.close());
            }
        }
    }

    @Test
    void bearerTokensStayOutOfLogsAndErrors() {
        try (RegistryServer registry = RegistryServer.builder().tokenBasicAuth(USER, PASSWORD).start();
             FaultProxy proxy = FaultProxy.start(vertx, registry.port())) {
            BaseImages.pushBusybox(registry, "busybox:1");
            RegistryClient client = client(proxy, new Credential.Basic(USER, PASSWORD), 1 << 20);
            ImageReference base = ImageReference.parse(proxy.hostPort() + "/busybox:1");
            proxy.inject("GET", "/manifests/", new Status(500, "UNKNOWN", Map.of()), 1, 1);
            Await.result(client.pullImageManifest(base, Platform.of("linux", "amd64")));
            Await.result(client.repository(ImageReference.parse(proxy.hostPort() + "/pushed:1"), Access.PUSH)
                    .uploadBlob(BlobContent.of("token test".getBytes(StandardCharsets.UTF_8))));
            RegistryClient wrong = client(proxy, new Credential.Basic(USER, "Wrong-Pass-123"), 1 << 20);
            expectFailure(wrong.pullManifest(base));

            Set<String> secrets = new LinkedHashSet<>(List.of(PASSWORD, "Wrong-Pass-123"));
            proxy.exchanges().forEach(e -> {
                String auth = e.headers().get("Authorization");
                if (auth != null) {
                    secrets.add(auth.substring(auth.indexOf(' ') + 1));
                }
            });
            assertThat(secrets.size()).as("tokens seen").isGreaterThan(2);
            assertNoSecretLeaks(secrets);
            assertThat(logText()).contains("Authorization: Bearer <redacted>");
            Await.result(client.close());
            Await.result(wrong.close());
        }
    }

    private String logText() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : appender.list) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return sb.toString();
    }

    private void assertNoSecretLeaks(Set<String> secrets) {
        String logs = logText();
        assertThat(appender.list).as("log events captured").isNotEmpty();
        StringBuilder errors = new StringBuilder();
        for (Throwable t : failures) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            errors.append(w).append('\n');
        }
        assertThat(failures).isNotEmpty();
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(errors.toString()).as("exceptions").doesNotContain(secret);
        }
    }
}
