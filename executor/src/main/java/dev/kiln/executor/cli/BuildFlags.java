package dev.kiln.executor.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The executor's flags that kaniko does not have: BuildKit's {@code --secret}, the image format, and the RUN
 * isolation. A picocli mixin; mutable (picocli fills it), read once on the main thread.
 */
public final class BuildFlags {

    @Option(names = "--secret", paramLabel = "id=ID[,src=PATH|env=VAR]",
            description = "A secret for RUN --mount=type=secret, as buildctl's: id=..,src=FILE or id=..,env=VAR."
                    + " Repeatable. Never written to a layer or a log.")
    public List<String> secrets = new ArrayList<>();

    @Option(names = "--image-format", paramLabel = "FORMAT",
            description = "Media types of the image: oci or docker. Default: those of the base image (OCI for scratch).")
    public String imageFormat;

    @Option(names = "--isolation", paramLabel = "KIND",
            description = "How RUN is isolated: namespaced, chroot or in-place. Default: namespaced where the"
                    + " kernel allows it, else chroot.")
    public String isolation;
}
