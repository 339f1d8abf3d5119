package dev.kiln.engine.registry;

import dev.kiln.engine.image.ImageNotFoundException;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.engine.registry.auth.RegistryAuthenticator;
import dev.kiln.engine.registry.transport.ConnectionSecurity;
import dev.kiln.engine.registry.transport.Transport;
import dev.kiln.engine.registry.transport.TransportFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry client facade: hands out {@link RemoteRepository} handles, pulls manifests through mirrors
 * and maps, resolves indexes to a platform, and owns what repositories share: one HTTP client, authenticator
 * and transport per registry and security setting, the blob locations used for mounts, the in-flight uploads
 * used for de-duplication, and the {@link Throttle} bounding parallel transfers.
 *
 * <p>Thread-safe and non-blocking: every operation returns a Vert.x {@link Future}; state is in concurrent
 * maps. Create one per build with {@link #create} and {@link #close()} it at the end. Transports are created
 * on first use (reading CA files on a worker thread), so creating the client is cheap.
 */
public final class RegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);

    /** Nested indexes followed when resolving a platform; real images have one level. */
    private static final int MAX_INDEX_DEPTH = 4;

    /** The transport of one registry and its base URL. */
    record Connection(Transport transport, URI base) {
    }

    private record ConnectionKey(String registry, ConnectionSecurity security) {
    }

    /** An upload of one blob to one repository. */
    record UploadKey(RepositoryName repository, Digest digest) {
    }

    private final Vertx vertx;
    private final RegistryOptions options;
    private final Keychain keychain;
    private final ConcurrentMap<ConnectionKey, Future<Connection>> connections = new ConcurrentHashMap<>();
    private final Queue<HttpClient> httpClients = new ConcurrentLinkedQueue<>();
    private final ConcurrentMap<UploadKey, Future<UploadOutcome>> uploads = new ConcurrentHashMap<>();
    private final BlobLocations locations = new BlobLocations();
    private final Throttle throttle;

    private RegistryClient(Vertx vertx, RegistryOptions options, Keychain keychain) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        this.keychain = Objects.requireNonNull(keychain, "keychain");
        this.throttle = new Throttle(options.parallelism());
    }

    /** A client with {@code options}, taking credentials from {@code keychain}. */
    public static RegistryClient create(Vertx vertx, RegistryOptions options, Keychain keychain) {
        return new RegistryClient(vertx, options, keychain);
    }

    public Vertx vertx() {
        return vertx;
    }

    public RegistryOptions options() {
        return options;
    }

    /** Bounds parallel blob transfers to {@link RegistryOptions#parallelism()}. */
    public Throttle throttle() {
        return throttle;
    }

    /** A handle on {@code repository} for reading or writing; cheap, nothing is sent yet. */
    public RemoteRepository repository(RepositoryName repository, Access access) {
        return new RemoteRepository(this, repository, access);
    }

    /** {@link #repository(RepositoryName, Access)} of {@code ref}'s repository. */
    public RemoteRepository repository(ImageReference ref, Access access) {
        return repository(ref.context(), access);
    }

    /**
     * {@code GET /v2/} on {@code registry}: the status, 200 or 401 (credentials needed); fails when the
     * registry is unreachable or does not speak the distribution API.
     */
    public Future<Integer> ping(String registry, Access access) {
        RepositoryName any = new RepositoryName(registry, "kiln-ping");
        return repository(any, access).call(new PingEndpoint(registry));
    }

    /**
     * The manifest or index {@code ref} names, from the first source that has it among
     * {@link PullSources#candidates}: registry maps, Docker Hub mirrors, then the registry itself. The result
     * tells which repository answered; pull its blobs from there.
     */
    public Future<FetchedManifest> pullManifest(ImageReference ref) {
        List<ImageReference> sources = PullSources.candidates(options, ref);
        return tryInOrder(ref, sources, 0, new ArrayList<>());
    }

    /** {@link #pullImageManifest(ImageReference, Platform)} for this machine's platform ({@link Platform#host()}). */
    public Future<FetchedManifest> pullImageManifest(ImageReference ref) {
        return pullImageManifest(ref, Platform.host());
    }

    /**
     * The image manifest for {@code platform}: {@code ref}'s manifest, or, when it is an index, the entry
     * {@link IndexManifest#select(Platform)} picks, fetched by digest from the same repository.
     *
     * @return a future failing with an {@link ImageNotFoundException} listing the platforms on offer when none
     *         matches (as {@code ImageIndex.descriptorFor} does)
     */
    public Future<FetchedManifest> pullImageManifest(ImageReference ref, Platform platform) {
        return pullManifest(ref).compose(m -> resolvePlatform(ref, m, platform, 0));
    }

    /** Closes every HTTP client; the client must not be used afterwards. */
    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        HttpClient c;
        while ((c = httpClients.poll()) != null) {
            closing.add(c.close());
        }
        connections.clear();
        return Future.join(closing).mapEmpty();
    }

    /** The transport and base URL for {@code repository} and {@code access}, created on first use. */
    Future<Connection> connection(RepositoryName repository, Access access) {
        ConnectionSecurity security = options.security(repository.registry(), access);
        ConnectionKey key = new ConnectionKey(repository.registry(), security);
        Future<Connection> existing = connections.get(key);
        if (existing != null) {
            return existing;
        }
        Future<Connection> created = connections.computeIfAbsent(key, k -> TransportFactory
                .httpClient(vertx, security, options.transport())
                .map(http -> {
                    httpClients.add(http);
                    RegistryAuthenticator auth = new RegistryAuthenticator(WebClient.wrap(http),
                            repository.registry(), keychain);
                    Transport transport = TransportFactory.transport(vertx, http, auth, options.transport());
                    URI base = URI.create(security.scheme() + "://" + repository.apiHost());
                    LOG.debug("registry {}: {}", repository.registry(), security);
                    return new Connection(transport, base);
                }));
        created.onFailure(e -> connections.remove(key, created));
        return created.recover(e -> Future.failedFuture(RegistryException.of("connect to " + repository.registry()
                + " (" + security + ")", e)));
    }

    BlobLocations locations() {
        return locations;
    }

    ConcurrentMap<UploadKey, Future<UploadOutcome>> uploads() {
        return uploads;
    }

    private Future<FetchedManifest> tryInOrder(ImageReference ref, List<ImageReference> sources, int index,
                                               List<String> failures) {
        ImageReference source = sources.get(index);
        return repository(source, Access.PULL).manifest(source.identifier()).recover(e -> {
            if (index + 1 < sources.size()) {
                LOG.warn("pull {} from {}: {}; trying {}", ref, source.context(), e.getMessage(),
                        sources.get(index + 1).context());
                failures.add(source.context() + ": " + e.getMessage());
                return tryInOrder(ref, sources, index + 1, failures);
            }
            if (failures.isEmpty()) {
                return Future.failedFuture(e);
            }
            failures.add(source.context() + ": " + e.getMessage());
            return Future.failedFuture(new RegistryException("pull manifest " + ref.identifier() + " of " + ref.name(),
                    "no source has it (" + String.join("; ", failures) + ")", e));
        });
    }

    private Future<FetchedManifest> resolvePlatform(ImageReference ref, FetchedManifest m, Platform platform, int depth) {
        if (!m.isIndex()) {
            return Future.succeededFuture(m);
        }
        String action = "pick platform " + platform + " from index " + m.digest() + " of " + ref;
        if (depth >= MAX_INDEX_DEPTH) {
            return Future.failedFuture(new RegistryException(action, "indexes nested deeper than " + MAX_INDEX_DEPTH));
        }
        IndexManifest index;
        try {
            index = m.index();
        } catch (MalformedContentException e) {
            return Future.failedFuture(new RegistryException(action, e.getMessage()));
        }
        Descriptor chosen = index.select(platform).orElse(null);
        if (chosen == null) {
            String offered = index.manifests().stream().filter(d -> d.platform() != null)
                    .map(d -> d.platform().toString()).collect(Collectors.joining(", "));
            return Future.failedFuture(new ImageNotFoundException(action + ": no match; available: "
                    + (offered.isEmpty() ? "none" : offered)));
        }
        return repository(m.repository(), Access.PULL).manifest(chosen.digest().toString())
                .compose(child -> resolvePlatform(ref, child, platform, depth + 1));
    }
}
