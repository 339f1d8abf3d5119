package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Built-in credentials for Google Container Registry and Artifact Registry ({@code gcr.io}, {@code *.gcr.io},
 * {@code *-docker.pkg.dev}): an OAuth2 access token as the password of user {@value #USERNAME}
 * (https://cloud.google.com/artifact-registry/docs/docker/authentication#token).
 *
 * <p>The token comes from the {@code GOOGLE_APPLICATION_CREDENTIALS} file when set (a service account signs a
 * JWT bearer grant, {@link ServiceAccountJwt}; an {@code authorized_user} file uses its refresh token), else
 * from the metadata server of the VM or pod ({@code GCE_METADATA_HOST} overrides its address). When neither
 * exists (the metadata server does not answer), the registry is accessed anonymously, because public images on
 * {@code gcr.io} need no credentials; a broken credentials file, however, is a {@link KeychainException}.
 *
 * <p>Thread-safe and non-blocking: all I/O goes through Vert.x ({@code fileSystem()}, {@link WebClient}); one
 * token is shared by every Google registry and renewed shortly before it expires; concurrent callers share one
 * request.
 */
public final class GoogleKeychain implements Keychain {

    /** The user name Google registries expect with an access token. */
    public static final String USERNAME = "oauth2accesstoken";

    /** Where the metadata server answers inside Google Cloud. */
    public static final String METADATA_BASE_URL = "http://metadata.google.internal";

    static final String METADATA_TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** How long to wait for the metadata server, which is absent outside Google Cloud. */
    static final long METADATA_TIMEOUT_MILLIS = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(GoogleKeychain.class);

    private final Vertx vertx;
    private final WebClient web;
    private final Optional<Path> credentialsFile;
    private final String metadataBaseUrl;
    private final Clock clock;
    /** The current token, empty when there is no Google identity here; a failed or expired one is replaced. */
    private final AtomicReference<Future<Optional<TokenResponse>>> token = new AtomicReference<>();

    /**
     * @param credentialsFile a service-account or authorized-user JSON file, if any
     * @param metadataBaseUrl the metadata server, normally {@value #METADATA_BASE_URL}
     */
    public GoogleKeychain(Vertx vertx, WebClient web, Optional<Path> credentialsFile, String metadataBaseUrl,
            Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.web = Objects.requireNonNull(web, "web");
        this.credentialsFile = Objects.requireNonNull(credentialsFile, "credentialsFile");
        this.metadataBaseUrl = metadataBaseUrl.endsWith("/")
                ? metadataBaseUrl.substring(0, metadataBaseUrl.length() - 1) : metadataBaseUrl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The keychain for {@code GOOGLE_APPLICATION_CREDENTIALS} and {@code GCE_METADATA_HOST} of {@code environment}. */
    public static GoogleKeychain fromEnvironment(Vertx vertx, WebClient web, Map<String, String> environment) {
        String file = environment.get("GOOGLE_APPLICATION_CREDENTIALS");
        String metadataHost = environment.get("GCE_METADATA_HOST");
        return new GoogleKeychain(vertx, web,
                file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file)),
                metadataHost == null || metadataHost.isBlank() ? METADATA_BASE_URL : "http://" + metadataHost.strip(),
                Clock.systemUTC());
    }

    /** Whether {@code registryHost} ({@code host[:port]}) is a Google registry. */
    public static boolean isGoogleRegistry(String registryHost) {
        String host = registryHost.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.equals("gcr.io") || host.endsWith(".gcr.io") || host.endsWith("-docker.pkg.dev");
    }

    @Override
    public Future<Credential> resolve(String registryHost) {
        if (!isGoogleRegistry(registryHost)) {
            return Future.succeededFuture(Credential.ANONYMOUS);
        }
        return token().map(t -> t.<Credential>map(r -> new Credential.Basic(USERNAME, r.token()))
                .orElse(Credential.ANONYMOUS));
    }

    /** The shared token: reused until its refresh time, fetched once for concurrent callers. */
    private Future<Optional<TokenResponse>> token() {
        while (true) {
            Future<Optional<TokenResponse>> current = token.get();
            if (current != null && !current.failed()
                    && !(current.succeeded() && current.result().isPresent()
                    && !clock.instant().isBefore(current.result().get().refreshAt()))) {
                return current;
            }
            io.vertx.core.Promise<Optional<TokenResponse>> promise = io.vertx.core.Promise.promise();
            if (token.compareAndSet(current, promise.future())) {
                fetch().onComplete(promise);
                return promise.future();
            }
        }
    }

    private Future<Optional<TokenResponse>> fetch() {
        if (credentialsFile.isPresent()) {
            Path file = credentialsFile.get();
            String action = "get a Google access token with GOOGLE_APPLICATION_CREDENTIALS " + file;
            return vertx.fileSystem().readFile(file.toString())
                    .recover(e -> Future.failedFuture(new KeychainException(action + ": " + e.getMessage(), e)))
                    .compose(buffer -> fromFile(buffer, action)).map(Optional::of);
        }
        return fromMetadataServer();
    }

    private Future<TokenResponse> fromFile(Buffer content, String action) {
        JsonObject json;
        try {
            json = new JsonObject(content);
        } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(new KeychainException(action + ": not a JSON object"));
        }
        String type = text(json, "type");
        String tokenUri = text(json, "token_uri").isEmpty() ? DEFAULT_TOKEN_URI : text(json, "token_uri");
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        List<String> secrets;
        switch (type) {
            case "service_account" -> {
                String email = text(json, "client_email");
                String key = text(json, "private_key");
                if (email.isEmpty() || key.isEmpty()) {
                    return Future.failedFuture(new KeychainException(action + ": a service account needs "
                            + "\"client_email\" and \"private_key\""));
                }
                String assertion;
                try {
                    assertion = ServiceAccountJwt.sign(email, key, text(json, "private_key_id"), tokenUri, SCOPE,
                            clock.instant());
                } catch (IllegalArgumentException e) {
                    return Future.failedFuture(new KeychainException(action + ": " + e.getMessage()));
                }
                form.add("grant_type", JWT_BEARER_GRANT).add("assertion", assertion);
                secrets = List.of(assertion);
            }
            case "authorized_user" -> {
                String refresh = text(json, "refresh_token");
                String secret = text(json, "client_secret");
                if (refresh.isEmpty() || text(json, "client_id").isEmpty()) {
                    return Future.failedFuture(new KeychainException(action + ": an authorized user needs "
                            + "\"client_id\" and \"refresh_token\""));
                }
                form.add("grant_type", "refresh_token").add("refresh_token", refresh)
                        .add("client_id", text(json, "client_id")).add("client_secret", secret);
                secrets = List.of(refresh, secret);
            }
            default -> {
                return Future.failedFuture(new KeychainException(action + ": credentials of type \""
                        + Redactor.quote(type, List.of()) + "\" are not supported (service_account, authorized_user)"));
            }
        }
        return web.postAbs(tokenUri).timeout(TokenClient.TIMEOUT_MILLIS).sendForm(form).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(new KeychainException(action + ": request to " + tokenUri + " failed: "
                        + Redactor.quote(String.valueOf(ar.cause().getMessage()), secrets), ar.cause()));
            }
            return parse(ar.result(), action + ": token endpoint " + tokenUri, secrets);
        });
    }

    /** The metadata server's token; empty when there is no metadata server (not on Google Cloud). */
    private Future<Optional<TokenResponse>> fromMetadataServer() {
        String url = metadataBaseUrl + METADATA_TOKEN_PATH;
        return web.getAbs(url).putHeader("Metadata-Flavor", "Google")
                .connectTimeout(METADATA_TIMEOUT_MILLIS).timeout(METADATA_TIMEOUT_MILLIS).send()
                .transform(ar -> {
                    if (ar.failed()) {
                        LOG.debug("no Google credentials: metadata server {} unreachable: {}", url, ar.cause().getMessage());
                        return Future.succeededFuture(Optional.empty());
                    }
                    if (ar.result().statusCode() != 200) {
                        // Reachable but without a token for us (no service account): worth a word, then anonymous.
                        LOG.warn("no Google credentials: metadata server {} answered {}; using anonymous access",
                                url, ar.result().statusCode());
                        return Future.succeededFuture(Optional.empty());
                    }
                    return parse(ar.result(), "get a Google access token from the metadata server " + url, List.of())
                            .map(Optional::of);
                });
    }

    private Future<TokenResponse> parse(HttpResponse<Buffer> response, String action, List<String> secrets) {
        String body = response.body() == null ? "" : response.body().toString(StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            return Future.failedFuture(new KeychainException(action + " answered " + response.statusCode()
                    + (body.isBlank() ? "" : ": " + Redactor.quote(body, secrets))));
        }
        try {
            return Future.succeededFuture(TokenResponse.parse(body, clock.instant()));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new KeychainException(action + " answered 200 but " + e.getMessage()));
        }
    }

    private static String text(JsonObject json, String field) {
        return json.getValue(field) instanceof String s ? s : "";
    }

    @Override
    public String toString() {
        return "GoogleKeychain[" + credentialsFile.map(Path::toString).orElse(metadataBaseUrl) + "]";
    }
}
