package dev.kiln.engine.reference;

import dev.kiln.engine.oci.Digest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Docker's reference grammar and normalisation rules, as implemented by distribution/reference
 * (https://github.com/distribution/reference/blob/main/regexp.go and normalize.go).
 *
 * <p>Stateless and thread-safe. Each part of a reference is checked on its own rather than with one large
 * anchored expression: the accepted language is the same (path components and tags contain neither
 * {@code ':'} nor {@code '@'}, digests contain no {@code '@'}), but every failure can then name the part
 * that is wrong instead of Docker's bare "invalid reference format".
 */
final class ReferenceGrammar {

    /** The canonical name of Docker Hub in references. */
    static final String DOCKER_HUB = "docker.io";
    /** The "Docker Index" name, normalised to {@link #DOCKER_HUB}. */
    static final String LEGACY_DOCKER_HUB = "index.docker.io";
    /** Where Docker Hub's registry API actually answers. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";
    /** Namespace of Docker Hub's official images. */
    static final String OFFICIAL_PREFIX = "library/";
    /** Added by Docker's {@code TagNameOnly} when a reference has neither tag nor digest. */
    static final String DEFAULT_TAG = "latest";
    /** Longest repository path distribution accepts (it checks the path, not the registry). */
    static final int MAX_PATH_LENGTH = 255;

    private static final String LOCALHOST = "localhost";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    /** A DNS-like name, an IPv4 address or a bracketed IPv6 address without zone, then an optional port. */
    private static final Pattern HOST_AND_PORT = Pattern.compile("(?:" + DOMAIN_COMPONENT + "(?:\\."
            + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    /** Lower-case alphanumerics separated by one '.', one or two '_', or any number of '-'. */
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    /** Go's {@code \w} is ASCII-only, as is Java's without UNICODE_CHARACTER_CLASS. */
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile(
            "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    /** A bare image ID; Docker refuses it as a name so that it is never mistaken for one. */
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    private ReferenceGrammar() {
    }

    /** The registry and the rest of a reference, after Docker's domain detection. */
    record Split(String registry, String remainder, boolean registryByCase) {
    }

    /** Whether {@code text} is a 64-hex image ID. */
    static boolean isImageId(String text) {
        return IMAGE_ID.matcher(text).matches();
    }

    /**
     * Docker's {@code splitDockerDomain}: the first component is a registry only if it is {@code localhost},
     * contains {@code '.'} or {@code ':'}, or has upper-case letters (repository paths never do);
     * {@code index.docker.io} becomes {@code docker.io}, and single-component Docker Hub names go to
     * {@code library/}.
     */
    static Split split(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Split(DOCKER_HUB, OFFICIAL_PREFIX + text, false);
        }
        String first = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        String registry;
        String remainder;
        boolean byCase = false;
        if (first.equals(LOCALHOST) || first.indexOf('.') >= 0 || first.indexOf(':') >= 0) {
            registry = first;
            remainder = rest;
        } else if (!first.toLowerCase(Locale.ROOT).equals(first)) {
            registry = first;
            remainder = rest;
            byCase = true;
        } else {
            registry = DOCKER_HUB;
            remainder = text;
        }
        registry = normaliseRegistry(registry);
        return new Split(registry, normalisePath(registry, remainder), byCase);
    }

    static String normaliseRegistry(String registry) {
        return registry.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : registry;
    }

    static String normalisePath(String registry, String path) {
        return registry.equals(DOCKER_HUB) && path.indexOf('/') < 0 ? OFFICIAL_PREFIX + path : path;
    }

    /** Why {@code registry} is not a valid host[:port], or null. */
    static String registryError(String registry) {
        if (HOST_AND_PORT.matcher(registry).matches()) {
            return null;
        }
        return "invalid registry \"" + registry + "\": expected a host name, IPv4 address or [IPv6] address,"
                + " optionally with :port";
    }

    /** Why {@code path} is not a valid repository path, or null. */
    static String pathError(String path) {
        if (path.isEmpty()) {
            return "repository name must have at least one component";
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                return "repository path \"" + path + "\" has an empty component";
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (PATH_COMPONENT.matcher(component.toLowerCase(Locale.ROOT)).matches()) {
                    return "repository name must be lowercase";
                }
                return "invalid repository path component \"" + component + "\": expected lower-case letters and"
                        + " digits separated by '.', '_', '__' or dashes";
            }
        }
        if (path.length() > MAX_PATH_LENGTH) {
            return "repository name must not be more than " + MAX_PATH_LENGTH + " characters";
        }
        return null;
    }

    /** Why {@code tag} is not a valid tag, or null. */
    static String tagError(String tag) {
        if (TAG.matcher(tag).matches()) {
            return null;
        }
        return "invalid tag \"" + tag + "\": expected 1 to 128 letters, digits, '_', '.' or '-',"
                + " not starting with '.' or '-'";
    }

    /** Parses the digest part, first by the reference grammar, then as a digest Kiln can verify. */
    static Digest digest(String input, String text) {
        if (!DIGEST.matcher(text).matches()) {
            throw new InvalidReferenceException(input, "invalid digest \"" + text
                    + "\": expected algorithm:hex with at least 32 hex digits");
        }
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidReferenceException(input, e.getMessage(), e);
        }
    }

    /** Docker Hub's API host for {@code docker.io}, otherwise the registry as written. */
    static String apiHost(String registry) {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** Whether {@code registry} names Docker Hub (its reference name or its API host). */
    static boolean isDockerHub(String registry) {
        return registry.equals(DOCKER_HUB) || registry.equals(DOCKER_HUB_API);
    }

    /** Docker's familiar name: Docker Hub's domain and the {@code library/} of official images dropped. */
    static String familiarName(String registry, String path) {
        if (!registry.equals(DOCKER_HUB)) {
            return registry + "/" + path;
        }
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }
}
