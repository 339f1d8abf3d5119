package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrAsyncClient;
import software.amazon.awssdk.services.ecr.EcrAsyncClientBuilder;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Built-in credentials for Amazon ECR private registries ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}, also
 * {@code .amazonaws.com.cn} and the FIPS names), as kaniko gets them from amazon-ecr-credential-helper:
 * {@code GetAuthorizationToken} in the registry's region with the AWS default credential chain (environment,
 * profile, web identity, container and instance roles); the answer is base64 {@code AWS:password}.
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html
 *
 * <p>Other hosts get {@link Credential#ANONYMOUS} without a call. A failure for an ECR host is a
 * {@link KeychainException}, not anonymous access, because ECR private registries have none.
 *
 * <p>Thread-safe: one async SDK client per region, made on first use and kept in a concurrent map, all sharing
 * one Netty HTTP client with its own event-loop thread; calls start on a Vert.x worker (the SDK resolves
 * credentials synchronously) and complete on the caller's context. {@link #close()}
 * releases the clients.
 */
public final class EcrKeychain implements Keychain, AutoCloseable {

    /** amazon-ecr-credential-helper's host pattern, restricted to the commercial and China partitions. */
    private static final Pattern HOST = Pattern.compile(
            "^(\\d{12})\\.dkr[.-]ecr(-fips)?\\.([a-z0-9][a-z0-9-]*)\\.amazonaws\\.com(\\.cn)?$");

    private final Vertx vertx;
    private final java.util.function.Supplier<AwsCredentialsProvider> credentialsFactory;
    private volatile AwsCredentialsProvider credentials;
    private final boolean ownsCredentials;
    private final Optional<URI> endpointOverride;
    private final ConcurrentMap<String, EcrAsyncClient> clients = new ConcurrentHashMap<>();
    private volatile SdkAsyncHttpClient http;
    private EventLoopGroup eventLoop;
    private volatile boolean closed;

    /**
     * @param credentials      the AWS credentials to sign with
     * @param endpointOverride the ECR API endpoint for every region instead of AWS's (tests, VPC endpoints)
     */
    public EcrKeychain(Vertx vertx, AwsCredentialsProvider credentials, Optional<URI> endpointOverride) {
        this(vertx, constant(Objects.requireNonNull(credentials, "credentials")), false, endpointOverride);
    }

    private static java.util.function.Supplier<AwsCredentialsProvider> constant(AwsCredentialsProvider p) {
        return () -> p;
    }

    private EcrKeychain(Vertx vertx, java.util.function.Supplier<AwsCredentialsProvider> credentials,
            boolean ownsCredentials, Optional<URI> endpointOverride) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.credentialsFactory = Objects.requireNonNull(credentials, "credentials");
        this.ownsCredentials = ownsCredentials;
        this.endpointOverride = Objects.requireNonNull(endpointOverride, "endpointOverride");
    }

    /** The keychain with the AWS default credential chain and AWS's endpoints. */
    public static EcrKeychain withDefaultCredentials(Vertx vertx) {
        // The AWS default chain is made on the first ECR host: loading the SDK costs a build without ECR
        // a tenth of a second at start-up.
        return new EcrKeychain(vertx, () -> DefaultCredentialsProvider.builder().build(), true, Optional.empty());
    }

    /** The region of an ECR registry host ({@code host[:port]}), or empty for any other host. */
    public static Optional<String> region(String registryHost) {
        Matcher m = HOST.matcher(withoutPort(registryHost));
        return m.matches() ? Optional.of(m.group(3)) : Optional.empty();
    }

    @Override
    public Future<Credential> resolve(String registryHost) {
        Optional<String> region = region(registryHost);
        if (region.isEmpty()) {
            return Future.succeededFuture(Credential.ANONYMOUS);
        }
        String action = "get ECR authorization token for " + registryHost + " in region " + region.get();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        // Building a client reads profile files, and the default credential chain may read files or call the
        // instance metadata service synchronously in the calling thread: start the call on a worker.
        return vertx.executeBlocking(() -> client(region.get())
                        .getAuthorizationToken(GetAuthorizationTokenRequest.builder().build()), false)
                .compose(call -> Future.fromCompletionStage(call, context))
                .transform(ar -> {
                    if (ar.failed()) {
                        Throwable cause = ar.cause() instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : ar.cause();
                        return Future.failedFuture(new KeychainException(action + ": " + cause.getMessage(), cause));
                    }
                    List<AuthorizationData> data = ar.result().authorizationData();
                    if (data.isEmpty() || data.getFirst().authorizationToken() == null) {
                        return Future.failedFuture(new KeychainException(action + ": the answer has no authorization data"));
                    }
                    return decode(data.getFirst().authorizationToken(), action);
                });
    }

    /** Base64 {@code AWS:password} to Basic credentials; never quotes the token. */
    private static Future<Credential> decode(String token, String action) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new KeychainException(action + ": the authorization token is not base64"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Future.failedFuture(new KeychainException(action + ": the authorization token is not user:password"));
        }
        return Future.succeededFuture(new Credential.Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = credentialsFactory.get();
        }
        return credentials;
    }

    private EcrAsyncClient client(String region) {
        if (closed) {
            throw new IllegalStateException("the ECR keychain is closed");
        }
        return clients.computeIfAbsent(region, r -> {
            EcrAsyncClientBuilder builder = EcrAsyncClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials())
                    .httpClient(http());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    // NioEventLoopGroup is deprecated in Netty 4.2, but it is the group type the SDK knows how to use.
    @SuppressWarnings("deprecation")
    private synchronized SdkAsyncHttpClient http() {
        if (http == null) {
            // Our own one-thread event loop group: the SDK's default one takes two seconds to close, blocking.
            eventLoop = new io.netty.channel.nio.NioEventLoopGroup(1, new DefaultThreadFactory("kiln-ecr", true));
            http = NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(SdkEventLoopGroup.create(eventLoop, NioSocketChannel::new))
                    .build();
        }
        return http;
    }

    private static String withoutPort(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    /** Closes the SDK clients and their HTTP client; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(EcrAsyncClient::close);
        clients.clear();
        if (http != null) {
            http.close();
            http = null;
            // Requests are over (the clients are closed): no need to wait for a quiet period.
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            eventLoop = null;
        }
        if (ownsCredentials && credentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing a credential provider only releases caches; nothing to report.
            }
        }
    }

    @Override
    public String toString() {
        return "EcrKeychain[regions=" + clients.keySet() + endpointOverride.map(u -> ", endpoint=" + u).orElse("") + "]";
    }
}
