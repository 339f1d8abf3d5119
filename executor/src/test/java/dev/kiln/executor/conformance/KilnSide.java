package dev.kiln.executor.conformance;

import dev.kiln.executor.Cli;
import dev.kiln.executor.ExecutorCommand;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The side under test: the executor CLI run in process with kaniko's flags, writing its image to an OCI layout.
 *
 * <p>Stateless apart from the registry it pulls from; one instance per suite run. For running, the image is
 * copied with {@code skopeo copy --format oci} to a tagged layout, because umoci unpacks only tagged OCI
 * manifests while kaniko's {@code --oci-layout-path} writes an untagged index and may use Docker media types.
 */
final class KilnSide {

    private final RegistryServer registry;

    KilnSide(RegistryServer registry) {
        this.registry = registry;
    }

    /** The command line for {@code ws}; {@code work} gets the layout ({@code oci}) and the kaniko dir. */
    List<String> args(CaseWorkspace ws, Path layout, Path kanikoDir) {
        List<String> args = new ArrayList<>(List.of("--context", "dir://" + ws.context(), "--dockerfile",
                ws.dockerfile().toString(), "--no-push", "--oci-layout-path", layout.toString(), "--kaniko-dir",
                kanikoDir.toString(), "--insecure-pull", "--skip-tls-verify-pull", "--insecure-registry",
                registry.hostPort()));
        args.addAll(ws.commonFlags());
        return args;
    }

    /**
     * Builds {@code ws}.
     *
     * @throws AssertionError with Kiln's exit code and output if the build fails
     */
    BuiltImage build(CaseWorkspace ws, Path work) {
        Path layout = work.resolve("kiln-oci");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new ExecutorCommand(), args(ws, layout, work.resolve("kaniko")).toArray(String[]::new),
                new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            throw new AssertionError("case " + ws.definition().name() + ": Kiln's build exited " + code + "\nstdout:\n"
                    + head(out.toString()) + "\nstderr:\n" + head(err.toString()));
        }
        LayoutImage image = LayoutImage.read(layout, Optional.empty());
        Path runnable = work.resolve("kiln-run-oci");
        Skopeo.copy("oci:" + layout, "oci:" + runnable + ":" + BuildahSide.TAG, List.of("--format", "oci"));
        return new BuiltImage(image, image.config(), runnable, BuildahSide.TAG);
    }

    /** The start of the output: the CLI prints its error first and the usage after it. */
    private static String head(String s) {
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }
}
