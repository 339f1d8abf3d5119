package dev.kiln.executor.output;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes one small output (a digest, a list of names) where kaniko's {@code writeDigestFile} would: a local file,
 * or, for an {@code https://} target, the body of an HTTP {@code PUT} with {@code Content-Type: text/plain}
 * (a pre-signed URL).
 *
 * <p>Local files are replaced atomically: the bytes go to a temp file in the target's directory, which is then
 * renamed over the target. When that cannot work the target is written in place, as kaniko always does: a
 * target that is not a regular file (a device, a FIFO), a rename refused (a bind-mounted file such as Kubernetes'
 * {@code /dev/termination-log} answers EBUSY), or a directory where no temp file can be made. A symbolic link is
 * followed, so the file it points to is replaced and the link stays. Missing parent directories are created
 * with mode 0700 and a new file gets 0644, as in kaniko ({@code os.MkdirAll(dir, 0700)}, {@code os.WriteFile(path,
 * b, 0644)}).
 *
 * <p>Stateless apart from the HTTP client; thread-safe. Blocking.
 */
public final class OutputFile {

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<HttpClient> http;

    /** Uploads {@code https://} targets with {@code http}; local writes need none. */
    public OutputFile(HttpClient http) {
        this.http = () -> http;
    }

    private OutputFile(Supplier<HttpClient> http) {
        this.http = http;
    }

    /**
     * An instance with a default HTTP client (system trust store, redirects followed), made on the first
     * upload: making one initialises the JDK's TLS stack, 50 ms at the end of every build that writes only
     * local files.
     */
    public static OutputFile withDefaultClient() {
        return new OutputFile(new Supplier<>() {
            private HttpClient client;

            @Override
            public synchronized HttpClient get() {
                if (client == null) {
                    client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(HTTP_TIMEOUT).build();
                }
                return client;
            }
        });
    }

    /**
     * Writes {@code content} to {@code target}, a path or an {@code https://} URL.
     *
     * @throws IOException naming the file or the URL without its query
     */
    public void write(String target, byte[] content) throws IOException {
        if (target.startsWith("https://")) {
            put(URI.create(target), content);
        } else {
            writeFile(Path.of(target), content);
        }
    }

    /** Writes a local file atomically where possible; see the class comment. */
    static void writeFile(Path target, byte[] content) throws IOException {
        Path file = target.toAbsolutePath();
        Path parent = file.getParent();
        if (parent != null && !Files.exists(parent)) {
            createDirectories(parent);
        }
        if (Files.isSymbolicLink(file)) {
            file = file.toRealPath();
            parent = file.getParent();
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.write(file, content);
            return;
        }
        Path temp;
        try {
            temp = Files.createTempFile(parent, "." + file.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            writeInPlace(file, content, e);
            return;
        }
        try {
            Files.write(temp, content);
            Files.setPosixFilePermissions(temp, FILE_MODE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException e) {
            writeInPlace(file, content, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A plain write, for targets that cannot be replaced; {@code why} is kept when that fails too. */
    private static void writeInPlace(Path file, byte[] content, IOException why) throws IOException {
        boolean existed = Files.exists(file);
        try {
            Files.write(file, content);
            if (!existed) {
                Files.setPosixFilePermissions(file, FILE_MODE);
            }
        } catch (IOException e) {
            e.addSuppressed(why);
            throw e;
        }
    }

    /** {@code mkdir -p} with mode 0700 for each directory created (the umask may take more away, as in Go). */
    private static void createDirectories(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.exists(parent)) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private void put(URI url, byte[] content) throws IOException {
        String shown = withoutQuery(url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        HttpResponse<Void> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("PUT " + shown + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException("PUT " + shown + ": " + describe(e), null);
        } catch (IllegalArgumentException e) {
            throw new IOException("PUT " + shown + ": " + e.getMessage(), null);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + shown + ": status " + response.statusCode());
        }
    }

    /** The URL without query and fragment: a pre-signed URL's signature is a secret. */
    static String withoutQuery(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** A short, secret-free description of an I/O failure: {@code /out/d: Permission denied}. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            return (f.getFile() != null ? f.getFile() + ": " : "") + reason;
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
