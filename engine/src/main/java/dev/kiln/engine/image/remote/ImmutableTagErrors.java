package dev.kiln.engine.image.remote;

import dev.kiln.engine.registry.RegistryError;
import dev.kiln.engine.registry.RegistryErrorCode;
import dev.kiln.engine.registry.RegistryHttpException;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a registry's refusal to move an immutable tag, which {@code --push-ignore-immutable-tag-errors}
 * turns into success (kaniko's {@code pkg/executor/push.go}): a rebuild of a release tag then does not fail
 * the pipeline when the tag already exists.
 *
 * <p>kaniko matches two texts anywhere in the error: Artifact Registry's
 * "The repository has enabled tag immutability"
 * (https://cloud.google.com/artifact-registry/docs/docker/troubleshoot#push) and ECR's "cannot be overwritten
 * because the repository is immutable" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html).
 * Kiln looks only where a registry speaks, in the error documents of a {@link RegistryHttpException} anywhere
 * in the cause chain, and knows a few more shapes: ECR's newer wording ("... because the tag is immutable"),
 * any ECR {@code TAG_INVALID} error that mentions immutability, Harbor's "configured as immutable" (412
 * {@code PRECONDITION}) and Docker Hub's "due to immutability settings". Texts are compared ignoring case.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImmutableTagErrors {

    /** Phrases that say a tag may not be moved; the first two are kaniko's. */
    static final List<String> PHRASES = List.of(
            "the repository has enabled tag immutability",
            "cannot be overwritten because the repository is immutable",
            "cannot be overwritten because the tag is immutable",
            "configured as immutable",
            "due to immutability settings");

    private ImmutableTagErrors() {
    }

    /** Whether {@code failure}, or a cause of it, is a registry's answer that the tag is immutable. */
    public static boolean isImmutableTagError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryHttpException h && h.errors().stream().anyMatch(ImmutableTagErrors::says)) {
                return true;
            }
        }
        return false;
    }

    private static boolean says(RegistryError error) {
        String text = (error.message() + " " + (error.detail() == null ? "" : error.detail()))
                .toLowerCase(Locale.ROOT);
        if (PHRASES.stream().anyMatch(text::contains)) {
            return true;
        }
        return error.kind() == RegistryErrorCode.TAG_INVALID && text.contains("immutable");
    }
}
