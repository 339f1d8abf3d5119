package dev.kiln.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link ImageReference} beyond the parse tables: derivations, limits and construction. */
class ImageReferenceTest {

    private static final Digest FOO = Digest.sha256("foo".getBytes(StandardCharsets.UTF_8));
    private static final Digest BAR = Digest.sha256("bar".getBytes(StandardCharsets.UTF_8));

    @Test
    void differentSpellingsOfOneImageAreEqual() {
        ImageReference expected = ImageReference.parse("docker.io/library/busybox:latest");

        assertThat(ImageReference.parse("busybox")).isEqualTo(expected);
        assertThat(ImageReference.parse("library/busybox")).isEqualTo(expected);
        assertThat(ImageReference.parse("index.docker.io/busybox:latest")).isEqualTo(expected);
        assertThat(ImageReference.parse("busybox").hashCode()).isEqualTo(expected.hashCode());
    }

    @Test
    void emptyReferenceIsRejected() {
        assertThatThrownBy(() -> ImageReference.parse(""))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("invalid image reference \"\": reference is empty");
    }

    @Test
    void identifierIsTheDigestWhenPresentElseTheTag() {
        assertThat(ImageReference.parse("app:1.0").identifier()).isEqualTo("1.0");
        assertThat(ImageReference.parse("app:1.0@" + FOO).identifier()).isEqualTo(FOO.toString());
        assertThat(ImageReference.parse("app@" + FOO).identifier()).isEqualTo(FOO.toString());
    }

    @Test
    void withTagReplacesTheTagAndKeepsTheDigest() {
        ImageReference ref = ImageReference.parse("app:1.0@" + FOO).withTag("2.0");

        assertThat(ref.toString()).isEqualTo("docker.io/library/app:2.0@" + FOO);
    }

    @Test
    void withTagRejectsAnInvalidTag() {
        ImageReference ref = ImageReference.parse("localhost:5000/app");

        assertThatThrownBy(() -> ref.withTag(".hidden"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("invalid image reference \"localhost:5000/app:.hidden\": invalid tag \".hidden\":"
                        + " expected 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
    }

    @Test
    void withDigestKeepsTheTagAndReplacesAnEarlierDigest() {
        ImageReference ref = ImageReference.parse("app:1.0@" + FOO).withDigest(BAR);

        assertThat(ref.tag()).isEqualTo("1.0");
        assertThat(ref.digest()).isEqualTo(BAR);
        assertThat(ref.familiar()).isEqualTo("app:1.0@" + BAR);
    }

    @Test
    void dockerHubIsReachedThroughItsApiHost() {
        ImageReference hub = ImageReference.parse("busybox");
        ImageReference local = ImageReference.parse("localhost:5000/busybox");

        assertThat(hub.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(hub.isDockerHub()).isTrue();
        assertThat(local.apiHost()).isEqualTo("localhost:5000");
        assertThat(local.isDockerHub()).isFalse();
        assertThat(ImageReference.parse("registry-1.docker.io/library/busybox").isDockerHub()).isTrue();
    }

    @Test
    void contextIsTheRepositoryWithoutTagOrDigest() {
        RepositoryName repo = ImageReference.parse("ubuntu:24.04@" + FOO).context();

        assertThat(repo).isEqualTo(new RepositoryName("docker.io", "library/ubuntu"));
        assertThat(repo.toString()).isEqualTo("docker.io/library/ubuntu");
        assertThat(repo.familiar()).isEqualTo("ubuntu");
        assertThat(repo.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(repo.isDockerHub()).isTrue();
    }

    @Test
    void repositoryNameNormalisesLikeAReference() {
        assertThat(new RepositoryName("index.docker.io", "busybox").toString())
                .isEqualTo("docker.io/library/busybox");
        assertThatThrownBy(() -> new RepositoryName("localhost:5000", "Team/app"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("invalid image reference \"localhost:5000/Team/app\": repository name must be lowercase");
    }

    @Test
    void constructorNormalisesAndAddsTheDefaultTag() {
        ImageReference ref = new ImageReference("index.docker.io", "busybox", null, null);

        assertThat(ref.toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(new ImageReference("docker.io", "busybox", null, FOO).tag()).isNull();
    }

    @Test
    void constructorValidatesItsParts() {
        assertThatThrownBy(() -> new ImageReference("bad_host", "app", "1", null))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageStartingWith("invalid image reference \"bad_host/app:1\": invalid registry \"bad_host\"");
        assertThatThrownBy(() -> new ImageReference("localhost", "", "1", null))
                .hasMessageEndingWith("repository name must have at least one component");
    }

    @Test
    void repositoryPathMayHave255CharactersButNot256() {
        String path255 = "a/".repeat(127) + "a";
        assertThat(path255).hasSize(255);

        assertThat(ImageReference.parse("localhost:5000/" + path255 + ":t").repository()).isEqualTo(path255);
        assertThatThrownBy(() -> ImageReference.parse("localhost:5000/" + path255 + "a"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageEndingWith("repository name must not be more than 255 characters");
    }

    @Test
    void lengthLimitAppliesToThePathAfterNormalisation() {
        String name = "a".repeat(250);

        // library/ + 250 characters is 258: too long, although the input is shorter than 255.
        assertThatThrownBy(() -> ImageReference.parse(name))
                .hasMessageEndingWith("repository name must not be more than 255 characters");
        // The registry does not count, as in distribution/reference.
        assertThat(ImageReference.parse("registry." + "r".repeat(300) + ".example/" + name).repository())
                .isEqualTo(name);
    }

    @Test
    void tagMayHave128CharactersButNot129() {
        String tag128 = "t".repeat(128);

        assertThat(ImageReference.parse("app:" + tag128).tag()).isEqualTo(tag128);
        assertThatThrownBy(() -> ImageReference.parse("app:" + tag128 + "t"))
                .hasMessageContaining("invalid tag");
    }

    @Test
    void longInputIsShortenedInTheMessageButKeptInTheException() {
        String input = "app:" + "-".repeat(500);

        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOfSatisfying(InvalidReferenceException.class, e -> {
                    assertThat(e.input()).isEqualTo(input);
                    assertThat(e.getMessage()).startsWith("invalid image reference \"app:---").contains("...\": ");
                    assertThat(e.reason()).startsWith("invalid tag");
                });
    }

    @Test
    void unsupportedDigestKeepsTheDigestErrorAsCause() {
        assertThatThrownBy(() -> ImageReference.parse("app@sha256:" + "A".repeat(64)))
                .isInstanceOf(InvalidReferenceException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case hex");
    }

    @Test
    void invalidReferenceIsAnIllegalArgument() {
        assertThatThrownBy(() -> ImageReference.parse("UPPER"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
