package dev.kiln.executor.conformance;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One corpus case read from its directory: {@code Dockerfile}, optional {@code context/}, and {@code case.properties}
 * with the expectations (stdout, exit code, new layers), the build inputs (build args, target, secrets, context file
 * modes and links that git cannot carry) and the allowances. The keys are documented in the corpus's README.md.
 *
 * <p>Immutable. Parsing is strict: an unknown key, a missing expectation or an allowance without a reason is an
 * error naming the case and the key, so a typo cannot silently weaken a case.
 *
 * @param name       the directory name, e.g. {@code 001-env}
 * @param dir        the case directory
 * @param stdout     what the image's default command prints (compared after stripping trailing whitespace)
 * @param exitCode   its expected exit code
 * @param newLayers  layers the final stage adds over its base image
 * @param baseLayers layers of the final stage's base image
 * @param buildArgs  {@code --build-arg} values
 * @param target     {@code --target}, if any
 * @param secrets    secret id to file name in the case directory
 * @param context    context adjustments: {@code mode.P}, {@code dir.P}, {@code symlink.P}, {@code hardlink.P}
 * @param allowances the case's allowances, in file order
 */
record CaseDefinition(String name, Path dir, String stdout, int exitCode, int newLayers, int baseLayers,
        Map<String, String> buildArgs, Optional<String> target, Map<String, String> secrets, Map<String, String> context,
        List<Allowance> allowances) {

    static final String PROPERTIES = "case.properties";

    CaseDefinition {
        buildArgs = Map.copyOf(buildArgs);
        secrets = Map.copyOf(secrets);
        context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
        allowances = List.copyOf(allowances);
    }

    /** Reads the case in {@code dir}. */
    static CaseDefinition load(Path dir) {
        String name = dir.getFileName().toString();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("read case " + name + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(dir.resolve("Dockerfile"))) {
            throw new IllegalArgumentException("case " + name + ": no Dockerfile");
        }
        Map<String, String> props = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        return parse(name, dir, props);
    }

    /** Builds a case from its properties; {@code dir} is where its files are. */
    static CaseDefinition parse(String name, Path dir, Map<String, String> props) {
        Map<String, String> buildArgs = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        Map<String, String> context = new LinkedHashMap<>();
        List<Allowance> allowances = new ArrayList<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (List.of("description", "stdout", "exit", "layers", "layers.base", "target").contains(k)) {
                continue;
            } else if (k.startsWith("build-arg.")) {
                buildArgs.put(k.substring("build-arg.".length()), v);
            } else if (k.startsWith("secret.")) {
                secrets.put(k.substring("secret.".length()), v);
            } else if (k.startsWith("context.")) {
                String sub = k.substring("context.".length());
                if (!sub.matches("(mode|dir|symlink|hardlink)\\..+")) {
                    throw bad(name, k, "expected context.mode.P, context.dir.P, context.symlink.P or context.hardlink.P");
                }
                context.put(sub, v);
            } else if (k.equals("allow")) {
                for (String a : v.strip().split("\\s+")) {
                    if (!a.equals(Allowance.BuildahRunStubs.NAME)) {
                        throw bad(name, k, "unknown named allowance \"" + a + "\" (known: " + Allowance.BuildahRunStubs.NAME + ")");
                    }
                    allowances.add(new Allowance.BuildahRunStubs());
                }
            } else if (k.startsWith("differs.config.")) {
                String[] r = reasoned(name, k, v);
                String[] sides = sides(name, k, r[0]);
                String field = k.substring("differs.config.".length());
                if (!ConfigFields.FIELDS.contains(field) && !field.equals(ConfigFields.AUTHOR)) {
                    throw bad(name, k, "unknown config field " + field + " (known: " + ConfigFields.FIELDS + ", author)");
                }
                allowances.add(new Allowance.ConfigDiffers(field, ConfigFields.parse(field, sides[0]),
                        ConfigFields.parse(field, sides[1]), r[1]));
            } else if (k.startsWith("differs./")) {
                String[] r = reasoned(name, k, v);
                String[] sides = sides(name, k, r[0]);
                allowances.add(new Allowance.PathDiffers(k.substring("differs.".length()), sides[0], sides[1], r[1]));
            } else if (k.equals("buildah.dockerfile")) {
                String[] r = reasoned(name, k, v);
                if (!Files.isRegularFile(dir.resolve(r[0]))) {
                    throw bad(name, k, "file " + r[0] + " not found in the case directory");
                }
                allowances.add(new Allowance.BuildahDockerfile(r[0], r[1]));
            } else if (k.equals("buildah.flags")) {
                String[] r = reasoned(name, k, v);
                allowances.add(new Allowance.BuildahFlags(Arrays.asList(r[0].split("\\s+")), r[1]));
            } else if (k.equals("buildah.layers")) {
                String[] r = reasoned(name, k, v);
                allowances.add(new Allowance.BuildahLayers(integer(name, k, r[0]), r[1]));
            } else {
                throw bad(name, k, "unknown key");
            }
        }
        if (!props.containsKey("description") || props.get("description").isBlank()) {
            throw bad(name, "description", "missing: say what the case covers");
        }
        if (!props.containsKey("stdout")) {
            throw bad(name, "stdout", "missing: what the image's default command prints (may be empty)");
        }
        if (!props.containsKey("layers")) {
            throw bad(name, "layers", "missing: how many layers the final stage adds");
        }
        Optional<String> target = Optional.ofNullable(props.get("target")).map(String::strip);
        return new CaseDefinition(name, dir, props.get("stdout"), integer(name, "exit", props.getOrDefault("exit", "0")),
                integer(name, "layers", props.get("layers")), integer(name, "layers.base", props.getOrDefault("layers.base", "1")),
                buildArgs, target, secrets, context, allowances);
    }

    /** Whether paths under buildah's RUN stubs are left out of both trees. */
    boolean ignoresRunStubs() {
        return allowances.stream().anyMatch(a -> a instanceof Allowance.BuildahRunStubs);
    }

    /** The allowances of one kind. */
    <T extends Allowance> List<T> allowances(Class<T> kind) {
        return allowances.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String[] reasoned(String name, String key, String value) {
        int bar = value.lastIndexOf(" | ");
        if (bar < 0 || value.substring(bar + 3).isBlank()) {
            throw bad(name, key, "an allowance needs its reason after \" | \"");
        }
        return new String[] {value.substring(0, bar).strip(), value.substring(bar + 3).strip()};
    }

    private static String[] sides(String name, String key, String value) {
        int arrow = value.indexOf(" => ");
        if (arrow < 0) {
            throw bad(name, key, "expected \"<buildah's> => <BuildKit's>\"");
        }
        return new String[] {value.substring(0, arrow).strip(), value.substring(arrow + 4).strip()};
    }

    private static int integer(String name, String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw bad(name, key, "not a number: " + value);
        }
    }

    private static IllegalArgumentException bad(String name, String key, String why) {
        return new IllegalArgumentException("read case " + name + ", key " + key + ": " + why);
    }
}
