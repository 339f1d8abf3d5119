package dev.kiln.testkit.registry;

import dev.kiln.testkit.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small registry API client for tests (JDK {@link HttpClient}): it answers a 401 the way real
 * clients do (Basic with the registry's credentials, or a bearer token fetched from the challenge's realm),
 * and asks for manifests with every manifest and index media type.
 *
 * <p>Thread-safe: the underlying HTTP client is, and the class keeps no mutable state. It exists for tests
 * that check what landed in a registry without going through the code under test; it is not a model for
 * production code (no token caching, no retries).
 */
public final class RegistryHttpClient {
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** A manifest as served: its {@code Content-Type}, the registry's digest for it, and the body. */
    public record Manifest(String mediaType, String digest, String body) {}

    private final RegistryServer server;
    private final HttpClient http;

    RegistryHttpClient(RegistryServer server) {
        this.server = server;
        this.http = server.httpClient();
    }

    /** {@code GET path} without credentials, e.g. {@code get("/v2/")}. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /**
     * Sends {@code request}; on 401 answers the challenge (Basic, or a bearer token for {@code scope}, or for
     * the challenge's own scope when {@code scope} is null) and sends it once more.
     */
    public HttpResponse<String> sendAuthenticated(HttpRequest request, String scope) {
        HttpResponse<String> first = send(request);
        if (first.statusCode() != 401) {
            return first;
        }
        String challenge = first.headers().firstValue("WWW-Authenticate").orElse("");
        String authorization;
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            authorization = server.credentials().map(Credentials::basicHeader).orElseThrow(() ->
                    new IllegalStateException("answer Basic challenge of " + server.url() + ": no credentials"));
        } else if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            authorization = "Bearer " + token(challenge, scope);
        } else {
            return first;
        }
        return send(HttpRequest.newBuilder(request, (k, v) -> true).header("Authorization", authorization).build());
    }

    /**
     * {@code GET /v2/<repository>/manifests/<reference>} with all manifest media types accepted, authenticated.
     *
     * @throws IllegalStateException naming the manifest and status if the registry does not return it
     */
    public Manifest manifest(String repository, String reference) {
        HttpRequest req = request("/v2/" + repository + "/manifests/" + reference)
                .header("Accept", MediaTypes.MANIFEST_ACCEPT).GET().build();
        HttpResponse<String> r = sendAuthenticated(req, "repository:" + repository + ":pull");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("get manifest " + repository + ":" + reference + " from " + server.url()
                    + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
        }
        String digest = r.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(r.body()));
        return new Manifest(r.headers().firstValue("Content-Type").orElse(""), digest, r.body());
    }

    /**
     * {@code PUT /v2/<repository>/manifests/<reference>} with {@code mediaType}, authenticated for push.
     *
     * @return the digest the registry reports
     * @throws IllegalStateException naming the manifest and status unless the registry answers 201
     */
    public String putManifest(String repository, String reference, String mediaType, String body) {
        HttpRequest req = request("/v2/" + repository + "/manifests/" + reference).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r = sendAuthenticated(req, "repository:" + repository + ":pull,push");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("put manifest " + repository + ":" + reference + " to " + server.url()
                    + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
        }
        return r.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(body));
    }

    /** The sha256 digest string of {@code text}'s UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    /** The parameters of a {@code WWW-Authenticate} challenge, e.g. {@code realm}, {@code service}, {@code scope}. */
    public static Map<String, String> challengeParameters(String challenge) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private String token(String challenge, String scope) {
        Map<String, String> p = challengeParameters(challenge);
        String realm = p.get("realm");
        if (realm == null) {
            throw new IllegalStateException("answer Bearer challenge of " + server.url() + ": no realm in " + challenge);
        }
        StringBuilder uri = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?')
                .append("service=").append(URLEncoder.encode(p.getOrDefault("service", ""), StandardCharsets.UTF_8));
        String wanted = scope != null ? scope : p.get("scope");
        if (wanted != null) {
            uri.append("&scope=").append(URLEncoder.encode(wanted, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(10));
        Optional<Credentials> creds = server.credentials();
        creds.ifPresent(c -> req.header("Authorization", c.basicHeader()));
        HttpResponse<String> r = send(req.GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("fetch token from " + realm + " for " + wanted + ": HTTP " + r.statusCode());
        }
        Map<String, Object> body = Json.parseObject(r.body());
        Object token = body.containsKey("token") ? body.get("token") : body.get("access_token");
        return Json.asString(token, "token response from " + realm);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + ": interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 297) + "...";
    }
}
