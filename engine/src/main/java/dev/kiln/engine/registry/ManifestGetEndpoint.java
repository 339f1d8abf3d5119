package dev.kiln.engine.registry;

import dev.kiln.engine.image.DigestMismatchException;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Map;

/**
 * {@code GET /v2/<name>/manifests/<reference>}: fetches a manifest or index with an {@code Accept} listing
 * the OCI and Docker types, verifies its digest (against the digest asked for, else against
 * {@code Docker-Content-Digest}) and rejects Docker schema 1 and non-image types with a clear message.
 *
 * @param repository the repository
 * @param reference  a tag or a digest
 */
record ManifestGetEndpoint(RepositoryName repository, String reference) implements Endpoint<FetchedManifest> {

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
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
        return "pull manifest " + reference + " from " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200;
    }

    @Override
    public Future<FetchedManifest> handle(RegistryResponse response) {
        return response.body(Partial.MAX_MANIFEST_SIZE).map(body -> {
            MediaType type = ManifestTypes.detect(response.header("Content-Type"), body);
            if (type == null) {
                throw new UnsupportedManifestException(action(), null,
                        "cannot tell the media type (no manifest Content-Type, no mediaType field)");
            }
            if (type.isSchema1()) {
                throw new UnsupportedManifestException(action(), type.value(), "Docker schema 1 manifests ("
                        + type + ") are not supported; push the image again with a current docker, buildah or skopeo"
                        + " to convert it to schema 2 or OCI");
            }
            if (!type.isManifest() && !type.isIndex()) {
                throw new UnsupportedManifestException(action(), type.value(), "media type " + type
                        + " is neither an image manifest nor an image index");
            }
            byte[] raw = body.getBytes();
            Digest digest = verifiedDigest(raw, response.header("Docker-Content-Digest"));
            return new FetchedManifest(repository, reference, type, digest, raw);
        });
    }

    /** The digest of {@code raw}, checked against the reference (if a digest) and the registry's header. */
    private Digest verifiedDigest(byte[] raw, String header) {
        if (Digest.isValid(reference)) {
            Digest wanted = Digest.parse(reference);
            Digest actual = Digest.of(wanted.algorithm(), raw);
            if (!actual.equals(wanted)) {
                throw new DigestMismatchException(action(), wanted, actual);
            }
            return actual;
        }
        Digest actual = Digest.sha256(raw);
        if (header != null && Digest.isValid(header.strip())) {
            Digest claimed = Digest.parse(header.strip());
            Digest computed = claimed.algorithm() == actual.algorithm() ? actual : Digest.of(claimed.algorithm(), raw);
            if (!computed.equals(claimed)) {
                throw new DigestMismatchException(action() + " (Docker-Content-Digest)", claimed, computed);
            }
        }
        return actual;
    }
}
