package dev.kiln.engine.registry;

import dev.kiln.engine.reference.RepositoryName;
import dev.kiln.engine.registry.transport.RegistryResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/tags/list[?n=N]}, one page: the tags and the next page's URL from the
 * {@code Link: <...>; rel="next"} header
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags).
 *
 * @param repository the repository
 * @param page       the page URL from a previous {@code Link}, or null for the first page
 * @param pageSize   the {@code n} to ask for on the first page, or 0 for the registry's default
 */
record TagsListEndpoint(RepositoryName repository, URI page, int pageSize) implements Endpoint<TagsListEndpoint.Page> {

    /** Largest tag list page read; a registry with more tags than this per page must paginate. */
    static final long MAX_PAGE_BYTES = 16L * 1024 * 1024;

    /** One page of tags and where the next one is. */
    record Page(List<String> tags, Optional<URI> next) {
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.GET;
    }

    @Override
    public URI uri(URI base) {
        if (page != null) {
            return page.isAbsolute() ? page : base.resolve(page);
        }
        URI first = Urls.api(base, repository, "tags/list");
        return pageSize > 0 ? Urls.withQuery(first, "n", Integer.toString(pageSize)) : first;
    }

    @Override
    public String action() {
        return "list tags of " + repository;
    }

    @Override
    public boolean accepts(int status) {
        return status == 200;
    }

    @Override
    public Future<Page> handle(RegistryResponse response) {
        return response.body(MAX_PAGE_BYTES).map(body -> {
            JsonObject doc;
            try {
                doc = body.toJsonObject();
            } catch (DecodeException | ClassCastException e) {
                throw new RegistryException(action(), "the answer is not a JSON object");
            }
            List<String> tags = new ArrayList<>();
            Object list = doc.getValue("tags");
            if (list instanceof JsonArray array) {
                for (Object t : array) {
                    if (!(t instanceof String s)) {
                        throw new RegistryException(action(), "\"tags\" holds a non-string " + t);
                    }
                    tags.add(s);
                }
            } else if (list != null) {
                throw new RegistryException(action(), "\"tags\" is not an array");
            }
            Optional<URI> next = Urls.nextLink(response.header("Link"))
                    .map(link -> Urls.resolve(response.request().uri(), link));
            return new Page(List.copyOf(tags), next);
        });
    }
}
