package dev.kiln.executor.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.Credentials;
import dev.kiln.testkit.registry.RegistryHttpClient.Manifest;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.registry.token.TokenRequest;
import dev.kiln.testkit.tool.RunResult;
import dev.kiln.testkit.tool.Runc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushing to real registries in each of their modes (plain HTTP with {@code --insecure}, TLS with
 * {@code --registry-certificate}, htpasswd and bearer tokens with credentials from a Docker {@code config.json}
 * in {@code DOCKER_CONFIG}), to several destinations at once, and kaniko's push-permission check before the
 * build. Pushed images are pulled back and run with runc.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.SKOPEO, Tool.UMOCI, Tool.RUNC, Tool.HTPASSWD, Tool.OPENSSL})
class PushIT {

    private static final String USER = "kiln";
    private static final String PASSWORD = "pw-Secret-4711";

    private static RegistryServer plain;
    private static RegistryServer tls;
    private static RegistryServer htpasswd;
    private static RegistryServer token;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        plain = RegistryServer.startPlain();
        tls = RegistryServer.builder().tls().start();
        htpasswd = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
        token = RegistryServer.builder().tokenBasicAuth(USER, PASSWORD).start();
        for (RegistryServer r : new RegistryServer[]{plain, tls, htpasswd, token}) {
            BaseImages.pushBusybox(r, "busybox:latest");
        }
    }

    @AfterAll
    static void stop() {
        for (RegistryServer r : new RegistryServer[]{plain, tls, htpasswd, token}) {
            if (r != null) {
                r.close();
            }
        }
    }

    private Workspace workspace(RegistryServer registry) {
        return new Workspace(dir, registry.reference("busybox:latest"));
    }

    /** A Dockerfile whose image prints, when run, what each kind of instruction contributed. */
    private static Workspace greeter(Workspace ws) {
        return ws.dockerfile("""
                FROM BASE
                ENV GREETING=hello
                WORKDIR /app
                COPY greet.sh /app/greet.sh
                RUN chmod 755 /app/greet.sh && echo "built by RUN" > /app/built
                USER nobody
                CMD ["/app/greet.sh"]
                """).file("greet.sh", """
                #!/bin/sh
                echo "$GREETING from $(pwd) as $(id -u)"
                cat built
                """);
    }

    private static final String GREETING = "hello from /app as 65534\nbuilt by RUN\n";

    /** A Docker config.json with {@code user:password} for {@code registry}, in its own directory. */
    private Path dockerConfig(RegistryServer registry, String user, String password) throws Exception {
        Path d = Files.createDirectories(dir.resolve("docker-config-" + registry.port()));
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
        Files.writeString(d.resolve("config.json"),
                "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");
        return d;
    }

    @Test
    void pushesToAPlainRegistryWithInsecureAndTheImageRunsUnderRunc() {
        Workspace ws = greeter(workspace(plain));
        ExecutorRun r = ws.run("--destination=" + plain.reference("greeter:1"), "--insecure", "--insecure-pull");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.logged("Pushed " + plain.reference("greeter"))).as(r.describe()).isTrue();
        RunResult run = Runc.run(plain, "greeter:1");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo(GREETING);
    }

    @Test
    void pushesToATlsRegistryTrustingTheGivenCertificate() {
        Workspace ws = greeter(workspace(tls));
        ExecutorRun r = ws.run("--destination=" + tls.reference("greeter:tls"),
                "--registry-certificate=" + tls.hostPort() + "=" + tls.caPem().orElseThrow());

        assertThat(r.exitCode()).as(r.describe()).isZero();
        RunResult run = Runc.run(tls, "greeter:tls");
        assertThat(run.stdout()).as(run.stderr()).isEqualTo(GREETING);
    }

    @Test
    void withoutTheCertificateATlsRegistryIsRefused() {
        Workspace ws = greeter(workspace(tls));
        ExecutorRun r = ws.run("--destination=" + tls.reference("greeter:untrusted"));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).contains(tls.hostPort());
    }

    @Test
    void pushesToAnHtpasswdRegistryWithCredentialsFromDockerConfig() {
        Workspace ws = greeter(workspace(htpasswd)).env("DOCKER_CONFIG", htpasswd.dockerConfigDir().toString());
        ExecutorRun r = ws.run("--destination=" + htpasswd.reference("greeter:basic"), "--insecure", "--insecure-pull");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.everything()).doesNotContain(PASSWORD).doesNotContain(new Credentials(USER, PASSWORD).base64());
        RunResult run = Runc.run(htpasswd, "greeter:basic");
        assertThat(run.stdout()).as(run.stderr()).isEqualTo(GREETING);
    }

    @Test
    void pushesToATokenAuthRegistryAskingForPushScope() {
        token.tokenServer().orElseThrow().clearRequests();
        Workspace ws = greeter(workspace(token)).env("DOCKER_CONFIG", token.dockerConfigDir().toString());
        ExecutorRun r = ws.run("--destination=" + token.reference("greeter:token"), "--insecure", "--insecure-pull");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(token.tokenServer().orElseThrow().requests())
                .anySatisfy(t -> {
                    assertThat(t.granted()).isTrue();
                    assertThat(t.user()).contains(USER);
                    assertThat(t.scopes()).anyMatch(s -> s.equals("repository:greeter:pull,push")
                            || s.equals("repository:greeter:push,pull"));
                })
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(200));
        assertThat(r.everything()).doesNotContain(PASSWORD);
        Manifest m = token.client().manifest("greeter", "token");
        assertThat(m.body()).contains("\"layers\"");
    }

    @Test
    void severalDestinationsAcrossTwoRepositoriesGetTheSameManifest() throws Exception {
        Workspace ws = greeter(workspace(plain));
        Path digestFile = ws.out("digest");
        Files.createDirectories(digestFile.getParent());
        ExecutorRun r = ws.run("--destination=" + plain.reference("first:a"),
                "--destination=" + plain.reference("first:b"), "--destination=" + plain.reference("second:c"),
                "--insecure", "--insecure-pull", "--digest-file=" + digestFile);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        String digest = Files.readString(digestFile);
        assertThat(plain.client().manifest("first", "a").digest()).isEqualTo(digest);
        assertThat(plain.client().manifest("first", "b").digest()).isEqualTo(digest);
        assertThat(plain.client().manifest("second", "c").digest()).isEqualTo(digest);
        RunResult run = Runc.run(plain, "second:c");
        assertThat(run.stdout()).as(run.stderr()).isEqualTo(GREETING);
    }

    @Test
    void badCredentialsFailThePushPermissionCheckBeforeAnythingIsBuilt() throws Exception {
        String wrong = "wrong-Password-0815";
        Workspace ws = greeter(workspace(plain)).env("DOCKER_CONFIG", dockerConfig(htpasswd, USER, wrong).toString());
        ExecutorRun r = ws.run("--destination=" + htpasswd.reference("denied:1"), "--insecure", "--insecure-pull");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).startsWith("error checking push permissions -- make sure you entered the correct tag"
                + " name, and that you are authenticated correctly, and try again: ")
                .contains(htpasswd.reference("denied"));
        assertThat(r.logged("Building stage")).as(r.describe()).isFalse();
        assertThat(r.logged("Running:")).isFalse();
        assertThat(r.everything()).doesNotContain(wrong);
        // nothing left behind: no build directory, and no base layer was downloaded for a refused build
        assertThat(ws.workDir().resolve("builds")).isEmptyDirectory();
        assertThat(ws.workDir().resolve("layers/blobs")).doesNotExist();
    }

    @Test
    void anonymousPushToAnAuthenticatedRegistryFailsTheCheckToo() {
        Workspace ws = greeter(workspace(plain));
        ExecutorRun r = ws.run("--destination=" + token.reference("denied:anon"), "--insecure", "--insecure-pull");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lastLine()).startsWith("error checking push permissions");
        assertThat(r.logged("Building stage")).isFalse();
    }

    @Test
    void skipPushPermissionCheckBuildsFirstAndFailsAtThePush() throws Exception {
        String wrong = "wrong-Password-0815";
        Workspace ws = greeter(workspace(plain)).env("DOCKER_CONFIG", dockerConfig(htpasswd, USER, wrong).toString());
        ExecutorRun r = ws.run("--destination=" + htpasswd.reference("denied:2"), "--insecure", "--insecure-pull",
                "--skip-push-permission-check");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.logged("Building stage")).as("the build ran: " + r.describe()).isTrue();
        assertThat(r.logged("Running: /bin/sh -c chmod 755")).isTrue();
        assertThat(r.lastLine()).doesNotContain("error checking push permissions").contains(htpasswd.hostPort());
        assertThat(r.everything()).doesNotContain(wrong);
    }
}
