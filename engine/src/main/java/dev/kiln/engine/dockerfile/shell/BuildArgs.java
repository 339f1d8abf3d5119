package dev.kiln.engine.dockerfile.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * ARG scoping for one build, as BuildKit's Dockerfile frontend implements it (dockerfile2llb/convert.go:
 * {@code buildMetaArgs}, {@code dispatchArg}, {@code dispatchEnv}, {@code runCommandString}), plus the
 * classic builder's report of unused build arguments (moby builder/dockerfile/buildargs.go).
 *
 * <p>Not thread-safe: a planner drives one instance per build on one thread, in Dockerfile order. The
 * rules:
 * <ul>
 *   <li><b>Global scope.</b> ARGs before the first FROM ({@link #declareGlobal}) and the automatic platform
 *       ARGs form the {@link #globalEnv()}, used only to expand FROM lines. A build argument overrides a
 *       global default (and a platform value) and is not expanded; a default is expanded against the
 *       global ARGs declared before it. An undeclared build argument is not visible in FROM.</li>
 *   <li><b>Stages.</b> A stage sees none of the global ARGs until it re-declares them: {@code ARG NAME}
 *       without default imports the global value (build argument or default). A stage ARG takes, in
 *       order: the build argument, else its own default expanded against the stage, else the global
 *       value, else nothing (then it is declared but unset).</li>
 *   <li><b>ENV and ARG.</b> BuildKit keeps one environment per stage and the latest definition wins:
 *       {@code ENV} after {@code ARG} overrides it (the documented "ENV takes precedence"), and an
 *       {@code ARG} after an {@code ENV} (or after the base image's variable) overrides the value seen by
 *       later instructions and {@code RUN}, while the image's {@code Config.Env} keeps the ENV value.</li>
 *   <li><b>Proxies.</b> {@link #PROXY_ARGS} may be passed without any ARG: BuildKit gives them to
 *       {@code RUN} only ({@link #runProxyEnv()}), outside the cache key and the history, and does not
 *       expand them in other instructions. Declared with ARG, they behave like any other argument and
 *       appear in the history.</li>
 *   <li><b>Consumption.</b> A build argument no ARG ever declared is reported by
 *       {@link #unconsumedWarning()} with the classic builder's message; proxies and platform ARGs are
 *       exempt, since they take effect without declaration.</li>
 * </ul>
 */
public final class BuildArgs {

    /** Build arguments usable without ARG, excluded from the history (the Dockerfile reference's list). */
    public static final List<String> PROXY_ARGS = List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY",
            "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    /** The automatic platform ARGs of the global scope. */
    public static final List<String> PLATFORM_ARGS = List.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH",
            "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT");

    /** BuildKit's {@code nonEnvArgs}: declared like ARGs, never put into the environment. */
    private static final Set<String> NON_ENV_ARGS = Set.of("BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE");

    private final Map<String, String> buildArgs;
    private final Set<String> declared = new LinkedHashSet<>();
    private Env global;
    private boolean stagesStarted;

    private BuildArgs(Map<String, String> buildArgs, Env global) {
        this.buildArgs = buildArgs;
        this.global = global;
    }

    /**
     * Starts a build.
     *
     * @param buildArgs the {@code --build-arg} values, in the order given
     * @param platform  the values of the automatic platform ARGs
     */
    public static BuildArgs create(Map<String, String> buildArgs, PlatformArgs platform) {
        LinkedHashMap<String, String> given = new LinkedHashMap<>();
        buildArgs.forEach((k, v) -> given.put(Objects.requireNonNull(k, "build arg name"),
                Objects.requireNonNull(v, "build arg " + k)));
        Env global = Env.empty();
        for (Map.Entry<String, String> e : platform.entries().entrySet()) {
            global = global.with(e.getKey(), given.getOrDefault(e.getKey(), e.getValue()));
        }
        return new BuildArgs(given, global);
    }

    /** One declared ARG: its name and the value it resolved to, or null when it has none. Immutable. */
    public record Declared(String name, String value) {

        /** Rejects a null name. */
        public Declared {
            Objects.requireNonNull(name, "name");
        }

        /** How BuildKit writes it in the ARG instruction's history: {@code NAME=value} or {@code NAME}. */
        public String historyText() {
            return value == null ? name : name + "=" + value;
        }
    }

    /**
     * Declares an ARG before the first FROM.
     *
     * @param rawDefault the default as written after {@code =}, or null for {@code ARG NAME}
     * @throws ExpansionException if the default cannot be expanded
     * @throws IllegalStateException after the first stage started
     */
    public Declared declareGlobal(String name, String rawDefault, ShellLex lex) {
        Objects.requireNonNull(name, "name");
        if (stagesStarted) {
            throw new IllegalStateException("declare global ARG " + name + ": a stage has already started");
        }
        declared.add(name);
        String value = buildArgs.get(name);
        if (value == null && rawDefault != null) {
            value = lex.processWord(rawDefault, global).value();
        }
        if (value != null) {
            global = global.with(name, value);
        }
        return new Declared(name, value);
    }

    /** The variables a FROM line (image and {@code --platform}) is expanded against. */
    public Env globalEnv() {
        return global;
    }

    /** A stage {@code FROM} an image whose {@code Config.Env} is {@code imageEnv} ({@link Env#empty()} for scratch). */
    public Stage newStage(Env imageEnv) {
        stagesStarted = true;
        return new Stage(imageEnv, imageEnv, List.of());
    }

    /** A stage {@code FROM} an earlier stage: it inherits that stage's environment and ARGs. */
    public Stage newStage(Stage base) {
        if (base.owner() != this) {
            throw new IllegalArgumentException("stage belongs to another build");
        }
        stagesStarted = true;
        return new Stage(base.env, base.imageEnv, base.args);
    }

    /** Build arguments that no ARG declared, except proxies and platform ARGs, in the order given. */
    public List<String> unconsumed() {
        List<String> out = new ArrayList<>();
        for (String name : buildArgs.keySet()) {
            if (!declared.contains(name) && !PROXY_ARGS.contains(name) && !PLATFORM_ARGS.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** The classic builder's {@code [Warning] One or more build-args [A B] were not consumed}, if any. */
    public Optional<String> unconsumedWarning() {
        List<String> names = unconsumed();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("[Warning] One or more build-args [" + String.join(" ", names) + "] were not consumed");
    }

    /**
     * The proxy variables for every {@code RUN}, as BuildKit passes them: the build arguments whose name is
     * {@code http_proxy}, {@code https_proxy}, {@code ftp_proxy}, {@code no_proxy} or {@code all_proxy} in
     * any case, each set under its upper- and lower-case name. They belong to neither the cache key nor
     * the history. Empty values are left out.
     */
    public Env runProxyEnv() {
        TreeMap<String, String> byKind = new TreeMap<>();
        for (String name : new TreeMap<>(buildArgs).keySet()) { // BuildKit sorts; the last spelling wins
            String lower = name.toLowerCase(Locale.ROOT);
            if (PROXY_ARGS.contains(lower)) {
                byKind.put(lower, buildArgs.get(name));
            }
        }
        Env env = Env.empty();
        for (String kind : List.of("http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy")) {
            String v = byKind.get(kind);
            if (v != null && !v.isEmpty()) {
                env = env.with(kind.toUpperCase(Locale.ROOT), v).with(kind, v);
            }
        }
        return env;
    }

    /**
     * The variables of one stage. Not thread-safe; created by {@link BuildArgs#newStage}.
     */
    public final class Stage {
        private Env env;
        private Env imageEnv;
        private final List<Declared> args;

        private Stage(Env env, Env imageEnv, List<Declared> args) {
            this.env = Objects.requireNonNull(env, "env");
            this.imageEnv = Objects.requireNonNull(imageEnv, "imageEnv");
            this.args = new ArrayList<>(args);
        }

        private BuildArgs owner() {
            return BuildArgs.this;
        }

        /**
         * Declares an ARG inside the stage.
         *
         * @param rawDefault the default as written after {@code =}, or null for {@code ARG NAME}
         * @throws ExpansionException if the default cannot be expanded
         */
        public Declared declare(String name, String rawDefault, ShellLex lex) {
            Objects.requireNonNull(name, "name");
            declared.add(name);
            String value;
            if (buildArgs.containsKey(name)) {
                value = buildArgs.get(name);
            } else if (rawDefault != null) {
                value = lex.processWord(rawDefault, env).value();
            } else {
                value = global.get(name);
            }
            if (value != null && !NON_ENV_ARGS.contains(name)) {
                env = env.with(name, value);
            }
            Declared d = new Declared(name, value);
            args.add(d);
            return d;
        }

        /** Applies {@code ENV name=value} (value already expanded): to the stage and to the image config. */
        public void setEnv(String name, String value) {
            env = env.with(name, value);
            imageEnv = imageEnv.with(name, value);
        }

        /** The variables later instructions are expanded against and {@code RUN} sees (before proxies). */
        public Env env() {
            return env;
        }

        /** The image's {@code Config.Env}: the base image's variables and the ENV instructions, no ARGs. */
        public Env imageEnv() {
            return imageEnv;
        }

        /** The ARGs declared so far in this stage and the stages it is based on, in order. */
        public List<Declared> args() {
            return List.copyOf(args);
        }

        /**
         * The ARGs as BuildKit prints them before a {@code RUN} in the history, {@code NAME=value} each:
         * the current value in the stage (an ENV may have replaced it), or the declared value, or empty;
         * a name declared twice is listed once, where it was first declared.
         */
        public List<String> historyArgs() {
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            for (Declared d : args) {
                String v = env.get(d.name());
                if (v == null) {
                    v = d.value() == null ? "" : d.value();
                }
                out.put(d.name(), v);
            }
            List<String> list = new ArrayList<>();
            out.forEach((k, v) -> list.add(k + "=" + v));
            return List.copyOf(list);
        }

        /** {@link #historyArgs()} as BuildKit's prefix of a RUN history entry: {@code |2 A=1 B=2}, or empty. */
        public String runHistoryPrefix() {
            List<String> h = historyArgs();
            return h.isEmpty() ? "" : "|" + h.size() + " " + String.join(" ", h);
        }
    }
}
