package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import dev.kiln.engine.registry.transport.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Map;

/**
 * {@code PUT <session>?digest=<digest>}: closes an upload, with the whole blob as body (monolithic upload)
 * or with none after the chunks. The registry checks the digest ({@code DIGEST_INVALID} otherwise). The
 * body-less PUT is idempotent (if a retry finds the session gone because the first PUT did complete, the
 * uploader's existence check settles it); a PUT with a body is not, since the registry appends what arrived
 * of an interrupted body to the session, so the uploader restarts instead.
 *
 * @param repository the repository
 * @param digest     the blob
 * @param session    the URL from the last answer
 * @param body       the whole blob, or empty
 */
record UploadFinishEndpoint(RepositoryName repository, Digest digest, URI session, RequestBody body)
        implements Endpoint<Void> {

    @Override
    public HttpMethod method() {
        return HttpMethod.PUT;
    }

    @Override
    public URI uri(URI base) {
        return Urls.withQuery(session, "digest", digest.toString());
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Type", "application/octet-stream");
    }

    @Override
    public boolean idempotent() {
        return body.length() == 0;
    }

    @Override
    public String action() {
        return "push blob " + digest + " to " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 201 || status == 204;
    }

    @Override
    public Future<Void> handle(RegistryResponse response) {
        return response.discard().map(v -> {
            String header = response.header("Docker-Content-Digest");
            if (header != null && Digest.isValid(header.strip()) && !Digest.parse(header.strip()).equals(digest)) {
                throw new RegistryException(action(), "the registry stored digest " + header.strip());
            }
            return null;
        });
    }
}
