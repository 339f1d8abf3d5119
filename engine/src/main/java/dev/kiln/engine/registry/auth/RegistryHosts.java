package dev.kiln.engine.registry.auth;

import java.util.Locale;

/**
 * How Docker names a registry in {@code config.json}: keys may be {@code host}, {@code host:port},
 * {@code https://host/v1/} or {@code http://host}; Docker Hub goes by {@code index.docker.io},
 * {@code registry-1.docker.io} and {@code docker.io}. This class maps all of them to one key.
 *
 * <p>Stateless utility (docker/cli {@code credentials.ConvertToHostname}).
 */
public final class RegistryHosts {

    /** The key Docker Hub's credentials are stored under by {@code docker login}. */
    public static final String DOCKER_HUB_SERVER_URL = "https://index.docker.io/v1/";

    private static final String DOCKER_HUB = "index.docker.io";

    private RegistryHosts() {
    }

    /**
     * The host (and port) of a config key or registry name, lower-case, without scheme and path; every
     * Docker Hub alias becomes {@code index.docker.io}.
     */
    public static String normalize(String keyOrHost) {
        String s = keyOrHost.strip();
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
            case "docker.io", "index.docker.io", "registry-1.docker.io" -> DOCKER_HUB;
            default -> s;
        };
    }

    /** Whether {@code host} is Docker Hub under any of its names. */
    public static boolean isDockerHub(String host) {
        return DOCKER_HUB.equals(normalize(host));
    }

    /**
     * The server URL a credential helper is asked about: Docker Hub's historical
     * {@value #DOCKER_HUB_SERVER_URL}, any other registry by its host, as {@code docker login} stores them.
     */
    public static String serverUrl(String host) {
        return isDockerHub(host) ? DOCKER_HUB_SERVER_URL : normalize(host);
    }
}
