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
 * {@code PATCH <session>} with one chunk of a blob, {@code Content-Range: <first>-<last>} (inclusive)
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-a-blob-in-chunks). Answers
 * with the URL of the next request, which carries the new session state. Not idempotent: the registry may
 * have stored part of a chunk that failed, so a failed chunk restarts the whole upload instead of being
 * retried. A {@code Range} answer that does not end at the chunk's last byte is a failure too.
 *
 * @param repository the repository
 * @param digest     the blob, for messages
 * @param session    the URL from the previous answer
 * @param offset     the chunk's first byte in the blob
 * @param body       the chunk
 */
record UploadChunkEndpoint(RepositoryName repository, Digest digest, URI session, long offset, RequestBody body)
        implements Endpoint<URI> {

    @Override
    public HttpMethod method() {
        return HttpMethod.PATCH;
    }

    @Override
    public URI uri(URI base) {
        return session;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Type", "application/octet-stream",
                "Content-Range", offset + "-" + last());
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public String action() {
        return "push blob " + digest + " to " + repository + " (chunk " + offset + "-" + last() + ")";
    }

    @Override
    public boolean accepts(int status) {
        return status == 202;
    }

    @Override
    public Future<URI> handle(RegistryResponse response) {
        return response.discard().map(v -> {
            String range = response.header("Range");
            if (range != null && range.strip().matches("(bytes=)?\\d+-\\d+")) {
                String r = range.strip().replace("bytes=", "");
                long end = Long.parseLong(r.substring(r.indexOf('-') + 1));
                if (end != last()) {
                    throw new ShortChunkException(action(), "the registry holds bytes up to " + end
                            + " instead of " + last());
                }
            }
            String location = response.header("Location");
            if (location == null || location.isBlank()) {
                throw new RegistryException(action(), "202 without a Location for the next chunk");
            }
            return Urls.resolve(response.request().uri(), location);
        });
    }

    private long last() {
        return offset + body.length() - 1;
    }

    /** The registry acknowledged fewer bytes than sent: the session is unusable, the upload may restart. */
    static final class ShortChunkException extends RegistryException {
        private static final long serialVersionUID = 1L;

        ShortChunkException(String action, String reason) {
            super(action, reason);
        }
    }
}
