package dev.kiln.engine.step.copy;

import dev.kiln.engine.crypto.Sha256;
import dev.kiln.engine.fs.Posix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Downloads the HTTP(S) source of an {@code ADD} into a scratch directory, the way BuildKit's HTTP source
 * ({@code source/http}) does.
 *
 * <p>The file is named after the last segment of the URL path ({@code __unnamed__} if there is none; the
 * Dockerfile frontend always passes this name, so {@code Content-Disposition} is not used), gets mode
 * 0600 and owner 0:0, and its mtime is the {@code Last-Modified} header, or the Unix epoch without one.
 * Statuses below 200 or from 400 up fail; redirects are followed (not from HTTPS to HTTP). With
 * {@code --checksum=sha256:...} the SHA-256 of the body must match. Messages name the URL without its user
 * information and query, which may hold credentials.
 *
 * <p>Thread-safe: the JDK client is. Calls block; run them off the event loop.
 */
final class HttpFetcher {

    static final String UNNAMED = "__unnamed__";
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Duration timeout;
    private HttpClient client;

    HttpFetcher(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The JDK client, made on the first download: making one initialises the JDK's TLS stack (providers,
     * curves, trust store), 0.1 s of a small build's start on the event loop, and starts its selector
     * thread, while most builds never ADD a URL.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    /** A download: the file and its name. */
    record Fetched(Path file, String name) {
    }

    /** Whether {@code src} is an HTTP(S) URL (and not a Git repository, which the caller checks first). */
    static boolean isHttp(String src) {
        return src.startsWith("http://") || src.startsWith("https://");
    }

    /** The file name BuildKit gives a download of {@code url}: the last path segment. */
    static String fileName(URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty()) {
            return UNNAMED;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String base = p.substring(p.lastIndexOf('/') + 1);
        return base.isEmpty() || base.equals(".") || base.equals("..") ? UNNAMED : base;
    }

    /** {@code url} without user information, query and fragment, for messages. */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(invalid URL)";
        }
    }

    /**
     * Checks a {@code --checksum} for an HTTP source.
     *
     * @throws IllegalArgumentException unless it is {@code sha256:} and 64 lowercase hex digits
     */
    static String checksum(String value) {
        if (!SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid checksum \"" + value
                    + "\": expected sha256:<64 hex digits> (SHA-256 is the only algorithm for HTTP sources)");
        }
        return value;
    }

    /**
     * Downloads {@code url} into {@code dir}.
     *
     * @throws IOException with BuildKit's wording: {@code invalid response status 404}, {@code digest mismatch
     *                     for URL: sha256:... (expected: sha256:...)}
     */
    Fetched fetch(String url, Path dir, Optional<String> checksum) throws IOException {
        URI uri = URI.create(url);
        String name = fileName(uri);
        Path file = dir.resolve(name);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", e);
        }
        MessageDigest sha = Sha256.newDigest();
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status >= 400) {
                throw new IOException("invalid response status " + status);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (checksum.isPresent() && !checksum.get().equals(digest)) {
            throw new ChecksumMismatch("digest mismatch for " + redact(url) + ": " + digest + " (expected: "
                    + checksum.get() + ")");
        }
        Posix.chmod(file, 0600);
        Instant mtime = response.headers().firstValue("Last-Modified").flatMap(HttpFetcher::httpDate).orElse(Instant.EPOCH);
        Posix.setTimes(file, mtime, mtime);
        return new Fetched(file, name);
    }

    /** An HTTP date (RFC 9110: IMF-fixdate; the obsolete forms are rare enough to fall back to the epoch). */
    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A body whose digest is not the one {@code --checksum} asked for. */
    static final class ChecksumMismatch extends IOException {
        private static final long serialVersionUID = 1L;

        ChecksumMismatch(String message) {
            super(message);
        }
    }
}
