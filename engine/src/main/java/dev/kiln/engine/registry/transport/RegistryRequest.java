package dev.kiln.engine.registry.transport;

import dev.kiln.engine.registry.auth.Scope;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request to a registry (or to the storage it redirects to), as it travels down the interceptor
 * chain: each {@link Interceptor} may pass on a changed copy.
 *
 * <p>Immutable: headers are an unmodifiable case-insensitive copy, the body can be re-sent.
 * {@link #toString()} is safe to log (URL and secret headers redacted).
 *
 * @param method     the HTTP method
 * @param uri        the absolute URL
 * @param headers    header values by name (names compare without case)
 * @param body       what to send
 * @param scopes     the registry access the request needs, for authentication; empty for none
 * @param idempotent whether sending it twice is harmless (GET, HEAD, PUT by digest); only those are retried
 * @param retries    how many times a transient failure may be retried, if idempotent
 * @param action     what the request does, for logs, e.g. {@code pull blob sha256:... from r/app}
 */
public record RegistryRequest(HttpMethod method, URI uri, Map<String, String> headers, RequestBody body,
                              List<Scope> scopes, boolean idempotent, int retries, String action) {

    public RegistryRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(action, "action");
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("registry request: not an absolute URL: " + Redaction.url(uri.toString()));
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "header name"),
                    Objects.requireNonNull(v, "header " + k)));
        }
        headers = Collections.unmodifiableMap(copy);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        if (retries < 0) {
            throw new IllegalArgumentException("registry request: negative retries " + retries);
        }
    }

    /** A GET, HEAD or other body-less request without scopes, not idempotent until said so. */
    public static RegistryRequest of(HttpMethod method, URI uri, String action) {
        return new RegistryRequest(method, uri, Map.of(), RequestBody.empty(), List.of(),
                method == HttpMethod.GET || method == HttpMethod.HEAD, 0, action);
    }

    /** The value of header {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** A copy with header {@code name} set to {@code value}. */
    public RegistryRequest withHeader(String name, String value) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put(name, value);
        return new RegistryRequest(method, uri, copy, body, scopes, idempotent, retries, action);
    }

    /** A copy without header {@code name}. */
    public RegistryRequest withoutHeader(String name) {
        if (!headers.containsKey(name)) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.remove(name);
        return new RegistryRequest(method, uri, copy, body, scopes, idempotent, retries, action);
    }

    /** A copy sent to {@code newUri}. */
    public RegistryRequest withUri(URI newUri) {
        return new RegistryRequest(method, newUri, headers, body, scopes, idempotent, retries, action);
    }

    /** A copy with another method and body (a 303 redirect turns a request into a body-less GET). */
    public RegistryRequest withMethod(HttpMethod newMethod, RequestBody newBody) {
        return new RegistryRequest(newMethod, uri, headers, newBody, scopes, idempotent, retries, action);
    }

    /** A copy with {@code newBody}. */
    public RegistryRequest withBody(RequestBody newBody) {
        return new RegistryRequest(method, uri, headers, newBody, scopes, idempotent, retries, action);
    }

    /** A copy needing {@code newScopes}. */
    public RegistryRequest withScopes(List<Scope> newScopes) {
        return new RegistryRequest(method, uri, headers, body, newScopes, idempotent, retries, action);
    }

    /** A copy that may be retried {@code newRetries} times when {@code isIdempotent}. */
    public RegistryRequest withRetries(boolean isIdempotent, int newRetries) {
        return new RegistryRequest(method, uri, headers, body, scopes, isIdempotent, newRetries, action);
    }

    /** Method and redacted URL, e.g. {@code PATCH https://r/v2/app/blobs/uploads/x?_state=<redacted>}. */
    public String describe() {
        return method.name() + " " + Redaction.url(uri.toString());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(describe());
        headers.forEach((k, v) -> sb.append(", ").append(k).append(": ").append(Redaction.header(k, v)));
        return sb.toString();
    }
}
