package dev.kiln.executor.cli;

import dev.kiln.engine.registry.RegistryMapping;
import dev.kiln.engine.registry.RegistryOptions.Builder;

import java.nio.file.Path;
import java.util.Map;

/**
 * Maps kaniko's registry flags ({@link RegistryOptions}) onto the engine's
 * {@link dev.kiln.engine.registry.RegistryOptions}, for the executor and the warmer alike. Stateless.
 */
public final class RegistrySettings {

    private RegistrySettings() {
    }

    /**
     * The engine's options for these flags.
     *
     * @param flags       the parsed flags (validated)
     * @param pushRetries {@code --push-retry} (the executor's; 0 for the warmer)
     */
    public static dev.kiln.engine.registry.RegistryOptions of(RegistryOptions flags, int pushRetries) {
        Builder b = dev.kiln.engine.registry.RegistryOptions.builder()
                .insecurePush(flags.insecure).insecurePull(flags.insecurePull)
                .skipTlsVerifyPush(flags.skipTlsVerify).skipTlsVerifyPull(flags.skipTlsVerifyPull)
                .skipDefaultRegistryFallback(flags.skipDefaultRegistryFallback)
                .pushRetries(pushRetries).pullRetries(flags.imageDownloadRetry);
        flags.insecureRegistries.forEach(b::insecureRegistry);
        flags.skipTlsVerifyRegistries.forEach(b::skipTlsVerifyRegistry);
        for (Map.Entry<String, String> e : flags.certificates().entrySet()) {
            b.registryCertificate(e.getKey(), Path.of(e.getValue()));
        }
        for (Map.Entry<String, String> e : flags.clientCertificates().entrySet()) {
            String[] parts = e.getValue().split(",", -1);
            b.clientCertificate(e.getKey(), Path.of(parts[0]), Path.of(parts[1]));
        }
        flags.registryMirrors.forEach(b::registryMirror);
        for (String map : flags.registryMaps) {
            for (RegistryMapping m : dev.kiln.engine.registry.RegistryOptions.parseRegistryMaps(map)) {
                b.registryMap(m);
            }
        }
        return b.build();
    }
}
