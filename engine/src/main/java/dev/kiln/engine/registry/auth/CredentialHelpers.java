package dev.kiln.engine.registry.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs Docker credential helpers (https://github.com/docker/docker-credential-helpers): the program
 * {@code docker-credential-NAME get} reads a server URL on stdin and writes
 * {@code {"ServerURL","Username","Secret"}} on stdout; user name {@code <token>} marks an identity token;
 * "credentials not found" means the helper knows nothing for the server.
 *
 * <p>Thread-safe and immutable. Programs are looked up in an explicit list of directories, which is also passed
 * to the helper as its {@code PATH}, so tests (and embedders) choose the helpers without touching the JVM's
 * environment. Each run happens on a Vert.x worker thread ({@code executeBlocking}), never on an event loop,
 * and is killed after {@link #TIMEOUT}. Registries whose only credential source is a helper, such as Azure
 * Container Registry ({@code docker-credential-acr-env}), need nothing else: name it in {@code credHelpers}.
 */
public final class CredentialHelpers {

    /** How long a helper may run. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The user name by which a helper marks its secret as an identity token. */
    static final String TOKEN_USERNAME = "<token>";

    private static final int MAX_OUTPUT = 1 << 20;

    private final Vertx vertx;
    private final List<Path> searchPath;

    /**
     * @param vertx      runs the helpers on its worker pool
     * @param searchPath where to look for {@code docker-credential-NAME}, in order
     */
    public CredentialHelpers(Vertx vertx, List<Path> searchPath) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.searchPath = List.copyOf(searchPath);
    }

    /** Helpers looked up in the {@code PATH} of {@code environment}. */
    public static CredentialHelpers fromEnvironment(Vertx vertx, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        return new CredentialHelpers(vertx, Arrays.stream(path.split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList());
    }

    /** The directories helpers are looked up in. */
    public List<Path> searchPath() {
        return searchPath;
    }

    /** A keychain asking helper {@code name} about every registry (for a {@code credsStore} or one registry). */
    public Keychain keychain(String name) {
        return host -> get(name, RegistryHosts.serverUrl(host));
    }

    /**
     * Asks helper {@code name} for the credential of {@code serverUrl}.
     *
     * @return the credential; anonymous when the helper has none; a failed future with a
     *     {@link KeychainException} when the helper is missing, fails or answers nonsense
     */
    public Future<Credential> get(String name, String serverUrl) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return Future.failedFuture(new KeychainException("run credential helper \"" + name + "\" for "
                    + serverUrl + ": not a valid helper name"));
        }
        return vertx.executeBlocking(() -> run(name, serverUrl), false);
    }

    private Credential run(String name, String serverUrl) throws Exception {
        String program = "docker-credential-" + name;
        String action = "run credential helper " + program + " for " + serverUrl;
        Path executable = find(program).orElseThrow(() -> new KeychainException(action + ": not found in "
                + (searchPath.isEmpty() ? "an empty PATH" : "PATH " + joined())));
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
        builder.environment().put("PATH", joined());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KeychainException(action + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A helper may exit without reading stdin; its exit status and output tell what happened.
        }
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new KeychainException(action + ": no answer within " + TIMEOUT.toSeconds() + " s");
        }
        String out = new String(stdout.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8).strip();
        String err = new String(stderr.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            // docker-credential-helpers' ErrCredentialsNotFound text, on stdout (and some helpers use stderr).
            if (out.contains("credentials not found") || err.contains("credentials not found")) {
                return Credential.ANONYMOUS;
            }
            String detail = !err.isEmpty() ? err : out;
            throw new KeychainException(action + ": exit status " + process.exitValue()
                    + (detail.isEmpty() ? "" : ": " + Redactor.quote(detail, List.of())));
        }
        return parse(out, action);
    }

    /** Reads a helper's answer; never quotes it, since it holds the secret. */
    static Credential parse(String stdout, String action) {
        JsonObject json;
        try {
            json = new JsonObject(stdout);
        } catch (DecodeException | ClassCastException e) {
            throw new KeychainException(action + ": the answer is not a JSON object");
        }
        String username = json.getValue("Username") instanceof String s ? s : "";
        String secret = json.getValue("Secret") instanceof String s ? s : "";
        if (secret.isEmpty()) {
            return Credential.ANONYMOUS;
        }
        if (TOKEN_USERNAME.equals(username)) {
            return new Credential.IdentityToken(secret);
        }
        if (username.isEmpty()) {
            throw new KeychainException(action + ": the answer has a Secret but no Username");
        }
        return new Credential.Basic(username, secret);
    }

    private Optional<Path> find(String program) {
        return searchPath.stream().map(dir -> dir.resolve(program))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private String joined() {
        return searchPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** Reads a stream to its end on a virtual thread, keeping at most {@value #MAX_OUTPUT} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().name("kiln-credential-helper-output").start(() -> {
            try (stream) {
                byte[] kept = stream.readNBytes(MAX_OUTPUT);
                stream.transferTo(OutputStream.nullOutputStream());
                result.complete(kept);
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public String toString() {
        return "CredentialHelpers[" + joined() + "]";
    }
}
