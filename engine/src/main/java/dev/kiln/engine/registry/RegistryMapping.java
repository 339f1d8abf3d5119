package dev.kiln.engine.registry;

import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.InvalidReferenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to pull images of one registry (optionally: of one repository prefix) from instead: a mirror or a
 * pull-through cache. {@code docker.io=mirror.local:5000/hub} sends {@code docker.io/library/busybox} to
 * {@code mirror.local:5000/hub/library/busybox}; {@code ghcr.io/org=cache.local/ghcr-org} sends
 * {@code ghcr.io/org/app} to {@code cache.local/ghcr-org/app}. Tags and digests are kept.
 *
 * <p>Immutable. Registries are normalised ({@code index.docker.io} and {@code registry-1.docker.io} are
 * {@code docker.io}); prefixes match whole path components.
 *
 * @param fromRegistry the registry whose images are redirected
 * @param fromPrefix   repository prefix that must match, or empty for the whole registry
 * @param toRegistry   the registry to pull from instead
 * @param toPrefix     repository prefix put in front of the rest of the path, or empty
 */
public record RegistryMapping(String fromRegistry, String fromPrefix, String toRegistry, String toPrefix) {

    public RegistryMapping {
        fromRegistry = RegistryOptions.normalizeRegistry(Objects.requireNonNull(fromRegistry, "fromRegistry"));
        toRegistry = RegistryOptions.normalizeRegistry(Objects.requireNonNull(toRegistry, "toRegistry"));
        fromPrefix = trimSlashes(fromPrefix);
        toPrefix = trimSlashes(toPrefix);
        if (fromRegistry.isEmpty() || toRegistry.isEmpty()) {
            throw new IllegalArgumentException("registry mapping: empty registry in " + fromRegistry + "=" + toRegistry);
        }
    }

    /**
     * Parses {@code orig[/prefix]=new[/prefix]}, as in {@code --registry-map}.
     *
     * @throws IllegalArgumentException quoting the text when it has no {@code =} or an empty side
     */
    public static RegistryMapping parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("invalid registry mapping \"" + text
                    + "\": expected original=replacement, e.g. docker.io=mirror.local:5000");
        }
        String[] from = splitHost(text.substring(0, eq).strip());
        String[] to = splitHost(text.substring(eq + 1).strip());
        return new RegistryMapping(from[0], from[1], to[0], to[1]);
    }

    /** A Docker Hub mirror, as in {@code --registry-mirror host[:port][/prefix]}. */
    public static RegistryMapping mirror(String mirror) {
        String[] to = splitHost(mirror.strip());
        return new RegistryMapping("docker.io", "", to[0], to[1]);
    }

    /** The reference to try instead of {@code ref}, when this mapping applies to it. */
    public Optional<ImageReference> apply(ImageReference ref) {
        if (!RegistryOptions.normalizeRegistry(ref.registry()).equals(fromRegistry)) {
            return Optional.empty();
        }
        String path = ref.repository();
        String rest;
        if (fromPrefix.isEmpty()) {
            rest = path;
        } else if (path.equals(fromPrefix)) {
            rest = "";
        } else if (path.startsWith(fromPrefix + "/")) {
            rest = path.substring(fromPrefix.length() + 1);
        } else {
            return Optional.empty();
        }
        String newPath = toPrefix.isEmpty() ? rest : rest.isEmpty() ? toPrefix : toPrefix + "/" + rest;
        if (newPath.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ImageReference(toRegistry, newPath, ref.tag(), ref.digest()));
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return join(fromRegistry, fromPrefix) + "=" + join(toRegistry, toPrefix);
    }

    private static String join(String registry, String prefix) {
        return prefix.isEmpty() ? registry : registry + "/" + prefix;
    }

    /** {@code [registry, prefix]} of {@code host[:port][/prefix]}, accepting and dropping a URL scheme. */
    private static String[] splitHost(String text) {
        String s = text;
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        return slash < 0 ? new String[] {s, ""} : new String[] {s.substring(0, slash), s.substring(slash + 1)};
    }

    private static String trimSlashes(String s) {
        String r = s == null ? "" : s.strip();
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
