package dev.kiln.testkit.registry.token;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.process.TempDir;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker registry token server (https://distribution.github.io/distribution/spec/auth/token/) on
 * 127.0.0.1, built on the JDK's {@code com.sun.net.httpserver}.
 *
 * <p>Thread-safe: requests are served on virtual threads and recorded in a copy-on-write list. It exists
 * because docker-registry's {@code auth: token} mode never issues tokens itself; clients fetch them from the
 * realm named in the registry's challenge. It answers {@code GET /token?service=S&scope=...}, optionally
 * requiring Basic credentials, grants every requested action, and signs RS256 or ES256 JWTs that name their
 * key by {@code kid} or {@code x5c}; claims follow the registry's checks ({@code aud} a plain string equal to
 * the service, {@code access} entries of type/name/actions). Every request is recorded (without passwords)
 * so tests can assert the scopes a client asked for.
 */
public final class TokenServer implements AutoCloseable {
    /** Default issuer, also written into the registry's config. */
    public static final String DEFAULT_ISSUER = "kiln-testkit-issuer";
    /** Default service name, also written into the registry's config. */
    public static final String DEFAULT_SERVICE = "kiln-testkit-registry";

    private final Builder config;
    private final SigningKey key;
    private final HttpServer server;
    private final ExecutorService executor;
    private final TempDir ownedDir;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

    private TokenServer(Builder config, SigningKey key, HttpServer server, ExecutorService executor, TempDir ownedDir) {
        this.config = config;
        this.key = key;
        this.server = server;
        this.executor = executor;
        this.ownedDir = ownedDir;
    }

    /** A builder with RS256, {@code kid}, the default issuer and service, and no Basic auth. */
    public static Builder builder() {
        return new Builder();
    }

    /** The token endpoint, e.g. {@code http://127.0.0.1:PORT/token}: the registry's {@code realm}. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** The issuer ({@code iss}) of every token. */
    public String issuer() {
        return config.issuer;
    }

    /** The service name tokens are issued for ({@code aud} defaults to it). */
    public String service() {
        return config.service;
    }

    /** The signing algorithm. */
    public JwtAlgorithm algorithm() {
        return key.algorithm();
    }

    /** How tokens name their key. */
    public KeyHeader keyHeader() {
        return config.keyHeader;
    }

    /** The signing key and certificate. */
    public SigningKey signingKey() {
        return key;
    }

    /** The PEM file the registry must trust ({@code auth.token.rootcertbundle}). */
    public Path rootCertBundle() {
        return key.certificatePem();
    }

    /** The user name Basic auth requires, if the endpoint requires it. */
    public Optional<String> basicAuthUser() {
        return Optional.ofNullable(config.user);
    }

    /** Every request answered so far, oldest first. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * Fetches a token for {@code scopes} (e.g. {@code repository:busybox:pull,push}) the way a registry client
     * does, sending the configured Basic credentials if the endpoint requires them.
     *
     * @throws IllegalStateException naming the status if no token is issued
     */
    public String fetchToken(String... scopes) {
        StringBuilder uri = new StringBuilder(realm().toString()).append("?service=")
                .append(URLEncoder.encode(config.service, StandardCharsets.UTF_8));
        for (String s : scopes) {
            uri.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(10));
        if (config.user != null) {
            req.header("Authorization", basic(config.user, config.password));
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("fetch token for " + Arrays.toString(scopes) + " from " + realm()
                        + ": HTTP " + r.statusCode());
            }
            return Json.asString(Json.parseObject(r.body()).get("token"), "token response field \"token\"");
        } catch (IOException e) {
            throw new UncheckedIOException("fetch token from " + realm() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fetch token from " + realm() + ": interrupted", e);
        }
    }

    /** Stops the server and deletes its key files if it created their directory; idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
        if (ownedDir != null) {
            ownedDir.close();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, Json.write(Map.of("details", "only GET is supported")));
                return;
            }
            String service = "";
            Optional<String> account = Optional.empty();
            List<String> scopes = new ArrayList<>();
            String query = Objects.requireNonNullElse(ex.getRequestURI().getRawQuery(), "");
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (k) {
                    case "service" -> service = v;
                    case "account" -> account = Optional.of(v);
                    case "scope" -> Arrays.stream(v.split(" ")).filter(s -> !s.isBlank()).forEach(scopes::add);
                    default -> { }
                }
            }
            Optional<String> presented = basicUser(ex.getRequestHeaders().getFirst("Authorization"));
            if (config.user != null && !credentialsMatch(ex.getRequestHeaders().getFirst("Authorization"))) {
                requests.add(new TokenRequest(service, scopes, account, presented, 401));
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"kiln-testkit-token\"");
                send(ex, 401, Json.write(Map.of("details", "invalid credentials")));
                return;
            }
            String token = Jwt.sign(claims(service.isEmpty() ? config.service : service, scopes), key, config.keyHeader);
            requests.add(new TokenRequest(service, scopes, account, presented, 200));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", token);
            body.put("access_token", token);
            body.put("expires_in", config.lifetime.toSeconds());
            body.put("issued_at", Instant.now().toString());
            send(ex, 200, Json.write(body));
        } catch (RuntimeException e) {
            send(ex, 500, Json.write(Map.of("details", "token server error: " + e.getMessage())));
        }
    }

    private Map<String, Object> claims(String audience, List<String> scopes) {
        List<Object> access = new ArrayList<>();
        for (String scope : scopes) {
            // type:name:actions; the name may itself contain ':' (e.g. a registry host with a port)
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || first == last) {
                continue;
            }
            access.add(Json.object("type", scope.substring(0, first), "name", scope.substring(first + 1, last),
                    "actions", List.of(scope.substring(last + 1).split(","))));
        }
        long now = Instant.now().getEpochSecond();
        return Json.object("iss", config.issuer, "sub", Objects.requireNonNullElse(config.user, ""),
                "aud", audience, "exp", now + config.lifetime.toSeconds(), "nbf", now - 10, "iat", now,
                "jti", UUID.randomUUID().toString(), "access", access);
    }

    private boolean credentialsMatch(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] want = basic(config.user, config.password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(want, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Starts {@code server} from a daemon thread: its dispatcher thread inherits the daemon flag, so a test
     * that forgets {@code close()} cannot keep the JVM alive (and the shutdown hooks that stop the registries
     * get to run).
     */
    private static void startAsDaemon(HttpServer server) {
        Thread starter = Thread.ofPlatform().daemon(true).name("kiln-testkit-token-start").unstarted(server::start);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            server.stop(0);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("start token server: interrupted", e);
        }
    }

    /** Configures and starts a {@link TokenServer}. Not thread-safe; use one per start. */
    public static final class Builder {
        private JwtAlgorithm algorithm = JwtAlgorithm.RS256;
        private KeyHeader keyHeader = KeyHeader.KID;
        private String issuer = DEFAULT_ISSUER;
        private String service = DEFAULT_SERVICE;
        private String user;
        private String password;
        private Duration lifetime = Duration.ofMinutes(5);
        private Path keyDir;

        private Builder() {}

        /** Signing algorithm (default RS256). */
        public Builder algorithm(JwtAlgorithm value) {
            this.algorithm = Objects.requireNonNull(value);
            return this;
        }

        /** How tokens name their key (default {@code kid}). */
        public Builder keyHeader(KeyHeader value) {
            this.keyHeader = Objects.requireNonNull(value);
            return this;
        }

        /** The {@code iss} claim (default {@value #DEFAULT_ISSUER}). */
        public Builder issuer(String value) {
            this.issuer = Objects.requireNonNull(value);
            return this;
        }

        /** The service name (default {@value #DEFAULT_SERVICE}). */
        public Builder service(String value) {
            this.service = Objects.requireNonNull(value);
            return this;
        }

        /** Require Basic credentials on the token endpoint. */
        public Builder basicAuth(String user, String password) {
            if (user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException("token server Basic auth: user must be non-empty without ':'");
            }
            this.user = user;
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /** Token lifetime (default 5 minutes). */
        public Builder lifetime(Duration value) {
            this.lifetime = Objects.requireNonNull(value);
            return this;
        }

        /** Where key and certificate files go; by default a temp dir deleted on close. */
        public Builder keyDirectory(Path dir) {
            this.keyDir = dir;
            return this;
        }

        /**
         * Generates the signing key and starts serving on a kernel-chosen port of 127.0.0.1.
         *
         * @throws UncheckedIOException if the server cannot bind
         */
        public TokenServer start() {
            TempDir owned = keyDir == null ? TempDir.create("kiln-testkit-token-") : null;
            Path dir = keyDir != null ? keyDir : owned.path();
            try {
                SigningKey key = SigningKey.generate(algorithm, "kiln-testkit-token-" + algorithm.name(), dir);
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                server.setExecutor(executor);
                TokenServer ts = new TokenServer(this, key, server, executor, owned);
                server.createContext("/token", ts::handle);
                startAsDaemon(server);
                return ts;
            } catch (IOException e) {
                if (owned != null) {
                    owned.close();
                }
                throw new UncheckedIOException("start token server on 127.0.0.1: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (owned != null) {
                    owned.close();
                }
                throw e;
            }
        }
    }
}
