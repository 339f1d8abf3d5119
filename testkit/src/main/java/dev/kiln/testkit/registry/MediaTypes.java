package dev.kiln.testkit.registry;

/**
 * Manifest media types (OCI image spec, https://github.com/opencontainers/image-spec/blob/main/media-types.md,
 * and Docker's image manifest v2 schema 2).
 *
 * <p>Constants only. {@link #MANIFEST_ACCEPT} matters: docker-registry 2.8 answers 404 for an OCI manifest
 * unless the {@code Accept} header lists its type, so every client must send all four.
 */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** The {@code Accept} header value for manifest requests: every manifest and index type. */
    public static final String MANIFEST_ACCEPT =
            String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    private MediaTypes() {}
}
