package dev.kiln.executor.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kaniko's registry access flags, shared by the executor and the warmer as a picocli mixin: plain-HTTP and
 * TLS-skipping registries, certificates, mirrors and maps, retries and the target platform. Mutable
 * (picocli fills it); read once on the main thread.
 */
public final class RegistryOptions {

    @Option(names = "--insecure", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Push to insecure registry using plain HTTP.")
    public boolean insecure;

    @Option(names = "--skip-tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Push to insecure registry ignoring TLS verify.")
    public boolean skipTlsVerify;

    @Option(names = "--insecure-pull", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Pull from insecure registry using plain HTTP.")
    public boolean insecurePull;

    @Option(names = "--skip-tls-verify-pull", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Pull from insecure registry ignoring TLS verify.")
    public boolean skipTlsVerifyPull;

    @Option(names = "--insecure-registry", paramLabel = "REGISTRY",
            description = "Insecure registry using plain HTTP to push and pull. Repeatable.")
    public List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--skip-tls-verify-registry", paramLabel = "REGISTRY",
            description = "Insecure registry ignoring TLS verify to push and pull. Repeatable.")
    public List<String> skipTlsVerifyRegistries = new ArrayList<>();

    @Option(names = "--registry-certificate", paramLabel = "REGISTRY=PATH",
            description = "Certificate for TLS with the given registry: 'my.registry.url=/path/to/cert'. Repeatable.")
    public List<String> registryCertificates = new ArrayList<>();

    @Option(names = "--registry-client-cert", paramLabel = "REGISTRY=CERT,KEY",
            description = "Client certificate for mutual TLS: 'my.registry.url=/path/to/cert,/path/to/key'. Repeatable.")
    public List<String> registryClientCerts = new ArrayList<>();

    @Option(names = "--registry-mirror", paramLabel = "MIRROR",
            description = "Registry mirror to use as pull-through cache instead of docker.io. Repeatable;"
                    + " also read from KANIKO_REGISTRY_MIRROR.")
    public List<String> registryMirrors = new ArrayList<>();

    @Option(names = "--registry-map", paramLabel = "ORIGINAL=MIRROR",
            description = "Registry map of mirrors: 'original.registry=new.registry;other=remap'. Repeatable.")
    public List<String> registryMaps = new ArrayList<>();

    @Option(names = "--skip-default-registry-fallback", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Do not fall back to the default registry when an image is on no mirror.")
    public boolean skipDefaultRegistryFallback;

    @Option(names = "--image-download-retry", paramLabel = "N", defaultValue = "0",
            description = "Number of retries for downloading the remote image.")
    public int imageDownloadRetry;

    @Option(names = {"--custom-platform", "--customPlatform"}, paramLabel = "PLATFORM",
            description = "Build platform if different from the current host, e.g. linux/arm64/v8.")
    public String customPlatform;

    /** Validates the key=value flags; returns the certificates by registry. */
    public Map<String, String> certificates() {
        return KeyValue.pairs(registryCertificates, "--registry-certificate");
    }

    /** Validates {@code --registry-client-cert}: each value must name a certificate and a key. */
    public Map<String, String> clientCertificates() {
        Map<String, String> m = KeyValue.pairs(registryClientCerts, "--registry-client-cert");
        m.forEach((reg, v) -> {
            if (v.split(",", -1).length != 2) {
                throw new IllegalArgumentException("invalid --registry-client-cert \"" + reg + "=" + v
                        + "\": expected registry=/path/to/cert,/path/to/key");
            }
        });
        return m;
    }

    /**
     * Adds the mirror from {@code KANIKO_REGISTRY_MIRROR} and the maps from {@code KANIKO_REGISTRY_MAP}
     * ({@code orig=new[;orig=new...]}, like one {@code --registry-map} value) after those given as flags, as
     * kaniko's executor and warmer do; a value already present is not added twice, so a second call changes
     * nothing.
     *
     * @throws IllegalArgumentException naming {@code KANIKO_REGISTRY_MAP} when a pair is malformed (kaniko
     *         silently drops what follows the bad pair)
     */
    public void applyEnvironment(java.util.function.UnaryOperator<String> env) {
        String mirror = env.apply("KANIKO_REGISTRY_MIRROR");
        if (mirror != null && !mirror.isBlank() && !registryMirrors.contains(mirror)) {
            registryMirrors.add(mirror);
        }
        String maps = env.apply("KANIKO_REGISTRY_MAP");
        if (maps != null && !maps.isBlank() && !registryMaps.contains(maps)) {
            try {
                dev.kiln.engine.registry.RegistryOptions.parseRegistryMaps(maps);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid KANIKO_REGISTRY_MAP \"" + maps + "\": " + e.getMessage(), e);
            }
            registryMaps.add(maps);
        }
    }
}
