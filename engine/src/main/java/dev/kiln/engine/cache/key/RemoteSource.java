package dev.kiln.engine.cache.key;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code ADD} sources are remote, and so unknown before the step runs: Git repositories and HTTP(S)
 * downloads, recognised as {@code step.copy} recognises them (BuildKit's {@code dispatchCopy}: a Git
 * reference first, then an HTTP(S) URL, else a path in the context).
 *
 * <p>Stateless. The rules are a copy of {@code step.copy.GitRef.parse}'s shape test (that class is private
 * to its package): {@code git://}, {@code ssh://}, {@code http(s)://...path.git}, scp-style
 * {@code user@host:repo}; never {@code ./}, {@code ../} or {@code github.com/...}. If the two ever disagree
 * the worst outcome is a miss or a step that runs anyway, never a wrong hit, because a remote source is
 * either keyed by its checksum or makes the step uncached.
 */
final class RemoteSource {

    /** How an {@code ADD} source is fetched. */
    enum Kind { LOCAL, HTTP, GIT }

    private static final Pattern PROTO = Pattern.compile("^([a-zA-Z0-9]+)://.*", Pattern.DOTALL);
    private static final Pattern SCP = Pattern.compile("^[a-zA-Z0-9-_]+@[a-zA-Z0-9-.]+:.*", Pattern.DOTALL);

    private RemoteSource() {
    }

    static Kind of(String source) {
        if (source.startsWith("./") || source.startsWith("../") || source.startsWith("github.com/")) {
            return Kind.LOCAL;
        }
        var proto = PROTO.matcher(source);
        if (proto.matches()) {
            String scheme = proto.group(1).toLowerCase(Locale.ROOT);
            if (scheme.equals("git") || scheme.equals("ssh")) {
                return Kind.GIT;
            }
            if (scheme.equals("http") || scheme.equals("https")) {
                if (path(source).endsWith(".git")) {
                    return Kind.GIT;
                }
                return source.startsWith("http://") || source.startsWith("https://") ? Kind.HTTP : Kind.LOCAL;
            }
            return Kind.LOCAL;
        }
        return SCP.matcher(source).matches() ? Kind.GIT : Kind.LOCAL;
    }

    /** The URL without user information, query and fragment, for reasons (they may hold credentials). */
    static String redact(String source) {
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

    private static String path(String source) {
        try {
            String p = new URI(source).getPath();
            return p == null ? "" : p;
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
