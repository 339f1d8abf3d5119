package dev.kiln.testkit.registry;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.ManagedProcess;
import dev.kiln.testkit.process.Ports;
import dev.kiln.testkit.process.ProcessStartException;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.token.JwtAlgorithm;
import dev.kiln.testkit.registry.token.KeyHeader;
import dev.kiln.testkit.registry.token.TokenServer;
import dev.kiln.testkit.tls.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * A real {@code docker-registry} (distribution 2.8) on 127.0.0.1 and a free port, from a generated
 * {@code config.yml} in a private temp dir: plain HTTP or TLS, anonymous, htpasswd or bearer-token auth.
 *
 * <p>Thread-safe: all state is fixed at start; {@link #close()} is idempotent. Start one with
 * {@code RegistryServer.builder().tls().htpasswd("user", "pw").start()}; close it (or let JUnit's
 * {@code @AutoClose} do it) to stop the process by PID and delete its storage. Besides the URL, it hands out
 * what each kind of client needs: {@link #sslContext()} for Java, {@link #certDir()} for skopeo/buildah
 * {@code --cert-dir}, {@link #authFile()} (a Docker {@code config.json}) for {@code --authfile} or
 * {@code DOCKER_CONFIG}, so no password ever appears on a command line.
 */
public final class RegistryServer implements AutoCloseable {
    private final TempDir workDir;
    private final int port;
    private final ManagedProcess process;
    private final Optional<TestCertificateAuthority> tls;
    private final RegistryAuth auth;

    private RegistryServer(TempDir workDir, int port, ManagedProcess process, Optional<TestCertificateAuthority> tls,
            RegistryAuth auth) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
        this.tls = tls;
        this.auth = auth;
    }

    /** A builder for a plain-HTTP, anonymous registry; add {@code tls()}, {@code htpasswd(..)} or {@code token(..)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a plain-HTTP anonymous registry. */
    public static RegistryServer startPlain() {
        return builder().start();
    }

    /** The base URL, {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create((isTls() ? "https" : "http") + "://" + hostPort());
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The TCP port. */
    public int port() {
        return port;
    }

    /** An image reference in this registry, e.g. {@code reference("busybox:latest")}. */
    public String reference(String repositoryAndTag) {
        return hostPort() + "/" + repositoryAndTag;
    }

    /** Whether the registry serves HTTPS. */
    public boolean isTls() {
        return tls.isPresent();
    }

    /** The test CA, when serving HTTPS. */
    public Optional<TestCertificateAuthority> certificateAuthority() {
        return tls;
    }

    /** The CA certificate PEM file, when serving HTTPS. */
    public Optional<Path> caPem() {
        return tls.map(TestCertificateAuthority::caPem);
    }

    /** A directory holding {@code ca.crt}, for {@code --cert-dir}, when serving HTTPS. */
    public Optional<Path> certDir() {
        return tls.map(TestCertificateAuthority::certDir);
    }

    /** A TLS context trusting this registry's CA (the JDK default context for plain HTTP). */
    public SSLContext sslContext() {
        if (tls.isPresent()) {
            return tls.get().sslContext();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK has no default TLS context", e);
        }
    }

    /** A trust manager that trusts only this registry's CA, when serving HTTPS. */
    public Optional<X509TrustManager> trustManager() {
        return tls.map(TestCertificateAuthority::trustManager);
    }

    /** A fresh JDK HTTP client trusting this registry's CA; it does not follow redirects. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A small registry client that negotiates this registry's auth and sends every manifest media type. */
    public RegistryHttpClient client() {
        return new RegistryHttpClient(this);
    }

    /** How clients authenticate. */
    public RegistryAuth auth() {
        return auth;
    }

    /** What a client must present (htpasswd user, or the token endpoint's Basic user), if anything. */
    public Optional<Credentials> credentials() {
        return auth.credentials();
    }

    /** The token server, in token mode. */
    public Optional<TokenServer> tokenServer() {
        return auth instanceof RegistryAuth.Token t ? Optional.of(t.server()) : Optional.empty();
    }

    /** A directory with a Docker {@code config.json} holding this registry's credentials (for {@code DOCKER_CONFIG}). */
    public Path dockerConfigDir() {
        return workDir.resolve("docker-config");
    }

    /** The Docker {@code config.json} with this registry's credentials (empty {@code auths} if none). */
    public Path authFile() {
        return dockerConfigDir().resolve("config.json");
    }

    /** The registry's storage root. */
    public Path storageDir() {
        return workDir.resolve("storage");
    }

    /** The registry's generated config file. */
    public Path configFile() {
        return workDir.resolve("config.yml");
    }

    /** The registry process's log (stdout and stderr). */
    public Path log() {
        return process.log();
    }

    /** The registry's process id. */
    public long pid() {
        return process.pid();
    }

    /** Stops the registry (and its token server) by PID and deletes its files; idempotent. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            try {
                if (auth instanceof RegistryAuth.Token t) {
                    t.server().close();
                }
            } finally {
                workDir.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RegistryServer[" + url() + ", auth=" + auth.getClass().getSimpleName() + ", pid=" + pid() + "]";
    }

    /** Configures and starts a {@link RegistryServer}. Not thread-safe; use one per start. */
    public static final class Builder {
        private boolean tls;
        private Credentials htpasswd;
        private boolean token;
        private JwtAlgorithm tokenAlgorithm = JwtAlgorithm.RS256;
        private KeyHeader tokenKeyHeader = KeyHeader.KID;
        private Credentials tokenUser;

        private Builder() {}

        /** Serve HTTPS with a certificate from a fresh test CA. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Require HTTP Basic auth for {@code user}/{@code password} (bcrypt htpasswd file). */
        public Builder htpasswd(String user, String password) {
            this.htpasswd = new Credentials(user, password);
            return this;
        }

        /** Require bearer tokens from a fresh token server (RS256, {@code kid}). */
        public Builder token() {
            this.token = true;
            return this;
        }

        /** Require bearer tokens signed with {@code algorithm}, naming the key by {@code keyHeader}. */
        public Builder token(JwtAlgorithm algorithm, KeyHeader keyHeader) {
            this.token = true;
            this.tokenAlgorithm = algorithm;
            this.tokenKeyHeader = keyHeader;
            return this;
        }

        /** Token mode whose token endpoint requires Basic {@code user}/{@code password}. */
        public Builder tokenBasicAuth(String user, String password) {
            this.token = true;
            this.tokenUser = new Credentials(user, password);
            return this;
        }

        /**
         * Starts the registry (and token server) and waits until its port answers.
         *
         * @throws IllegalStateException if both htpasswd and token auth were chosen
         * @throws dev.kiln.testkit.process.ToolMissingException if docker-registry, openssl or htpasswd is missing
         * @throws ProcessStartException with the registry's log tail if it does not come up
         */
        public RegistryServer start() {
            if (htpasswd != null && token) {
                throw new IllegalStateException("start registry: htpasswd and token auth are exclusive, choose one");
            }
            Tool.requireAll(Tool.DOCKER_REGISTRY, Tool.OPENSSL);
            TempDir dir = TempDir.create("kiln-testkit-registry-");
            TokenServer tokenServer = null;
            try {
                Files.createDirectories(dir.resolve("storage"));
                Optional<TestCertificateAuthority> ca = tls
                        ? Optional.of(TestCertificateAuthority.create(dir.resolve("tls"))) : Optional.empty();
                Optional<Path> htpasswdFile = Optional.empty();
                RegistryAuth auth = new RegistryAuth.Anonymous();
                Optional<RegistryConfig.Token> tokenConfig = Optional.empty();
                if (htpasswd != null) {
                    htpasswdFile = Optional.of(writeHtpasswd(dir.resolve("htpasswd"), htpasswd));
                    auth = new RegistryAuth.Htpasswd(htpasswd);
                } else if (token) {
                    TokenServer.Builder tb = TokenServer.builder().algorithm(tokenAlgorithm).keyHeader(tokenKeyHeader)
                            .keyDirectory(dir.resolve("token"));
                    if (tokenUser != null) {
                        tb.basicAuth(tokenUser.user(), tokenUser.password());
                    }
                    tokenServer = tb.start();
                    auth = new RegistryAuth.Token(tokenServer, Optional.ofNullable(tokenUser));
                    tokenConfig = Optional.of(new RegistryConfig.Token(tokenServer.realm().toString(),
                            tokenServer.service(), tokenServer.issuer(), tokenServer.rootCertBundle()));
                }
                Optional<RegistryConfig.Tls> tlsConfig =
                        ca.map(c -> new RegistryConfig.Tls(c.serverCertificate(), c.serverKey()));
                RegistryServer server = launch(dir, ca, auth, tlsConfig, htpasswdFile, tokenConfig);
                writeAuthFile(server);
                return server;
            } catch (IOException e) {
                cleanup(tokenServer, dir);
                throw new UncheckedIOException("start registry in " + dir + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                cleanup(tokenServer, dir);
                throw e;
            }
        }

        private static RegistryServer launch(TempDir dir, Optional<TestCertificateAuthority> ca, RegistryAuth auth,
                Optional<RegistryConfig.Tls> tls, Optional<Path> htpasswd, Optional<RegistryConfig.Token> token)
                throws IOException {
            // a free port can be taken by someone else before the registry binds it: retry with a new one
            for (int attempt = 1; ; attempt++) {
                int port = Ports.freeLoopbackPort();
                Path config = dir.resolve("config.yml");
                Files.writeString(config, RegistryConfig.render(port, dir.resolve("storage"), tls, htpasswd, token));
                Path log = dir.resolve("registry.log");
                try {
                    ManagedProcess p = ManagedProcess.builder("docker-registry",
                                    List.of(Tool.DOCKER_REGISTRY.require().toString(), "serve", config.toString()))
                            .directory(dir.path()).log(log).unsetEnvWithPrefix("REGISTRY_")
                            .readyWhenPortOpen(port).start();
                    return new RegistryServer(dir, port, p, ca, auth);
                } catch (ProcessStartException e) {
                    if (attempt >= 3 || !e.getMessage().contains("address already in use")) {
                        throw e;
                    }
                }
            }
        }

        private static Path writeHtpasswd(Path file, Credentials c) throws IOException {
            // -i reads the password from stdin, so it never shows in a process listing
            String line = Command.of(Tool.HTPASSWD, "-niB", c.user()).stdin(c.password() + "\n")
                    .redact(c.password()).check().stdout().strip();
            Files.writeString(file, line + "\n");
            return file;
        }

        private static void writeAuthFile(RegistryServer s) throws IOException {
            Files.createDirectories(s.dockerConfigDir());
            Map<String, Object> auths = Json.object();
            s.credentials().ifPresent(c -> auths.put(s.hostPort(), Map.of("auth", c.base64())));
            Files.writeString(s.authFile(), Json.write(Map.of("auths", auths)));
        }

        private static void cleanup(TokenServer tokenServer, TempDir dir) {
            if (tokenServer != null) {
                tokenServer.close();
            }
            dir.close();
        }
    }
}
