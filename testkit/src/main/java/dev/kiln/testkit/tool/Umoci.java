package dev.kiln.testkit.tool;

import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thin wrapper over the {@code umoci} CLI (0.4): create, unpack and repack images in an OCI layout.
 *
 * <p>Stateless, so thread-safe (umoci itself locks nothing: do not write one layout from two threads).
 * Images are addressed as {@code layout:tag}, as umoci's {@code --image} expects.
 */
public final class Umoci {
    private Umoci() {}

    /** {@code umoci init --layout DIR}: an empty OCI layout. */
    public static void init(Path layout) {
        run("init", "--layout", layout.toString());
    }

    /** {@code umoci new --image DIR:TAG}: an image with no layers and an empty config. */
    public static void newImage(Path layout, String tag) {
        run("new", "--image", image(layout, tag));
    }

    /** {@code umoci unpack}: a runtime bundle ({@code config.json} + {@code rootfs}) at {@code bundle}. */
    public static void unpack(Path layout, String tag, Path bundle) {
        run("unpack", "--image", image(layout, tag), bundle.toString());
    }

    /** {@code umoci repack}: a new layer from the changes in {@code bundle}'s rootfs, tagged {@code tag}. */
    public static void repack(Path layout, String tag, Path bundle) {
        run("repack", "--image", image(layout, tag), bundle.toString());
    }

    /** {@code umoci config --image DIR:TAG OPTIONS...}, e.g. {@code "--architecture", "arm64"}. */
    public static void config(Path layout, String tag, String... options) {
        List<String> args = new ArrayList<>(List.of("config", "--image", image(layout, tag)));
        args.addAll(Arrays.asList(options));
        run(args.toArray(String[]::new));
    }

    /** {@code umoci gc}: removes blobs no tag reaches (umoci leaves the old manifest behind on each change). */
    public static void gc(Path layout) {
        run("gc", "--layout", layout.toString());
    }

    /** {@code umoci stat --json}: the image's history as JSON. */
    public static String stat(Path layout, String tag) {
        return Command.of(Tool.UMOCI, "stat", "--json", "--image", image(layout, tag)).check().stdout();
    }

    private static String image(Path layout, String tag) {
        return layout + ":" + tag;
    }

    private static void run(String... args) {
        Command.of(Tool.UMOCI, args).check();
    }
}
