package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the optional {@code args} file of a golden case into {@link PlanOptions}. One setting a line
 * ({@code #} starts a comment):
 * <pre>
 * build-arg NAME=value
 * target NAME
 * selection ALL_UP_TO_TARGET
 * platform TARGET BUILD                  (default linux/amd64 linux/amd64)
 * image REF                              (a base image config the fake resolver knows)
 * image REF env NAME=value
 * image REF onbuild TRIGGER              (\n in TRIGGER is a newline)
 * </pre>
 * Without any {@code image} line the resolver knows nothing.
 */
final class GoldenArgs {

    private GoldenArgs() {
    }

    static PlanOptions read(List<String> lines) {
        Map<String, String> buildArgs = new LinkedHashMap<>();
        Platform target = Platform.of("linux", "amd64");
        Platform build = Platform.of("linux", "amd64");
        String targetStage = null;
        StageSelection selection = StageSelection.NEEDED;
        Map<ImageReference, List<String>> env = new LinkedHashMap<>();
        Map<ImageReference, List<String>> onbuild = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ", 2);
            String rest = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "build-arg" -> {
                    int eq = rest.indexOf('=');
                    buildArgs.put(rest.substring(0, eq), rest.substring(eq + 1));
                }
                case "target" -> targetStage = rest;
                case "selection" -> selection = StageSelection.valueOf(rest);
                case "platform" -> {
                    String[] p = rest.split(" ");
                    target = Platform.parse(p[0]);
                    build = Platform.parse(p[1]);
                }
                case "image" -> {
                    String[] p = rest.split(" ", 3);
                    ImageReference ref = ImageReference.parse(p[0]);
                    env.computeIfAbsent(ref, r -> new ArrayList<>());
                    onbuild.computeIfAbsent(ref, r -> new ArrayList<>());
                    if (p.length > 1) {
                        switch (p[1]) {
                            case "env" -> env.get(ref).add(p[2]);
                            case "onbuild" -> onbuild.get(ref).add(p[2].replace("\\n", "\n"));
                            default -> throw new IllegalArgumentException("unknown image setting: " + line);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown args line: " + line);
            }
        }
        PlanOptions options = PlanOptions.of(target, build).withBuildArgs(buildArgs).withSelection(selection);
        if (targetStage != null) {
            options = options.withTarget(targetStage);
        }
        if (!env.isEmpty()) {
            Map<ImageReference, ImageConfig> configs = new LinkedHashMap<>();
            env.forEach((ref, vars) -> configs.put(ref, BaseImageResolver.configWith(
                    ContainerConfig.empty().withEnv(vars).withOnBuild(onbuild.get(ref)))));
            options = options.withBaseImages(BaseImageResolver.of(configs));
        }
        return options;
    }
}
