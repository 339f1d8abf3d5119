package dev.kiln.engine.registry;

import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/manifests/<reference>}: whether a manifest exists and its descriptor, from
 * {@code Content-Type}, {@code Docker-Content-Digest} and {@code Content-Length}; empty on 404.
 *
 * @param repository the repository
 * @param reference  a tag or a digest
 */
record ManifestHeadEndpoint(RepositoryName repository, String reference) implements Endpoint<Optional<Descriptor>> {

    @Override
    public HttpMethod method() {
        return HttpMethod.HEAD;
    }

    @Override
    public URI uri(URI base) {
        return Urls.api(base, repository, "manifests/" + reference);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Accept", ManifestTypes.ACCEPT);
    }

    @Override
    public String action() {
        return "check manifest " + reference + " in " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Future<Optional<Descriptor>> handle(RegistryResponse response) {
        return response.discard().map(v -> {
            if (response.status() == 404) {
                return Optional.empty();
            }
            String header = response.header("Docker-Content-Digest");
            Digest digest;
            if (header != null && Digest.isValid(header.strip())) {
                digest = Digest.parse(header.strip());
            } else if (Digest.isValid(reference)) {
                digest = Digest.parse(reference);
            } else {
                throw new RegistryException(action(), "the registry sent no valid Docker-Content-Digest");
            }
            MediaType type = ManifestTypes.detect(response.header("Content-Type"), Buffer.buffer());
            if (type == null) {
                throw new RegistryException(action(), "the registry sent no manifest Content-Type");
            }
            long size = Math.max(0, response.contentLength());
            return Optional.of(Descriptor.of(type, digest, size));
        });
    }
}
