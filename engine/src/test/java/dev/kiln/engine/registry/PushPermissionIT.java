package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.auth.Credential;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PushPermission} against distribution with htpasswd and with bearer tokens: the credentials that may push
 * pass, wrong ones and pull-only tokens fail with kaniko's message, and no upload session is left behind.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.HTPASSWD})
class PushPermissionIT {

    private static final String USER = "kiln";
    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final String WRONG = "wrong-Passw0rd";

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static RegistryClient client(String hostPort, Credential credential) {
        return RegistryClient.create(vertx, Registries.optionsFor().insecureRegistry(hostPort).build(),
                Keychain.of(Map.of(hostPort, credential)));
    }

    /**
     * Open upload sessions on distribution's disk: {@code repositories/<name>/_uploads/<uuid>/startedat} and
     * {@code data}. A cancelled session loses both; distribution 2.8 then rewrites an empty
     * {@code hashstates/sha256/0} while closing the cancelled writer (its log says "error closing blobwriter"),
     * which no API call can reach, so only the two files that make a session are looked for.
     */
    private static List<Path> uploadSessions(RegistryServer server) {
        Path root = server.storageDir();
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().contains("/_uploads/"))
                    .filter(p -> p.getFileName().toString().equals("startedat")
                            || p.getFileName().toString().equals("data")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Upload sessions the registry opened (202 answers to {@code POST .../blobs/uploads/}), from its log. */
    private static long uploadPosts(RegistryServer server) {
        try (Stream<String> lines = Files.lines(server.log())) {
            return lines.filter(l -> l.contains("msg=\"response completed\"") && l.contains("http.request.method=POST")
                    && l.contains("/blobs/uploads/") && l.contains("http.response.status=202")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void basicCredentialsThatMayPushPassAndLeaveNoSession() {
        try (RegistryServer server = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient client = client(server.hostPort(), new Credential.Basic(USER, PASSWORD));
            Await.result(PushPermission.check(client, ImageReference.parse(server.reference("app:1"))));
            assertThat(uploadSessions(server)).isEmpty();
            Await.result(client.close());
        }
    }

    @Test
    void aWrongPasswordFailsWithKanikosMessageAndNoSecret() {
        try (RegistryServer server = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            RegistryClient client = client(server.hostPort(), new Credential.Basic(USER, WRONG));
            ImageReference ref = ImageReference.parse(server.reference("app:1"));
            Throwable e = Await.failure(PushPermission.check(client, ref));
            assertThat(e).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("checking push permission for \"" + ref + "\": start upload to "
                            + server.hostPort() + "/app: 401 Unauthorized")
                    .hasMessageNotContaining(WRONG)
                    .hasCauseInstanceOf(RegistryDeniedException.class);
            assertThat(uploadSessions(server)).isEmpty();
            Await.result(client.close());
        }
    }

    @Test
    void tokenCredentialsThatMayPushPassAndAskForPushScope() {
        try (RegistryServer server = RegistryServer.builder().tokenBasicAuth(USER, PASSWORD).start()) {
            RegistryClient client = client(server.hostPort(), new Credential.Basic(USER, PASSWORD));
            Await.result(PushPermission.check(client, ImageReference.parse(server.reference("team/app:1"))));
            assertThat(server.tokenServer().orElseThrow().requests())
                    .anySatisfy(r -> assertThat(r.scopes()).contains("repository:team/app:pull,push"));
            assertThat(uploadSessions(server)).isEmpty();
            Await.result(client.close());
        }
    }

    @Test
    void wrongTokenCredentialsFailWithKanikosMessageAndNoSecret() {
        try (RegistryServer server = RegistryServer.builder().tokenBasicAuth(USER, PASSWORD).start()) {
            RegistryClient client = client(server.hostPort(), new Credential.Basic(USER, WRONG));
            ImageReference ref = ImageReference.parse(server.reference("app:1"));
            Throwable e = Await.failure(PushPermission.check(client, ref));
            assertThat(e).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("checking push permission for \"" + ref + "\": ")
                    .hasMessageNotContaining(WRONG);
            assertThat(uploadSessions(server)).isEmpty();
            Await.result(client.close());
        }
    }

    @Test
    void aPullOnlyTokenFailsAsDenied() {
        try (RegistryServer server = RegistryServer.builder().token().start();
             ScopeCappingProxy proxy = ScopeCappingProxy.start(vertx, server.port(),
                     server.tokenServer().orElseThrow().realm())) {
            RegistryClient client = client(proxy.hostPort(), Credential.ANONYMOUS);
            ImageReference ref = ImageReference.parse(proxy.hostPort() + "/app:1");
            Throwable e = Await.failure(PushPermission.check(client, ref));
            assertThat(e).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("checking push permission for \"" + ref + "\": start upload to "
                            + proxy.hostPort() + "/app: 401 Unauthorized")
                    .hasCauseInstanceOf(RegistryDeniedException.class);
            assertThat(server.tokenServer().orElseThrow().requests())
                    .allSatisfy(r -> assertThat(r.scopes()).allMatch(s -> s.endsWith(":pull")));
            assertThat(uploadSessions(server)).isEmpty();
            Await.result(client.close());
        }
    }

    @Test
    void checkAllProbesEachRepositoryOnceAndStopsAtTheFirstRefusal() {
        try (RegistryServer server = RegistryServer.builder().token().start();
             ScopeCappingProxy proxy = ScopeCappingProxy.start(vertx, server.port(),
                     server.tokenServer().orElseThrow().realm())) {
            RegistryClient client = RegistryClient.create(vertx, Registries.optionsFor(server)
                    .insecureRegistry(proxy.hostPort()).build(), Keychain.anonymous());
            ImageReference direct1 = ImageReference.parse(server.reference("app:1"));
            ImageReference direct2 = ImageReference.parse(server.reference("app:2"));
            ImageReference capped = ImageReference.parse(proxy.hostPort() + "/app:1");
            Await.result(PushPermission.checkAll(client, List.of(direct1, direct2)));
            assertThat(uploadPosts(server)).as("one probe for app:1 and app:2").isEqualTo(1);
            Throwable e = Await.failure(PushPermission.checkAll(client, List.of(direct1, capped, direct2)));
            assertThat(e).hasMessageStartingWith("checking push permission for \"" + capped + "\"");
            Await.result(client.close());
        }
    }

    @Test
    void startAnswersAtThePostAndSettlesOnceEverySessionIsCancelled() {
        try (RegistryServer server = RegistryServer.builder().token().start();
             ScopeCappingProxy proxy = ScopeCappingProxy.start(vertx, server.port(),
                     server.tokenServer().orElseThrow().realm())) {
            RegistryClient client = RegistryClient.create(vertx, Registries.optionsFor(server)
                    .insecureRegistry(proxy.hostPort()).build(), Keychain.anonymous());
            ImageReference app = ImageReference.parse(server.reference("app:1"));
            ImageReference other = ImageReference.parse(server.reference("other:1"));
            PushPermission.Checked ok = PushPermission.start(client, List.of(app, other));
            Await.result(ok.allowed());
            Await.result(ok.settled());
            assertThat(uploadPosts(server)).isEqualTo(2);
            assertThat(uploadSessions(server)).as("both sessions cancelled once settled").isEmpty();

            // app passes and opens a session, the capped repository refuses: the answer is the refusal, and
            // app's session is still cancelled
            ImageReference capped = ImageReference.parse(proxy.hostPort() + "/app:1");
            PushPermission.Checked refused = PushPermission.start(client, List.of(other, capped));
            assertThat(Await.failure(refused.allowed()))
                    .hasMessageStartingWith("checking push permission for \"" + capped + "\"");
            Await.result(refused.settled());
            assertThat(uploadSessions(server)).isEmpty();
            Await.result(client.close());
        }
    }
}
