package dev.kiln.engine.registry;

import dev.kiln.engine.registry.transport.RetryPolicy;
import dev.kiln.engine.registry.transport.TransportSettings;
import dev.kiln.testkit.registry.RegistryServer;
import java.time.Duration;

/** Options for tests: plain HTTP or the test CA for a testkit registry, fast retries, short timeouts. */
public final class Registries {

    private Registries() {
    }

    /** Transport settings with millisecond backoff and a short idle timeout. */
    public static TransportSettings fastTransport() {
        return new TransportSettings("kiln/test", RetryPolicy.of(3).withDelays(Duration.ofMillis(20),
                Duration.ofMillis(200)), Duration.ofSeconds(5), Duration.ofSeconds(5), 8);
    }

    /** A builder reaching {@code server} (plain HTTP, or its CA), fast retries. */
    public static RegistryOptions.Builder optionsFor(RegistryServer... servers) {
        RegistryOptions.Builder b = RegistryOptions.builder().transport(fastTransport());
        for (RegistryServer s : servers) {
            if (s.isTls()) {
                b.registryCertificate(s.hostPort(), s.caPem().orElseThrow());
            } else {
                b.insecureRegistry(s.hostPort());
            }
        }
        return b;
    }
}
