package dev.kiln.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Table-driven checks of {@link ImageReference#parse} against the behaviour of Docker's
 * distribution/reference. The tables are plain text next to this class:
 * {@code valid-references.psv} and {@code invalid-references.psv}.
 */
class ImageReferenceTableTest {

    private static final String VALID = "/dev/kiln/engine/reference/valid-references.psv";
    private static final String INVALID = "/dev/kiln/engine/reference/invalid-references.psv";

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = VALID, delimiterString = "|", quoteCharacter = '`')
    void parsesIntoNormalisedParts(String input, String registry, String repository, String tag, String digest,
            String familiar, String full) {
        ImageReference ref = ImageReference.parse(input);

        assertThat(ref.registry()).as("registry").isEqualTo(registry);
        assertThat(ref.repository()).as("repository").isEqualTo(repository);
        assertThat(ref.tag()).as("tag").isEqualTo(tag);
        assertThat(ref.digest()).as("digest").isEqualTo(digest == null ? null : Digest.parse(digest));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = VALID, delimiterString = "|", quoteCharacter = '`')
    void printsDockersFamiliarAndFullForms(String input, String registry, String repository, String tag,
            String digest, String familiar, String full) {
        ImageReference ref = ImageReference.parse(input);

        assertThat(ref.familiar()).as("familiar").isEqualTo(familiar);
        assertThat(ref.toString()).as("toString").isEqualTo(full);
        assertThat(ref.name()).as("name").isEqualTo(registry + "/" + repository);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = VALID, delimiterString = "|", quoteCharacter = '`')
    void fullAndFamiliarFormsParseBackToAnEqualReference(String input, String registry, String repository,
            String tag, String digest, String familiar, String full) {
        ImageReference ref = ImageReference.parse(input);

        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
        assertThat(new ImageReference(ref.registry(), ref.repository(), ref.tag(), ref.digest())).isEqualTo(ref);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = INVALID, delimiterString = "|", quoteCharacter = '`')
    void rejectsWhatDockerRejectsSayingWhy(String input, String fragment) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageStartingWith("invalid image reference \"" + input + "\": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InvalidReferenceException) e).input()).isEqualTo(input));
    }
}
