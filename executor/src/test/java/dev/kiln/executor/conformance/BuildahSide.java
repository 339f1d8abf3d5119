package dev.kiln.executor.conformance;

import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Buildah;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference side: {@code buildah bud --layers --format docker} of a case in the suite's one private store,
 * pushed to an OCI layout for flattening and running, and its config read as buildah stored it.
 *
 * <p>Not thread-safe; one instance per suite run. Docker format because the OCI config has no {@code Healthcheck},
 * {@code Shell} or {@code OnBuild} (buildah drops them with a warning); the config is therefore taken from
 * {@code buildah inspect} (the stored Docker config blob), since the push to an OCI layout converts it.
 * buildah's layer cache lives in the store, which the suite deletes at the end: outputs are reused within a
 * run, never across runs.
 */
final class BuildahSide {

    /** The tag of the image in each layout this side writes. */
    static final String TAG = "img";

    private final Buildah buildah;
    private final RegistryServer registry;

    BuildahSide(Buildah buildah, RegistryServer registry) {
        this.buildah = buildah;
        this.registry = registry;
    }

    /** Builds {@code ws} and writes the image to the OCI layout {@code layout}. */
    BuiltImage build(CaseWorkspace ws, Path layout) {
        String name = "localhost/conformance/" + ws.definition().name() + ":latest";
        List<String> flags = new ArrayList<>(ws.commonFlags());
        ws.definition().allowances(Allowance.BuildahFlags.class).forEach(f -> flags.addAll(f.flags()));
        buildah.bud(ws.context()).file(ws.buildahDockerfile()).layers(true).format(Buildah.Format.DOCKER)
                .pullFrom(registry).tag(name).flags(flags.toArray(String[]::new)).run();
        buildah.push(name, "oci:" + layout + ":" + TAG, List.of());
        JsonObject inspect = new JsonObject(buildah.inspect(name));
        JsonObject config = new JsonObject(inspect.getString("Config"));
        return new BuiltImage(LayoutImage.read(layout, Optional.of(TAG)), config, layout, TAG);
    }
}
