package dev.kiln.engine.registry;

import dev.kiln.engine.registry.transport.ConnectionSecurity;
import dev.kiln.engine.registry.transport.TransportSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that configures registry access, one field per kaniko flag (the executor maps its flags here):
 * plain HTTP and skipped TLS verification per direction or per registry, extra CAs and client certificates per
 * registry, Docker Hub mirrors and registry maps for pulls, retry counts, upload chunk size and parallelism.
 *
 * <p>Immutable; build one with {@link #builder()}. Registry keys are normalised with
 * {@link #normalizeRegistry} so {@code index.docker.io} and {@code docker.io} are one registry.
 *
 * @param insecureRegistries          plain HTTP for these, both ways ({@code --insecure-registry})
 * @param insecurePush                plain HTTP for every push destination ({@code --insecure})
 * @param insecurePull                plain HTTP for every pull ({@code --insecure-pull})
 * @param skipTlsVerifyRegistries     no certificate checks for these ({@code --skip-tls-verify-registry})
 * @param skipTlsVerifyPush           no certificate checks when pushing ({@code --skip-tls-verify})
 * @param skipTlsVerifyPull           no certificate checks when pulling ({@code --skip-tls-verify-pull})
 * @param registryCertificates        extra CA PEM files per registry ({@code --registry-certificate reg=path})
 * @param clientCertificates          client certificate per registry ({@code --registry-client-cert reg=cert,key})
 * @param registryMirrors             Docker Hub mirrors tried in order ({@code --registry-mirror})
 * @param registryMaps                pull redirections tried in order ({@code --registry-map})
 * @param skipDefaultRegistryFallback do not fall back to the original registry after mirrors and maps
 *                                    ({@code --skip-default-registry-fallback})
 * @param pushRetries                 retries of transient push failures ({@code --push-retry})
 * @param pullRetries                 retries of transient pull failures ({@code --image-download-retry})
 * @param uploadChunkSize             blobs up to this size are uploaded in one PUT, larger ones in PATCH chunks of
 *                                    this size
 * @param parallelism                 blobs transferred at once per push or pull
 * @param transport                   user agent, backoff delays, timeouts, connection pool size
 */
public record RegistryOptions(Set<String> insecureRegistries, boolean insecurePush, boolean insecurePull,
                              Set<String> skipTlsVerifyRegistries, boolean skipTlsVerifyPush, boolean skipTlsVerifyPull,
                              Map<String, List<Path>> registryCertificates,
                              Map<String, ClientCertificate> clientCertificates, List<String> registryMirrors,
                              List<RegistryMapping> registryMaps, boolean skipDefaultRegistryFallback,
                              int pushRetries, int pullRetries, long uploadChunkSize, int parallelism,
                              TransportSettings transport) {

    /** Default retries for pushes and pulls: what go-containerregistry's transport does by default. */
    public static final int DEFAULT_RETRIES = 3;
    /** Default upload chunk: big enough that most layers go in one PUT, bounded for proxies with body limits. */
    public static final long DEFAULT_CHUNK_SIZE = 64L * 1024 * 1024;
    /** Smallest chunk accepted; registries such as ECR refuse chunks under 5 MiB except the last, but tests go lower. */
    public static final long MIN_CHUNK_SIZE = 1024;
    /** Default number of blobs in flight. */
    public static final int DEFAULT_PARALLELISM = 4;

    /** A client certificate and its private key, both PEM files. */
    public record ClientCertificate(Path certificate, Path key) {
        public ClientCertificate {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    public RegistryOptions {
        insecureRegistries = normalizedSet(insecureRegistries);
        skipTlsVerifyRegistries = normalizedSet(skipTlsVerifyRegistries);
        Map<String, List<Path>> certs = new LinkedHashMap<>();
        Objects.requireNonNull(registryCertificates, "registryCertificates")
                .forEach((k, v) -> certs.merge(normalizeRegistry(k), List.copyOf(v), RegistryOptions::concat));
        registryCertificates = Map.copyOf(certs);
        Map<String, ClientCertificate> clients = new LinkedHashMap<>();
        Objects.requireNonNull(clientCertificates, "clientCertificates")
                .forEach((k, v) -> clients.put(normalizeRegistry(k), Objects.requireNonNull(v, k)));
        clientCertificates = Map.copyOf(clients);
        registryMirrors = List.copyOf(registryMirrors);
        registryMaps = List.copyOf(registryMaps);
        Objects.requireNonNull(transport, "transport");
        if (pushRetries < 0 || pullRetries < 0) {
            throw new IllegalArgumentException("registry options: negative retry count");
        }
        if (uploadChunkSize < MIN_CHUNK_SIZE) {
            throw new IllegalArgumentException("registry options: upload chunk size " + uploadChunkSize
                    + " is below the minimum of " + MIN_CHUNK_SIZE + " bytes");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("registry options: parallelism must be >= 1, got " + parallelism);
        }
    }

    /** Verified HTTPS everywhere, no mirrors, default retries, chunk size and parallelism. */
    public static RegistryOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How to connect to {@code registry} for {@code access}. */
    public ConnectionSecurity security(String registry, Access access) {
        String key = normalizeRegistry(registry);
        boolean plain = insecureRegistries.contains(key) || (access == Access.PUSH ? insecurePush : insecurePull);
        boolean skip = skipTlsVerifyRegistries.contains(key)
                || (access == Access.PUSH ? skipTlsVerifyPush : skipTlsVerifyPull);
        ClientCertificate client = clientCertificates.get(key);
        return new ConnectionSecurity(plain, skip, registryCertificates.getOrDefault(key, List.of()),
                client == null ? null : client.certificate(), client == null ? null : client.key());
    }

    /** The retry count for {@code access}. */
    public int retries(Access access) {
        return access == Access.PUSH ? pushRetries : pullRetries;
    }

    /**
     * A registry as flags and config files name it, reduced to the {@code host[:port]} of image references:
     * scheme and path dropped, host lower-cased, Docker Hub's aliases mapped to {@code docker.io}.
     */
    public static String normalizeRegistry(String registry) {
        String s = registry.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        s = s.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> s;
        };
    }

    /** Parses one {@code --registry-map} value: {@code orig=new} entries separated by {@code ;}. */
    public static List<RegistryMapping> parseRegistryMaps(String value) {
        List<RegistryMapping> result = new ArrayList<>();
        for (String part : value.split(";")) {
            if (!part.isBlank()) {
                result.add(RegistryMapping.parse(part.strip()));
            }
        }
        return result;
    }

    /** Parses {@code --registry-certificate reg=path}. */
    public static Map.Entry<String, Path> parseCertificate(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new IllegalArgumentException("invalid registry certificate \"" + value
                    + "\": expected registry=path/to/ca.pem");
        }
        return Map.entry(normalizeRegistry(value.substring(0, eq)), Path.of(value.substring(eq + 1).strip()));
    }

    /** Parses {@code --registry-client-cert reg=cert,key}. */
    public static Map.Entry<String, ClientCertificate> parseClientCertificate(String value) {
        int eq = value.indexOf('=');
        String[] files = eq < 0 ? new String[0] : value.substring(eq + 1).split(",", -1);
        if (eq <= 0 || files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
            throw new IllegalArgumentException("invalid registry client certificate \"" + value
                    + "\": expected registry=path/to/cert.pem,path/to/key.pem");
        }
        return Map.entry(normalizeRegistry(value.substring(0, eq)),
                new ClientCertificate(Path.of(files[0].strip()), Path.of(files[1].strip())));
    }

    private static Set<String> normalizedSet(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        Objects.requireNonNull(in, "registries").forEach(r -> out.add(normalizeRegistry(r)));
        return Set.copyOf(out);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** Collects options; not thread-safe. Every setter returns the builder. */
    public static final class Builder {
        private final Set<String> insecureRegistries = new LinkedHashSet<>();
        private boolean insecurePush;
        private boolean insecurePull;
        private final Set<String> skipTlsVerifyRegistries = new LinkedHashSet<>();
        private boolean skipTlsVerifyPush;
        private boolean skipTlsVerifyPull;
        private final Map<String, List<Path>> registryCertificates = new LinkedHashMap<>();
        private final Map<String, ClientCertificate> clientCertificates = new LinkedHashMap<>();
        private final List<String> registryMirrors = new ArrayList<>();
        private final List<RegistryMapping> registryMaps = new ArrayList<>();
        private boolean skipDefaultRegistryFallback;
        private int pushRetries = DEFAULT_RETRIES;
        private int pullRetries = DEFAULT_RETRIES;
        private long uploadChunkSize = DEFAULT_CHUNK_SIZE;
        private int parallelism = DEFAULT_PARALLELISM;
        private TransportSettings transport = TransportSettings.defaults();

        private Builder() {
        }

        public Builder insecureRegistry(String registry) {
            insecureRegistries.add(registry);
            return this;
        }

        public Builder insecurePush(boolean value) {
            insecurePush = value;
            return this;
        }

        public Builder insecurePull(boolean value) {
            insecurePull = value;
            return this;
        }

        public Builder skipTlsVerifyRegistry(String registry) {
            skipTlsVerifyRegistries.add(registry);
            return this;
        }

        public Builder skipTlsVerifyPush(boolean value) {
            skipTlsVerifyPush = value;
            return this;
        }

        public Builder skipTlsVerifyPull(boolean value) {
            skipTlsVerifyPull = value;
            return this;
        }

        public Builder registryCertificate(String registry, Path caPem) {
            registryCertificates.merge(registry, List.of(caPem), RegistryOptions::concat);
            return this;
        }

        public Builder clientCertificate(String registry, Path certificate, Path key) {
            clientCertificates.put(registry, new ClientCertificate(certificate, key));
            return this;
        }

        public Builder registryMirror(String mirror) {
            registryMirrors.add(mirror);
            return this;
        }

        public Builder registryMap(RegistryMapping mapping) {
            registryMaps.add(mapping);
            return this;
        }

        public Builder skipDefaultRegistryFallback(boolean value) {
            skipDefaultRegistryFallback = value;
            return this;
        }

        public Builder pushRetries(int value) {
            pushRetries = value;
            return this;
        }

        public Builder pullRetries(int value) {
            pullRetries = value;
            return this;
        }

        public Builder uploadChunkSize(long value) {
            uploadChunkSize = value;
            return this;
        }

        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public Builder transport(TransportSettings value) {
            transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        public RegistryOptions build() {
            return new RegistryOptions(insecureRegistries, insecurePush, insecurePull, skipTlsVerifyRegistries,
                    skipTlsVerifyPush, skipTlsVerifyPull, registryCertificates, clientCertificates, registryMirrors,
                    registryMaps, skipDefaultRegistryFallback, pushRetries, pullRetries, uploadChunkSize,
                    parallelism, transport);
        }
    }
}
