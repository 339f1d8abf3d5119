package dev.kiln.engine.reference;

import dev.kiln.engine.oci.Digest;
import java.util.Locale;
import java.util.Objects;

/**
 * A normalised image reference {@code registry/repository[:tag][@digest]}, as written in {@code FROM}
 * lines, {@code --destination} flags and {@code docker pull} commands.
 *
 * <p>Immutable. Parsing follows Docker exactly: distribution/reference's {@code ParseNormalizedNamed}
 * followed by {@code TagNameOnly}
 * (https://github.com/distribution/reference/blob/main/normalize.go), so {@code busybox} means
 * {@code docker.io/library/busybox:latest}. Kaniko, BuildKit and the Docker CLI all resolve names this way,
 * and a builder that read {@code user/app} differently would push somewhere else than users expect.
 *
 * <p>Every instance is normalised, whether parsed or constructed: the canonical constructor maps
 * {@code index.docker.io} to {@code docker.io}, puts single-component Docker Hub paths under
 * {@code library/}, and adds the tag {@code latest} when there is neither tag nor digest. Hence
 * {@code parse(r.toString()).equals(r)} for every reference, and equal references name the same image.
 *
 * <p>A reference may carry both a tag and a digest ({@code app:1.0@sha256:...}); both are kept and printed,
 * and the digest wins for pulls ({@link #identifier()}), as in Docker.
 *
 * @param registry   host with optional port: {@code docker.io}, {@code localhost:5000}, {@code [::1]:5000}
 * @param repository path on that registry, e.g. {@code library/busybox}; at most 255 characters
 * @param tag        the tag, or null when only a digest is given
 * @param digest     the manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    /**
     * Normalises and validates the parts.
     *
     * @throws InvalidReferenceException naming the reference and the part that breaks Docker's grammar
     */
    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        registry = ReferenceGrammar.normaliseRegistry(registry);
        repository = ReferenceGrammar.normalisePath(registry, repository);
        if (tag == null && digest == null) {
            tag = ReferenceGrammar.DEFAULT_TAG;
        }
        String error = ReferenceGrammar.registryError(registry);
        if (error == null) {
            error = ReferenceGrammar.pathError(repository);
        }
        if (error == null && tag != null) {
            error = ReferenceGrammar.tagError(tag);
        }
        if (error != null) {
            throw new InvalidReferenceException(format(registry, repository, tag, digest), error);
        }
    }

    /**
     * Parses and normalises a reference the way {@code docker pull} does.
     *
     * <ul>
     *   <li>The first path component is a registry only if it is {@code localhost}, contains {@code '.'} or
     *       {@code ':'} (a domain, an IP address, a port), or has upper-case letters; otherwise the
     *       reference is on Docker Hub ({@code user/app} is {@code docker.io/user/app}).</li>
     *   <li>{@code index.docker.io} is the same registry as {@code docker.io}.</li>
     *   <li>Single-component Docker Hub names are official images: {@code busybox} is
     *       {@code docker.io/library/busybox}.</li>
     *   <li>Without tag and digest the tag is {@code latest}; with a digest alone there is no tag.</li>
     * </ul>
     *
     * @throws InvalidReferenceException quoting {@code text} and saying what is wrong
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "reference");
        if (text.isEmpty()) {
            throw new InvalidReferenceException(text, "reference is empty");
        }
        if (ReferenceGrammar.isImageId(text)) {
            throw new InvalidReferenceException(text,
                    "cannot specify 64-byte hexadecimal strings (that is an image ID, not a repository name)");
        }
        ReferenceGrammar.Split split = ReferenceGrammar.split(text);
        String remainder = split.remainder();
        // Docker checks the case of everything before the first ':' of the remainder (normalize.go).
        int colon = remainder.indexOf(':');
        String remote = colon < 0 ? remainder : remainder.substring(0, colon);
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException(text, "repository name must be lowercase");
        }
        String registryError = ReferenceGrammar.registryError(split.registry());
        if (registryError != null) {
            // An upper-case first component was taken as a registry only because of its case.
            throw new InvalidReferenceException(text,
                    split.registryByCase() ? "repository name must be lowercase" : registryError);
        }

        // Path and tag contain neither ':' nor '@', a digest no '@': the first '@' starts the digest and
        // the first ':' before it starts the tag.
        int at = remainder.indexOf('@');
        String beforeDigest = at < 0 ? remainder : remainder.substring(0, at);
        int tagColon = beforeDigest.indexOf(':');
        String path = tagColon < 0 ? beforeDigest : beforeDigest.substring(0, tagColon);
        String tag = tagColon < 0 ? null : beforeDigest.substring(tagColon + 1);

        String error = ReferenceGrammar.pathError(path);
        if (error == null && tag != null) {
            error = ReferenceGrammar.tagError(tag);
        }
        if (error != null) {
            throw new InvalidReferenceException(text, error);
        }
        Digest digest = at < 0 ? null : ReferenceGrammar.digest(text, remainder.substring(at + 1));
        return new ImageReference(split.registry(), path, tag, digest);
    }

    /** The same repository with this tag; a digest, if any, is kept. */
    public ImageReference withTag(String newTag) {
        Objects.requireNonNull(newTag, "tag");
        return new ImageReference(registry, repository, newTag, digest);
    }

    /** The same repository with this digest; the tag, if any, is kept (as Docker's {@code WithDigest}). */
    public ImageReference withDigest(Digest newDigest) {
        Objects.requireNonNull(newDigest, "digest");
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** The repository this reference points into. */
    public RepositoryName context() {
        return new RepositoryName(registry, repository);
    }

    /** {@code registry/repository} without tag or digest, e.g. {@code docker.io/library/busybox}. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * What to ask the registry's manifest endpoint for: the digest if there is one (it pins the content),
     * else the tag.
     */
    public String identifier() {
        return digest != null ? digest.toString() : tag;
    }

    /** The host to send registry API requests to: {@code registry-1.docker.io} for {@code docker.io}. */
    public String apiHost() {
        return ReferenceGrammar.apiHost(registry);
    }

    /** Whether the image is on Docker Hub ({@code docker.io} or {@code registry-1.docker.io}). */
    public boolean isDockerHub() {
        return ReferenceGrammar.isDockerHub(registry);
    }

    /**
     * Docker's short form, as {@code docker images} prints it: {@code busybox:latest},
     * {@code user/app:1}, {@code localhost:5000/app@sha256:...}.
     */
    public String familiar() {
        return suffix(ReferenceGrammar.familiarName(registry, repository), tag, digest);
    }

    /** The full normalised form, e.g. {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return format(registry, repository, tag, digest);
    }

    private static String format(String registry, String repository, String tag, Digest digest) {
        return suffix(registry + "/" + repository, tag, digest);
    }

    private static String suffix(String name, String tag, Digest digest) {
        StringBuilder sb = new StringBuilder(name);
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }
}
