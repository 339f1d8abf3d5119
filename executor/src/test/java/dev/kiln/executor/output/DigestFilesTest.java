package dev.kiln.executor.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest files, compared byte for byte with kaniko's own expectations (pkg/executor/push_test.go). */
class DigestFilesTest {

    private static final Digest DIGEST = Digest.sha256("kiln".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private static List<ImageReference> refs(String... texts) {
        return java.util.Arrays.stream(texts).map(ImageReference::parse).toList();
    }

    @Test
    void digestFileIsTheBareDigestWithoutNewline() {
        assertThat(DigestFiles.digestFile(DIGEST)).isEqualTo(DIGEST.toString()).startsWith("sha256:").doesNotEndWith("\n");
    }

    @Test
    void imageNameWithDigestIsKanikosTestImageNameDigestFile() {
        // kaniko: Destinations {"gcr.io/foo/bar:latest", "bob/image"}
        assertThat(DigestFiles.imageNames(DIGEST, refs("gcr.io/foo/bar:latest", "bob/image"), false))
                .isEqualTo("gcr.io/foo/bar@" + DIGEST + "\nindex.docker.io/bob/image@" + DIGEST + "\n");
    }

    @Test
    void imageNameTagWithDigestIsKanikosTestImageNameTagDigestFile() {
        // kaniko: Destinations {"gcr.io/foo/bar:123", "bob/image"}; a missing tag is "latest"
        assertThat(DigestFiles.imageNames(DIGEST, refs("gcr.io/foo/bar:123", "bob/image"), true))
                .isEqualTo("gcr.io/foo/bar:123@" + DIGEST + "\nindex.docker.io/bob/image:latest@" + DIGEST + "\n");
    }

    @Test
    void dockerHubNamesAreSpelledAsGoContainerregistryDoes() {
        assertThat(DigestFiles.imageNames(DIGEST, refs("busybox", "docker.io/library/alpine:3",
                "index.docker.io/user/app:1", "localhost:5000/app:1"), true)).isEqualTo(
                "index.docker.io/library/busybox:latest@" + DIGEST + "\n"
                        + "index.docker.io/library/alpine:3@" + DIGEST + "\n"
                        + "index.docker.io/user/app:1@" + DIGEST + "\n"
                        + "localhost:5000/app:1@" + DIGEST + "\n");
    }

    @Test
    void aDestinationGivenByDigestHasNoTagInEitherFile() {
        List<ImageReference> d = List.of(ImageReference.parse("reg.local/app@" + DIGEST));
        assertThat(DigestFiles.imageNames(DIGEST, d, true)).isEqualTo("reg.local/app@" + DIGEST + "\n");
        assertThat(DigestFiles.imageNames(DIGEST, d, false)).isEqualTo("reg.local/app@" + DIGEST + "\n");
    }

    @Test
    void writesEachAskedFileWithItsOwnFormat() throws IOException {
        DigestOutputs outputs = new DigestOutputs(dir.resolve("digest").toString(), dir.resolve("names").toString(),
                dir.resolve("tags").toString());
        DigestFiles.write(outputs, DIGEST, refs("reg.local/app:1", "reg.local/app:2"));
        assertThat(Files.readString(dir.resolve("digest"))).isEqualTo(DIGEST.toString());
        assertThat(Files.readString(dir.resolve("names")))
                .isEqualTo("reg.local/app@" + DIGEST + "\nreg.local/app@" + DIGEST + "\n");
        assertThat(Files.readString(dir.resolve("tags")))
                .isEqualTo("reg.local/app:1@" + DIGEST + "\nreg.local/app:2@" + DIGEST + "\n");
    }

    @Test
    void filesNotAskedForAreNotWritten() throws IOException {
        DigestFiles.write(new DigestOutputs(dir.resolve("digest").toString(), "", null), DIGEST, refs("reg.local/a"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("digest"));
        }
        assertThat(DigestOutputs.none().any()).isFalse();
        assertThat(new DigestOutputs("", "", "").any()).isFalse();
    }

    @Test
    void aFailedWriteCarriesKanikosMessageAndTheFile() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        String target = blocker.resolve("sub/digest").toString();
        assertThatThrownBy(() -> DigestFiles.write(new DigestOutputs(target, null, null), DIGEST, refs("reg.local/a")))
                .isInstanceOf(OutputException.class)
                .hasMessageStartingWith("writing digest to file failed: ")
                .hasMessageContaining(blocker.toString());
        assertThatThrownBy(() -> DigestFiles.write(new DigestOutputs(null, null, target), DIGEST, refs("reg.local/a")))
                .hasMessageStartingWith("writing image name with image tag and digest to file failed: ");
    }
}
