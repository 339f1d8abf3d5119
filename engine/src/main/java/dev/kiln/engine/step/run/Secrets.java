package dev.kiln.engine.step.run;

import dev.kiln.engine.run.MountSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build's secrets, from {@code --secret} flags in BuildKit's ({@code buildctl}, {@code docker buildx})
 * syntax: {@code id=ID[,src=PATH|source=PATH][,env=VAR][,type=file|env]}. Kaniko has no build secrets; this
 * is Kiln's addition, so Dockerfiles using {@code RUN --mount=type=secret} build as under BuildKit.
 *
 * <p>Rules, as BuildKit's client parses and stores them: fields are CSV, keys case-insensitive;
 * {@code type=env} without {@code env=} takes the variable name from {@code src}; with neither {@code src}
 * nor {@code env}, the environment variable named like the id is used if it is set, else the file named
 * like the id; a file must exist and be at most {@value #MAX_SIZE} bytes (BuildKit's limit); a later flag
 * for the same id replaces an earlier one. An environment variable's value is read when the flags are
 * parsed; a variable that is not set leaves the secret absent (a {@code required} mount then fails naming
 * the id). File contents are read when a run starts, so they never sit in this object.
 *
 * <p>Immutable and thread-safe. {@link #toString()} lists ids only; no method exposes a value except
 * {@link #source}, which hands it to the run package as a redacting {@link MountSpec.FromBytes}.
 */
public final class Secrets {

    /** BuildKit's {@code MaxSecretSize}: 500 KiB. */
    public static final int MAX_SIZE = 500 * 1024;

    private static final Secrets NONE = new Secrets(Map.of());

    private final Map<String, MountSpec.SecretSource> sources;

    private Secrets(Map<String, MountSpec.SecretSource> sources) {
        this.sources = Map.copyOf(sources);
    }

    /** No secrets. */
    public static Secrets none() {
        return NONE;
    }

    /**
     * Parses {@code --secret} flag values.
     *
     * @param flags       the flag values, e.g. {@code id=npmrc,src=/home/me/.npmrc}
     * @param environment the process environment to read {@code env=} secrets from
     * @throws IllegalArgumentException naming the flag value (which holds ids, paths and variable names,
     *                                  never secret content) and the problem
     */
    public static Secrets parse(List<String> flags, Map<String, String> environment) {
        Map<String, MountSpec.SecretSource> out = new LinkedHashMap<>();
        for (String flag : flags) {
            String id = "";
            String file = "";
            String env = "";
            String type = "";
            for (String field : Csv.fields(flag, "--secret " + flag)) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    throw bad(flag, "invalid field '" + field + "' must be a key=value pair");
                }
                String key = field.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = field.substring(eq + 1);
                switch (key) {
                    case "type" -> {
                        if (!value.equals("file") && !value.equals("env")) {
                            throw bad(flag, "unsupported secret type \"" + value + "\" (expected file or env)");
                        }
                        type = value;
                    }
                    case "id" -> id = value;
                    case "src", "source" -> file = value;
                    case "env" -> env = value;
                    default -> throw bad(flag, "unexpected key '" + key + "' in '" + field + "'");
                }
            }
            if (type.equals("env") && env.isEmpty()) {
                env = file;
                file = "";
            }
            if (id.isEmpty()) {
                throw bad(flag, "secret id missing (id=...)");
            }
            if (env.isEmpty() && file.isEmpty()) {
                if (environment.containsKey(id)) {
                    env = id;
                } else {
                    file = id;
                }
            }
            if (!env.isEmpty()) {
                String value = environment.get(env);
                if (value == null) {
                    out.remove(id); // absent: a required mount fails naming the id, an optional one is skipped
                } else {
                    out.put(id, new MountSpec.FromBytes(value.getBytes(StandardCharsets.UTF_8)));
                }
                continue;
            }
            Path path = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw bad(flag, "secret file " + path + (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                        ? " is not a regular file" : " does not exist"));
            }
            try {
                if (Files.size(path) > MAX_SIZE) {
                    throw bad(flag, "secret " + id + " too big (" + Files.size(path) + " bytes); max size 500KB");
                }
            } catch (IOException e) {
                throw bad(flag, "stat secret file " + path + ": " + e.getMessage());
            }
            out.put(id, new MountSpec.FromFile(path));
        }
        return new Secrets(out);
    }

    /**
     * A secret's content source (a file or redacting bytes), for a mount or an environment variable.
     *
     * @param id the secret's id
     */
    public Optional<MountSpec.SecretSource> source(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    /** The ids of the secrets provided. */
    public Set<String> ids() {
        return sources.keySet();
    }

    private static IllegalArgumentException bad(String flag, String problem) {
        return new IllegalArgumentException("--secret " + flag + ": " + problem);
    }

    /** The ids only, never values or paths. */
    @Override
    public String toString() {
        return "Secrets" + new ArrayList<>(new java.util.TreeSet<>(sources.keySet()));
    }

    /** One CSV record as Go's {@code encoding/csv} reads it: quoted fields, {@code ""} for a quote. */
    static final class Csv {
        private Csv() {}

        static List<String> fields(String line, String what) {
            List<String> out = new ArrayList<>();
            int i = 0;
            int n = line.length();
            while (true) {
                StringBuilder field = new StringBuilder();
                if (i < n && line.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = line.charAt(i++);
                        if (c != '"') {
                            field.append(c);
                        } else if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    }
                    if (!closed || (i < n && line.charAt(i) != ',')) {
                        throw new IllegalArgumentException(what + ": failed to parse csv: bare or unterminated \" in a quoted field");
                    }
                } else {
                    while (i < n && line.charAt(i) != ',') {
                        char c = line.charAt(i++);
                        if (c == '"') {
                            throw new IllegalArgumentException(what + ": failed to parse csv: bare \" in a non-quoted field");
                        }
                        field.append(c);
                    }
                }
                out.add(field.toString());
                if (i >= n) {
                    return out;
                }
                i++; // the comma
            }
        }
    }
}
