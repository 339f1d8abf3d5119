package dev.kiln.engine.registry;

import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.Redaction;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before a build, that the credentials may push to a destination, as kaniko does unless
 * {@code --skip-push-permission-check} is given (kaniko's {@code CheckPushPermissions} over go-containerregistry's
 * {@code remote.CheckPushPermission}): open a blob upload session with {@code POST /v2/<name>/blobs/uploads/},
 * asking for a {@code pull,push} token, then cancel it with {@code DELETE}. A refusal fails the build in
 * seconds rather than after it.
 *
 * <p>Unlike go-containerregistry, which cancels in the background and ignores the outcome, nothing is left
 * behind: {@link #check} and {@link #checkAll} complete once the {@code DELETE} answered. A build uses
 * {@link #start} instead, whose answer comes with the {@code POST} (the build goes on while the session is
 * cancelled, one round trip less before its base layers download) and which says separately when every
 * cancel is over. A failed cancel is only logged, since the answer to the question asked is already known.
 *
 * <p>Stateless and thread-safe; non-blocking.
 */
public final class PushPermission {

    private static final Logger LOG = LoggerFactory.getLogger(PushPermission.class);

    private PushPermission() {
    }

    /**
     * A check under way.
     *
     * @param allowed the answer: completes when every repository accepted its upload session, fails as
     *                {@link #check} does at the first refusal
     * @param settled completes (never fails) once every session the check opened was cancelled, after
     *                {@code allowed}
     */
    public record Checked(Future<Void> allowed, Future<Void> settled) {
    }

    /**
     * Whether the credentials {@code client} holds may push to {@code destination}'s repository.
     *
     * @return a future failing with a {@link RegistryException} whose message is kaniko's,
     *         {@code checking push permission for "<ref>": <cause>}, the cause being the typed registry failure
     *         (a {@link RegistryDeniedException} when the registry refused), without secrets
     */
    public static Future<Void> check(RegistryClient client, ImageReference destination) {
        return checkAll(client, List.of(destination));
    }

    /**
     * {@link #check} for each repository among {@code destinations}, once per repository (kaniko checks a
     * repository once however many tags go there), one after another in order, stopping at the first refusal.
     */
    public static Future<Void> checkAll(RegistryClient client, List<ImageReference> destinations) {
        Checked c = start(client, destinations);
        return c.allowed().transform(answer -> c.settled().compose(v -> answer.succeeded()
                ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(answer.cause())));
    }

    /** {@link #checkAll}, answering before the cancels are over; see {@link Checked}. */
    public static Checked start(RegistryClient client, List<ImageReference> destinations) {
        Map<RepositoryName, ImageReference> firstPerRepository = new LinkedHashMap<>();
        destinations.forEach(d -> firstPerRepository.putIfAbsent(d.context(), d));
        List<Future<Void>> cancels = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (ImageReference d : firstPerRepository.values()) {
            chain = chain.compose(v -> probe(client, d, cancels));
        }
        Future<Void> allowed = chain;
        // the list is complete once the chain ended: each probe adds its cancel before the next one starts
        Future<Void> settled = allowed.transform(answer -> Future.join(List.copyOf(cancels)))
                .transform(all -> Future.succeededFuture());
        return new Checked(allowed, settled);
    }

    private static Future<Void> probe(RegistryClient client, ImageReference destination, List<Future<Void>> cancels) {
        String action = "checking push permission for \"" + destination + "\"";
        RemoteRepository repo = client.repository(destination, Access.PUSH);
        return repo.call(new UploadProbeEndpoint(repo.name()))
                .map(session -> {
                    session.ifPresent(location -> cancels.add(repo.call(new UploadCancelEndpoint(repo.name(), location))
                            .recover(e -> {
                                LOG.debug("{}: {}", repo.name(), e.getMessage());
                                return Future.succeededFuture();
                            })));
                    return (Void) null;
                })
                .recover(e -> Future.failedFuture(new RegistryException(action,
                        e instanceof RegistryException ? e.getMessage() : Redaction.describe(e), e)));
    }
}
