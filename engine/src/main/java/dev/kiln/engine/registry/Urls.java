package dev.kiln.engine.registry;

import dev.kiln.engine.reference.RepositoryName;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URL building and parsing for the distribution API (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints).
 *
 * <p>Stateless utility. Repository paths and references are put into URLs as they are: the reference grammar
 * allows only characters that need no escaping in a path ({@code [a-z0-9._/-]}, tags {@code [\w.-]},
 * digests {@code alg:hex}).
 */
final class Urls {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*\\brel\\s*=\\s*\"?next\"?",
            Pattern.CASE_INSENSITIVE);

    private Urls() {
    }

    /** {@code base/v2/<name>/<rest>}. */
    static URI api(URI base, RepositoryName repository, String rest) {
        return URI.create(base + "/v2/" + repository.path() + "/" + rest);
    }

    /** {@code url} with {@code key=value} appended to its query, keeping the existing query bytes exactly. */
    static URI withQuery(URI url, String key, String value) {
        String add = URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
        String s = url.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + add);
    }

    /** The {@code Location} of a response resolved against the URL of the request that got it. */
    static URI resolve(URI requestUri, String location) {
        return requestUri.resolve(location.strip());
    }

    /**
     * The target of the {@code rel="next"} link of an RFC 8288 {@code Link} header, as registries page tag
     * lists ({@code </v2/app/tags/list?last=b&n=2>; rel="next"}).
     */
    static Optional<String> nextLink(String linkHeader) {
        if (linkHeader == null) {
            return Optional.empty();
        }
        Matcher m = NEXT_LINK.matcher(linkHeader);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }
}
