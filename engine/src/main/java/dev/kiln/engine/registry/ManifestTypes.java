package dev.kiln.engine.registry;

import dev.kiln.engine.oci.MediaType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the registry API needs to know about manifest media types: the {@code Accept} header for manifest
 * requests, and the type of a fetched manifest.
 *
 * <p>Stateless utility.
 */
final class ManifestTypes {

    /**
     * Every type Kiln reads, OCI first. docker-registry answers 404 for an OCI manifest when {@code Accept}
     * lacks the OCI type, and converts to schema 1 when it lacks Docker's, so all four are always sent;
     * schema 1 is not, so registries that can convert do.
     */
    static final List<MediaType> ACCEPTED = List.of(MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);

    /** The {@code Accept} header value. */
    static final String ACCEPT = String.join(", ", ACCEPTED.stream().map(MediaType::value).toList());

    private ManifestTypes() {
    }

    /**
     * The media type of a manifest: the {@code Content-Type} when it is a manifest, index or schema 1 type;
     * otherwise the document's {@code mediaType} field; otherwise guessed from its shape ({@code manifests}:
     * OCI index, {@code config}: OCI manifest, {@code schemaVersion} 1: schema 1), since some registries serve
     * {@code application/json} and umoci omits {@code mediaType}. Null when nothing tells.
     */
    static MediaType detect(String contentType, Buffer body) {
        MediaType header = contentType == null || contentType.isBlank() ? null : MediaType.of(contentType);
        if (header != null && (header.isManifest() || header.isIndex() || header.isSchema1())) {
            return MediaType.of(header.essence());
        }
        JsonObject doc;
        try {
            doc = body.toJsonObject();
        } catch (DecodeException | ClassCastException | IllegalStateException e) {
            return header;
        }
        if (doc == null) {
            return header;
        }
        if (doc.getValue("mediaType") instanceof String type && !type.isBlank()) {
            return MediaType.of(type);
        }
        if (doc.getValue("schemaVersion") instanceof Number n && n.intValue() == 1) {
            return MediaType.DOCKER_SCHEMA1_SIGNED;
        }
        if (doc.containsKey("manifests")) {
            return MediaType.OCI_INDEX;
        }
        if (doc.containsKey("config")) {
            return MediaType.OCI_MANIFEST;
        }
        return header;
    }
}
