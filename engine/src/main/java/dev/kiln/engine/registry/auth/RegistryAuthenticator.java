package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The {@code Authorization} header values for one registry host, learnt from its 401 challenges.
 *
 * <p>Why: the transport must not know how a registry authenticates; it asks {@link #authorization} before a
 * request, and {@link #challenged} once after a 401, then retries with the answer. What this class learns from
 * the first challenge (Basic, or the Bearer realm and service) it reuses for later requests, so after the first
 * 401 a request for a new scope fetches its token up front instead of collecting another 401.
 *
 * <p>Tokens are cached per list of scopes until a little before they expire ({@link TokenResponse#refreshAt});
 * a cached token for {@code pull,push} also serves {@code pull} on the same repository. Concurrent callers that
 * need a token for the same scopes share one request to the token server. The credential is asked from the
 * {@link Keychain} once (again only after a failure), because a keychain may run a credential helper process.
 *
 * <p>Thread-safe and non-blocking: state is in concurrent maps and atomic references; all I/O goes through the
 * Vert.x {@link WebClient}. Failures are {@link AuthenticationException}s naming the registry and scope,
 * never a secret.
 */
public final class RegistryAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuthenticator.class);

    /** What the registry's challenges have taught so far. */
    private sealed interface Learnt {
        /** No challenge yet: send requests without {@code Authorization}. */
        record Nothing() implements Learnt {
        }

        /** The same header for every scope: Basic credentials, or a registry token. */
        record Fixed(String header) implements Learnt {
        }

        /** Bearer tokens from the challenge's realm, per scope. */
        record Bearer(Challenge challenge) implements Learnt {
        }
    }

    /** A token with the scopes it was granted for. */
    private record CachedToken(String header, List<Scope> scopes, Instant refreshAt) {
        boolean covers(List<Scope> wanted) {
            return wanted.stream().allMatch(w -> scopes.stream().anyMatch(s -> s.covers(w)));
        }
    }

    private final String registryHost;
    private final Keychain keychain;
    private final Clock clock;
    private final TokenClient tokens;
    private final AtomicReference<Learnt> learnt = new AtomicReference<>(new Learnt.Nothing());
    private final AtomicReference<Future<Credential>> credential = new AtomicReference<>();
    private final ConcurrentMap<String, CachedToken> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Future<CachedToken>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param client       the client for token servers (configured with the registry's TLS trust)
     * @param registryHost the registry, {@code host} or {@code host:port}
     * @param keychain     where credentials for {@code registryHost} come from
     */
    public RegistryAuthenticator(WebClient client, String registryHost, Keychain keychain) {
        this(client, registryHost, keychain, Clock.systemUTC());
    }

    /** As {@link #RegistryAuthenticator(WebClient, String, Keychain)}, with the clock that ages tokens. */
    public RegistryAuthenticator(WebClient client, String registryHost, Keychain keychain, Clock clock) {
        Objects.requireNonNull(client, "client");
        this.registryHost = Objects.requireNonNull(registryHost, "registryHost");
        this.keychain = Objects.requireNonNull(keychain, "keychain");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = new TokenClient(client, registryHost, clock);
    }

    /** The registry host this authenticator is for. */
    public String registryHost() {
        return registryHost;
    }

    /** As {@link #authorization(List)} for one scope. */
    public Future<Optional<String>> authorization(Scope scope) {
        return authorization(List.of(scope));
    }

    /**
     * The {@code Authorization} header value to send with a request needing {@code scopes}, or empty when no
     * challenge has been seen yet. After a Bearer challenge this may fetch a token for scopes not cached yet.
     */
    public Future<Optional<String>> authorization(List<Scope> scopes) {
        List<Scope> wanted = Scope.normalize(scopes);
        return switch (learnt.get()) {
            case Learnt.Nothing n -> Future.succeededFuture(Optional.empty());
            case Learnt.Fixed f -> Future.succeededFuture(Optional.of(f.header()));
            case Learnt.Bearer b -> {
                Optional<CachedToken> cached = cached(wanted);
                yield cached.isPresent()
                        ? Future.succeededFuture(Optional.of(cached.get().header()))
                        : token(b.challenge(), wanted).map(t -> Optional.of(t.header()));
            }
        };
    }

    /** As {@link #challenged(List, List)} for one scope. */
    public Future<String> challenged(List<Challenge> challenges, Scope scope) {
        return challenged(challenges, List.of(scope));
    }

    /**
     * Answers a 401 with {@code challenges} for a request needing {@code scopes}: the header to retry with.
     * A Bearer challenge (preferred, as Docker does) always gets a token fresh from the token server, never the
     * cached one the registry has just refused; a Basic challenge gets the keychain's user and password.
     *
     * @return the header value, or a failed future with an {@link AuthenticationException}
     */
    public Future<String> challenged(List<Challenge> challenges, List<Scope> scopes) {
        List<Scope> wanted = Scope.normalize(scopes);
        String scopeText = describe(wanted);
        Optional<Challenge> bearer = challenges.stream().filter(c -> c.is("Bearer")).findFirst();
        Optional<Challenge> basic = challenges.stream().filter(c -> c.is("Basic")).findFirst();
        if (bearer.isEmpty() && basic.isEmpty()) {
            String schemes = challenges.stream().map(Challenge::scheme).collect(Collectors.joining(", "));
            return Future.failedFuture(new AuthenticationException(registryHost, "authenticate to " + registryHost
                    + " for " + scopeText + ": no Basic or Bearer challenge in the 401 (got: "
                    + (schemes.isEmpty() ? "none" : schemes) + ")"));
        }
        return credential().compose(cred -> {
            if (cred instanceof Credential.RegistryToken(String token)) {
                // A registry token is a ready bearer token (docker "registrytoken"): no token server involved.
                String header = "Bearer " + token;
                learnt.set(new Learnt.Fixed(header));
                return Future.succeededFuture(header);
            }
            if (bearer.isPresent()) {
                learnt.set(new Learnt.Bearer(realmOnly(bearer.get())));
                cache.values().removeIf(t -> t.covers(wanted));
                return token(bearer.get(), wanted).map(CachedToken::header);
            }
            return switch (cred) {
                case Credential.Basic(String user, String password) -> {
                    String header = "Basic " + Redactor.basicToken(user, password);
                    learnt.set(new Learnt.Fixed(header));
                    yield Future.succeededFuture(header);
                }
                case Credential.Anonymous a -> Future.failedFuture(new AuthenticationException(registryHost,
                        "authenticate to " + registryHost + " for " + scopeText
                                + ": the registry asks for Basic credentials and the keychain has none for it"));
                default -> Future.failedFuture(new AuthenticationException(registryHost,
                        "authenticate to " + registryHost + " for " + scopeText
                                + ": the registry asks for Basic credentials but the keychain holds " + cred));
            };
        });
    }

    /** A valid cached token covering {@code wanted}; drops expired ones on the way. */
    private Optional<CachedToken> cached(List<Scope> wanted) {
        Instant now = clock.instant();
        cache.values().removeIf(t -> !now.isBefore(t.refreshAt()));
        CachedToken exact = cache.get(key(wanted));
        if (exact != null) {
            return Optional.of(exact);
        }
        return cache.values().stream().filter(t -> t.covers(wanted)).findFirst();
    }

    /** A new token for {@code wanted}, shared with every caller asking for the same scopes meanwhile. */
    private Future<CachedToken> token(Challenge challenge, List<Scope> wanted) {
        String key = key(wanted);
        Promise<CachedToken> promise = Promise.promise();
        Future<CachedToken> running = inFlight.putIfAbsent(key, promise.future());
        if (running != null) {
            return running;
        }
        credential()
                .compose(cred -> tokens.fetch(challenge, scopeStrings(challenge, wanted), cred, describe(wanted)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        TokenResponse r = ar.result();
                        CachedToken t = new CachedToken("Bearer " + r.token(), wanted, r.refreshAt());
                        cache.put(key, t);
                        LOG.debug("token for {} on {}: valid for {}", key, registryHost, r.lifetime());
                        inFlight.remove(key, promise.future());
                        promise.complete(t);
                    } else {
                        inFlight.remove(key, promise.future());
                        promise.fail(ar.cause());
                    }
                });
        return promise.future();
    }

    /** The credential for the registry, asked once; asked again only if the keychain failed. */
    private Future<Credential> credential() {
        while (true) {
            Future<Credential> current = credential.get();
            if (current != null && !current.failed()) {
                return current;
            }
            Promise<Credential> promise = Promise.promise();
            if (credential.compareAndSet(current, promise.future())) {
                Future<Credential> resolved;
                try {
                    resolved = keychain.resolve(registryHost);
                } catch (RuntimeException e) {
                    resolved = Future.failedFuture(e);
                }
                resolved.transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result())
                        : Future.<Credential>failedFuture(ar.cause() instanceof AuthenticationException
                                ? ar.cause()
                                : new AuthenticationException(registryHost, "find credentials for " + registryHost
                                        + ": " + ar.cause().getMessage(), ar.cause())))
                        .onComplete(promise);
                return promise.future();
            }
        }
    }

    /**
     * The scope strings to ask the token server for: ours, plus any scope the challenge names (Docker Hub names
     * the one the failed request needed), without duplicates.
     */
    private static List<String> scopeStrings(Challenge challenge, List<Scope> wanted) {
        Set<String> all = new LinkedHashSet<>();
        wanted.forEach(s -> all.add(s.toString()));
        challenge.param("scope").ifPresent(s -> {
            for (String part : s.split(" ")) {
                if (!part.isBlank()) {
                    all.add(part);
                }
            }
        });
        return new ArrayList<>(all);
    }

    /**
     * The challenge without what only concerned the refused request ({@code scope}, {@code error}), so that
     * later token requests for other scopes do not inherit them.
     */
    private static Challenge realmOnly(Challenge challenge) {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>(challenge.params());
        params.remove("scope");
        params.remove("error");
        return new Challenge(challenge.scheme(), params);
    }

    private static String key(List<Scope> normalized) {
        return normalized.stream().map(Scope::toString).collect(Collectors.joining(" "));
    }

    private static String describe(List<Scope> normalized) {
        return normalized.isEmpty() ? "the registry" : key(normalized);
    }

    @Override
    public String toString() {
        return "RegistryAuthenticator[" + registryHost + ", " + learnt.get().getClass().getSimpleName() + "]";
    }
}
