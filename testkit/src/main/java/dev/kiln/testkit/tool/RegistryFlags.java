package dev.kiln.testkit.tool;

import dev.kiln.testkit.registry.RegistryServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The containers/image flags that let skopeo and buildah reach a {@link RegistryServer}: {@code --cert-dir}
 * with the test CA for TLS (verification stays on), {@code --tls-verify=false} for plain HTTP, and always an
 * {@code --authfile} (even without credentials, so the host's own auth files are never consulted).
 * Stateless, so thread-safe.
 */
final class RegistryFlags {
    private RegistryFlags() {}

    /** Flags with {@code prefix} before each name: {@code ""}, {@code "src-"} or {@code "dest-"}. */
    static List<String> forRegistry(RegistryServer registry, String prefix) {
        List<String> flags = new ArrayList<>();
        if (registry.isTls()) {
            flags.add("--" + prefix + "cert-dir=" + registry.certDir().orElseThrow());
        } else {
            flags.add("--" + prefix + "tls-verify=false");
        }
        flags.add("--" + prefix + "authfile=" + registry.authFile());
        return flags;
    }
}
