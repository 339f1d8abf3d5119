package dev.kiln.engine.step.copy;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * How an {@code ADD} source is fetched, decided by the same tests the copy step itself applies (BuildKit's
 * {@code dispatchCopy}: a Git reference first, see {@link GitRef#parse}, then an HTTP(S) URL, else a path in
 * the context), for callers outside this package that must know before the step runs (the layer cache's
 * keys). Stateless.
 */
public final class AddSources {

    /** Where a source's content comes from. */
    public enum Kind { LOCAL, HTTP, GIT }

    private AddSources() {
    }

    /** The kind of {@code source}; a Git reference with bad options is still {@link Kind#GIT}. */
    public static Kind kind(String source) {
        try {
            if (GitRef.parse(source).isPresent()) {
                return Kind.GIT;
            }
        } catch (IllegalArgumentException e) {
            return Kind.GIT; // the step will refuse it, naming the problem
        }
        return HttpFetcher.isHttp(source) ? Kind.HTTP : Kind.LOCAL;
    }

    /**
     * A remote source without user information, query and fragment (they may hold credentials), for messages;
     * {@code (a remote source)} when it is not a URL with a host (an scp-style Git reference).
     */
    public static String redact(String source) {
        try {
            URI u = new URI(source);
            if (u.getScheme() == null || u.getHost() == null) {
                return "(a remote source)";
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "(a remote source)";
        }
    }
}
