package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import dev.kiln.engine.registry.transport.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Map;

/**
 * {@code PUT /v2/<name>/manifests/<reference>}: stores manifest or index bytes under a tag or their digest.
 * Idempotent (the same bytes under the same name). The registry's {@code Docker-Content-Digest} must be the
 * digest of the bytes sent.
 *
 * @param repository the repository
 * @param reference  a tag, or the digest of {@code raw}
 * @param raw        the bytes, sent exactly
 * @param mediaType  their media type, sent as {@code Content-Type}
 */
record ManifestPutEndpoint(RepositoryName repository, String reference, byte[] raw, MediaType mediaType)
        implements Endpoint<Descriptor> {

    @Override
    public HttpMethod method() {
        return HttpMethod.PUT;
    }

    @Override
    public URI uri(URI base) {
        return Urls.api(base, repository, "manifests/" + reference);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Type", mediaType.value());
    }

    @Override
    public RequestBody body() {
        return RequestBody.of(raw);
    }

    @Override
    public String action() {
        return "push manifest " + reference + " to " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 201 || status == 200 || status == 202;
    }

    @Override
    public Future<Descriptor> handle(RegistryResponse response) {
        return response.discard().map(v -> {
            Digest digest = Digest.sha256(raw);
            String header = response.header("Docker-Content-Digest");
            if (header != null && Digest.isValid(header.strip())) {
                Digest claimed = Digest.parse(header.strip());
                if (!claimed.equals(Digest.of(claimed.algorithm(), raw))) {
                    throw new RegistryException(action(), "the registry stored digest " + claimed
                            + " but the manifest sent has digest " + digest);
                }
            }
            return Descriptor.of(mediaType, digest, raw.length);
        });
    }
}
