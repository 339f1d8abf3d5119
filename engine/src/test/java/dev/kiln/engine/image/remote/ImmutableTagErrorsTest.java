package dev.kiln.engine.image.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.registry.RegistryError;
import dev.kiln.engine.registry.RegistryException;
import dev.kiln.engine.registry.RegistryHttpException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ImmutableTagErrorsTest {

    private static final String ACTION = "push manifest 1.0 to registry.example/app";

    /** The exception Kiln builds from an error answer with this body. */
    private static RegistryHttpException answer(int status, String body) {
        return RegistryHttpException.of(ACTION, status, "", RegistryError.parse(Buffer.buffer(body)));
    }

    @Test
    void ecrTagInvalidBecauseTheRepositoryIsImmutable() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"TAG_INVALID","message":"The image tag '1.0' already exists in the 'app' repository \
                and cannot be overwritten because the repository is immutable."}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void ecrTagInvalidBecauseTheTagIsImmutable() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"TAG_INVALID","message":"The image tag 'latest' already exists in the 'app' \
                repository and cannot be overwritten because the tag is immutable."}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void ecrTagInvalidMentioningImmutabilityInOtherWords() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"TAG_INVALID","message":"tag 1.0 is IMMUTABLE in this repository"}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void artifactRegistryTagImmutability() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"MANIFEST_INVALID","message":"failed to tag: The repository has enabled tag \
                immutability."}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void harborPreconditionConfiguredAsImmutable() {
        RegistryHttpException e = answer(412, """
                {"errors":[{"code":"PRECONDITION","message":"Failed to process request due to 'app:1.0' configured \
                as immutable."}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void dockerHubImmutabilitySettings() {
        RegistryHttpException e = answer(403, """
                {"errors":[{"code":"DENIED","message":"requested access to the resource is denied - This tag is \
                already assigned to an image in this repository and cannot be updated due to immutability settings."}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void thePhraseMayBeInTheDetail() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"DENIED","message":"denied","detail":"The repository has enabled tag immutability"}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isTrue();
    }

    @Test
    void foundDeepInTheCauseChain() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"TAG_INVALID","message":"cannot be overwritten because the repository is immutable"}]}""");
        Throwable wrapped = new CompletionException(new RegistryException("push image", "failed", e));
        assertThat(ImmutableTagErrors.isImmutableTagError(wrapped)).isTrue();
    }

    @Test
    void aTagInvalidThatIsNotAboutImmutabilityIsNot() {
        RegistryHttpException e = answer(400, """
                {"errors":[{"code":"TAG_INVALID","message":"manifest tag did not match URI"}]}""");
        assertThat(ImmutableTagErrors.isImmutableTagError(e)).isFalse();
    }

    @Test
    void otherRegistryErrorsAreNot() {
        assertThat(ImmutableTagErrors.isImmutableTagError(answer(401, """
                {"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"""))).isFalse();
        assertThat(ImmutableTagErrors.isImmutableTagError(answer(400, """
                {"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry"}]}"""))).isFalse();
        assertThat(ImmutableTagErrors.isImmutableTagError(answer(500, "<html>immutable</html>"))).isFalse();
    }

    @Test
    void thePhraseOutsideARegistryAnswerIsNot() {
        Throwable local = new RegistryException(ACTION, "cannot be overwritten because the repository is immutable",
                new IOException("The repository has enabled tag immutability"));
        assertThat(ImmutableTagErrors.isImmutableTagError(local)).isFalse();
        assertThat(ImmutableTagErrors.isImmutableTagError(null)).isFalse();
    }

    @Test
    void kanikosPhrasesAreAmongThoseKnown() {
        assertThat(ImmutableTagErrors.PHRASES).startsWith(List.of("the repository has enabled tag immutability",
                "cannot be overwritten because the repository is immutable").toArray(String[]::new));
    }
}
