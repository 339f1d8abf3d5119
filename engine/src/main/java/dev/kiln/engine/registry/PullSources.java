package dev.kiln.engine.registry;

import dev.kiln.engine.reference.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Where to try pulling an image from, in order: the {@code --registry-map} entries that apply to it, then, for
 * Docker Hub images, each {@code --registry-mirror}, then the original registry, unless
 * {@code --skip-default-registry-fallback} forbids the fallback (it applies only when a map or mirror
 * applied; an image nothing redirects is always pulled from where it is). This is kaniko's order.
 *
 * <p>Stateless and pure; duplicates are dropped, keeping the first.
 */
public final class PullSources {

    private PullSources() {
    }

    /** The references to try for {@code ref}, best first; never empty. */
    public static List<ImageReference> candidates(RegistryOptions options, ImageReference ref) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ref, "ref");
        LinkedHashSet<ImageReference> result = new LinkedHashSet<>();
        for (RegistryMapping m : options.registryMaps()) {
            m.apply(ref).ifPresent(result::add);
        }
        if (ref.isDockerHub()) {
            for (String mirror : options.registryMirrors()) {
                RegistryMapping.mirror(mirror).apply(ref).ifPresent(result::add);
            }
        }
        boolean redirected = !result.isEmpty();
        if (!redirected || !options.skipDefaultRegistryFallback()) {
            result.add(ref);
        }
        return new ArrayList<>(result);
    }
}
