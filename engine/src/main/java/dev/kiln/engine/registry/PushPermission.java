package dev.kiln.engine.registry;

import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.Redaction;
import io.vertx.core.Future;
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
 * <p>Unlike go-containerregistry, which cancels in the background and ignores the outcome, the check waits for
 * the {@code DELETE} (one round trip) so that nothing is left behind when it completes; a failed cancel is still
 * only logged, since the answer to the question asked is already known.
 *
 * <p>Stateless and thread-safe; non-blocking.
 */
public final class PushPermission {

    private static final Logger LOG = LoggerFactory.getLogger(PushPermission.class);

    private PushPermission() {
    }

    /**
     * Whether the credentials {@code client} holds may push to {@code destination}'s repository.
     *
     * @return a future failing with a {@link RegistryException} whose message is kaniko's,
     *         {@code checking push permission for "<ref>": <cause>}, the cause being the typed registry failure
     *         (a {@link RegistryDeniedException} when the registry refused), without secrets
     */
    public static Future<Void> check(RegistryClient client, ImageReference destination) {
        String action = "checking push permission for \"" + destination + "\"";
        RemoteRepository repo = client.repository(destination, Access.PUSH);
        return repo.call(new UploadProbeEndpoint(repo.name()))
                .compose(session -> session.isEmpty() ? Future.<Void>succeededFuture()
                        : repo.call(new UploadCancelEndpoint(repo.name(), session.get())).recover(e -> {
                            LOG.debug("{}: {}", repo.name(), e.getMessage());
                            return Future.succeededFuture();
                        }))
                .recover(e -> Future.failedFuture(new RegistryException(action,
                        e instanceof RegistryException ? e.getMessage() : Redaction.describe(e), e)));
    }

    /**
     * {@link #check} for each repository among {@code destinations}, once per repository (kaniko checks a
     * repository once however many tags go there), one after another in order, stopping at the first refusal.
     */
    public static Future<Void> checkAll(RegistryClient client, List<ImageReference> destinations) {
        Map<RepositoryName, ImageReference> firstPerRepository = new LinkedHashMap<>();
        destinations.forEach(d -> firstPerRepository.putIfAbsent(d.context(), d));
        Future<Void> chain = Future.succeededFuture();
        for (ImageReference d : firstPerRepository.values()) {
            chain = chain.compose(v -> check(client, d));
        }
        return chain;
    }
}
