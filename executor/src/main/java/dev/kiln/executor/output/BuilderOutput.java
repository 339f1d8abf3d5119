package dev.kiln.executor.output;

import dev.kiln.engine.oci.Digest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * kaniko's {@code writeImageOutputs}: after a successful push, when {@code BUILDER_OUTPUT} names a directory,
 * the file {@code images} there gets one JSON object per destination and line,
 * {@code {"name":"<destination as given>","digest":"sha256:..."}} (Go's {@code json.Encoder}: compact, keys in
 * this order, a newline after each). Build services (Cloud Build's builder contract) read it.
 *
 * <p>Stateless and thread-safe. Blocking.
 */
public final class BuilderOutput {

    /** The environment variable naming the directory. */
    public static final String ENV = "BUILDER_OUTPUT";

    private BuilderOutput() {
    }

    /**
     * Writes {@code $BUILDER_OUTPUT/images} when the variable is set and not empty; nothing otherwise. The
     * directory must exist, as in kaniko.
     *
     * @param destinations the destinations as given on the command line
     * @throws OutputException naming the file
     */
    public static void write(Map<String, String> env, Digest digest, List<String> destinations) {
        String dir = env.get(ENV);
        if (dir == null || dir.isEmpty()) {
            return;
        }
        Path file = Path.of(dir, "images");
        if (!Files.isDirectory(Path.of(dir))) {
            throw new OutputException("writing image outputs to " + file + " failed: " + dir
                    + ": no such directory", null);
        }
        try {
            OutputFile.writeFile(file, content(digest, destinations).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputException("writing image outputs to " + file + " failed: " + OutputFile.describe(e), e);
        }
    }

    /** The file's content. */
    public static String content(Digest digest, List<String> destinations) {
        StringBuilder sb = new StringBuilder();
        for (String d : destinations) {
            sb.append(new JsonObject().put("name", d).put("digest", digest.toString()).encode()).append('\n');
        }
        return sb.toString();
    }
}
