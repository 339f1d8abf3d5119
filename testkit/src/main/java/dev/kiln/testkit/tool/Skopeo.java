package dev.kiln.testkit.tool;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thin wrapper over the {@code skopeo} CLI (1.9): copy images between OCI layouts and registries, and read
 * raw manifests and configs.
 *
 * <p>Stateless, so thread-safe. Registry access flags come from the {@link RegistryServer} (CA dir, plain
 * HTTP, auth file), so callers never spell them. Every copy reports the digest of the manifest it wrote,
 * read from {@code --digestfile}.
 */
public final class Skopeo {
    private Skopeo() {}

    /**
     * {@code skopeo copy [flags] source destination}, transports included (e.g. {@code oci:DIR:TAG},
     * {@code docker://HOST/REPO:TAG}).
     *
     * @return the digest of the manifest written to the destination
     * @throws dev.kiln.testkit.process.CommandException with skopeo's stderr if the copy fails
     */
    public static String copy(String source, String destination, List<String> flags) {
        try (TempDir t = TempDir.create("kiln-testkit-skopeo-")) {
            Path digestFile = t.resolve("digest");
            List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--digestfile", digestFile.toString()));
            args.addAll(flags);
            args.add(source);
            args.add(destination);
            command().args(args).check();
            return Files.readString(digestFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + " to " + destination + ": read digest: " + e.getMessage(), e);
        }
    }

    /**
     * Pushes {@code oci:layout:tag} to {@code registry} as {@code repositoryAndTag}; {@code flags} may add e.g.
     * {@code --all} or {@code --format v2s2}.
     *
     * @return the pushed manifest's digest
     */
    public static String push(Path layout, String tag, RegistryServer registry, String repositoryAndTag, String... flags) {
        List<String> all = new ArrayList<>(RegistryFlags.forRegistry(registry, "dest-"));
        all.addAll(Arrays.asList(flags));
        return copy("oci:" + layout + ":" + tag, "docker://" + registry.reference(repositoryAndTag), all);
    }

    /**
     * Pulls {@code repositoryAndTag} from {@code registry} into {@code oci:layout:tag} (the host's platform
     * when the source is an index, unless {@code flags} say otherwise).
     *
     * @return the digest of the manifest written to the layout
     */
    public static String pull(RegistryServer registry, String repositoryAndTag, Path layout, String tag, String... flags) {
        List<String> all = new ArrayList<>(RegistryFlags.forRegistry(registry, "src-"));
        all.addAll(Arrays.asList(flags));
        return copy("docker://" + registry.reference(repositoryAndTag), "oci:" + layout + ":" + tag, all);
    }

    /** The manifest (or index) of {@code repositoryAndTag} exactly as the registry serves it. */
    public static String inspectRaw(RegistryServer registry, String repositoryAndTag) {
        return inspect(registry, repositoryAndTag, "--raw");
    }

    /** The image config blob of {@code repositoryAndTag} (host platform for an index), as stored. */
    public static String inspectConfig(RegistryServer registry, String repositoryAndTag) {
        return inspect(registry, repositoryAndTag, "--config", "--raw");
    }

    /** {@code skopeo inspect [flags]} of {@code repositoryAndTag}; stdout is returned. */
    public static String inspect(RegistryServer registry, String repositoryAndTag, String... flags) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(RegistryFlags.forRegistry(registry, ""));
        args.addAll(Arrays.asList(flags));
        args.add("docker://" + registry.reference(repositoryAndTag));
        return command().args(args).check().stdout();
    }

    private static Command command() {
        return Command.of(Tool.SKOPEO);
    }
}
