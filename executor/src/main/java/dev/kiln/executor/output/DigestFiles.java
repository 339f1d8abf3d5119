package dev.kiln.executor.output;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * kaniko's digest files, written before the push as kaniko does (so they exist with {@code --no-push} too):
 * <ul>
 * <li>{@code --digest-file}: the manifest digest, {@code sha256:<hex>}, without a newline;</li>
 * <li>{@code --image-name-with-digest-file}: {@code <repository>@<digest>\n} per destination, in order;</li>
 * <li>{@code --image-name-tag-with-digest-file}: {@code <repository>:<tag>@<digest>\n} per destination.</li>
 * </ul>
 * The repository is written as go-containerregistry's {@code name.Repository.Name()} does, which is what kaniko
 * prints: Docker Hub is {@code index.docker.io}, official images keep {@code library/}
 * ({@code busybox} gives {@code index.docker.io/library/busybox}), and a destination without a tag is
 * {@code :latest}. Neither file is JSON; kaniko's only JSON output is {@link BuilderOutput}.
 *
 * <p>Kiln deviates from kaniko in one point: kaniko builds both name files from one buffer, so when
 * {@code --image-name-tag-with-digest-file} is given, {@code --image-name-with-digest-file} gets the tags too
 * (a bug); here each file gets its own format. A destination given by digest (which kaniko refuses) is written
 * as {@code <repository>@<digest>} in both files.
 *
 * <p>Stateless and thread-safe. Blocking (see {@link OutputFile}).
 */
public final class DigestFiles {

    /** Docker Hub's name in go-containerregistry, and so in kaniko's files. */
    static final String DOCKER_HUB = "index.docker.io";

    private DigestFiles() {
    }

    /** Writes the files {@code outputs} asks for, local or {@code https://}, with a default HTTP client. */
    public static void write(DigestOutputs outputs, Digest digest, List<ImageReference> destinations) {
        write(outputs, digest, destinations, OutputFile.withDefaultClient());
    }

    /**
     * Writes the files {@code outputs} asks for through {@code out}.
     *
     * @throws OutputException with kaniko's message for the file that failed ("writing digest to file failed: ...")
     */
    public static void write(DigestOutputs outputs, Digest digest, List<ImageReference> destinations, OutputFile out) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(destinations, "destinations");
        write(out, outputs.digestFile(), digestFile(digest), "writing digest to file failed");
        write(out, outputs.imageNameWithDigestFile(), imageNames(digest, destinations, false),
                "writing image name with digest to file failed");
        write(out, outputs.imageNameTagWithDigestFile(), imageNames(digest, destinations, true),
                "writing image name with image tag and digest to file failed");
    }

    /** The content of {@code --digest-file}: {@code sha256:<hex>}, no newline. */
    public static String digestFile(Digest digest) {
        return digest.toString();
    }

    /** The content of the name files: one {@code <repository>[:<tag>]@<digest>} line per destination. */
    public static String imageNames(Digest digest, List<ImageReference> destinations, boolean withTags) {
        StringBuilder sb = new StringBuilder();
        for (ImageReference d : destinations) {
            sb.append(repositoryName(d));
            if (withTags && d.tag() != null) {
                sb.append(':').append(d.tag());
            }
            sb.append('@').append(digest).append('\n');
        }
        return sb.toString();
    }

    /** {@code registry/repository} as go-containerregistry names it: Docker Hub is {@code index.docker.io}. */
    public static String repositoryName(ImageReference ref) {
        String registry = ref.registry().equals("docker.io") ? DOCKER_HUB : ref.registry();
        return registry + "/" + ref.repository();
    }

    private static void write(OutputFile out, String target, String content, String failure) {
        if (target == null) {
            return;
        }
        try {
            out.write(target, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputException(failure + ": " + OutputFile.describe(e), e);
        }
    }
}
