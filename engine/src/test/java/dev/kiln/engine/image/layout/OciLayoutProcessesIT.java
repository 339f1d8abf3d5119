package dev.kiln.engine.image.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs tagging into one layout at once (two builds sharing an {@code oci:} layer cache): every tag of both
 * must be in {@code index.json} afterwards. The in-process monitor alone does not see the other process; the
 * lock on {@code oci-layout} does.
 */
class OciLayoutProcessesIT {

    private static final int TAGS = 40;

    @TempDir
    Path dir;

    /** The other process: writes one small image under {@code TAGS} tags {@code <prefix>0...}. */
    public static void main(String[] args) {
        OciLayout layout = OciLayout.create(Path.of(args[0]));
        Image image = TestImages.image();
        for (int i = 0; i < TAGS; i++) {
            layout.writeImage(image, args[1] + i);
        }
    }

    @Test
    void twoProcessesTaggingOneLayoutLoseNoTag() throws Exception {
        Path layout = dir.resolve("cache");
        OciLayout.create(layout);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> writers = new ArrayList<>();
        for (String prefix : List.of("a", "b")) {
            writers.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    OciLayoutProcessesIT.class.getName(), layout.toString(), prefix)
                    .redirectErrorStream(true).redirectOutput(dir.resolve(prefix + ".log").toFile()).start());
        }
        for (int i = 0; i < writers.size(); i++) {
            Process p = writers.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve((i == 0 ? "a" : "b") + ".log"))).isZero();
        }
        List<String> tags = OciLayout.open(layout).tags();
        assertThat(tags).hasSize(2 * TAGS);
        for (int i = 0; i < TAGS; i++) {
            assertThat(tags).contains("a" + i, "b" + i);
        }
    }
}
