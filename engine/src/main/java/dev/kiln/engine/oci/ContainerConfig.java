package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config} object of an image config: the defaults a container of the image starts with
 * (OCI https://github.com/opencontainers/image-spec/blob/main/config.md, plus Docker's {@code Healthcheck},
 * {@code OnBuild} and {@code Shell} from the Docker image spec v1.2).
 *
 * <p>Immutable. Strings are {@code ""}, lists, sets and maps empty, when absent: an empty {@code Cmd} or
 * {@code Entrypoint} is the same as none, as in BuildKit, which omits both. {@code exposedPorts}
 * ({@code "80/tcp"}) and {@code volumes} are the keys of Go's {@code map[string]struct{}}. Fields of
 * Docker's container config that images carry but builds do not set ({@code Hostname},
 * {@code Domainname}, {@code AttachStdin}, {@code Tty}, {@code Image}...) are kept in {@code extra}.
 *
 * <p>JSON order (BuildKit's): {@code User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir,
 * Labels, StopSignal, ArgsEscaped, Healthcheck, OnBuild, Shell}, then extras sorted by name; empty
 * values omitted, maps sorted by key.
 */
public record ContainerConfig(String user, Set<String> exposedPorts, List<String> env, List<String> entrypoint,
                              List<String> cmd, Set<String> volumes, String workingDir, Map<String, String> labels,
                              String stopSignal, boolean argsEscaped, HealthCheck healthcheck,
                              List<String> onBuild, List<String> shell, JsonObject extra) {

    static final Set<String> FIELDS = Set.of("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
            "WorkingDir", "Labels", "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell");

    private static final ContainerConfig EMPTY =
            new ContainerConfig(null, null, null, null, null, null, null, null, null, false, null, null, null, null);

    public ContainerConfig {
        user = Values.string(user);
        exposedPorts = Values.set(exposedPorts, "ExposedPorts");
        env = Values.strings(env, "Env");
        entrypoint = Values.strings(entrypoint, "Entrypoint");
        cmd = Values.strings(cmd, "Cmd");
        volumes = Values.set(volumes, "Volumes");
        workingDir = Values.string(workingDir);
        labels = Values.map(labels, "Labels");
        stopSignal = Values.string(stopSignal);
        onBuild = Values.strings(onBuild, "OnBuild");
        shell = Values.strings(shell, "Shell");
        extra = Values.extra(extra, FIELDS, "container config");
    }

    /** No settings at all: {@code {}}. */
    public static ContainerConfig empty() {
        return EMPTY;
    }

    /** A copy of the fields this model does not know. */
    @Override
    public JsonObject extra() {
        return extra.copy();
    }

    /** The value of environment variable {@code name} ({@code NAME=value} in {@link #env()}), or null. */
    public String envValue(String name) {
        String prefix = name + "=";
        String found = null;
        for (String e : env) {
            if (e.startsWith(prefix)) {
                found = e.substring(prefix.length()); // the last one wins, as in execve
            }
        }
        return found;
    }

    public ContainerConfig withUser(String v) {
        return new ContainerConfig(v, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withExposedPorts(Set<String> v) {
        return new ContainerConfig(user, v, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withEnv(List<String> v) {
        return new ContainerConfig(user, exposedPorts, v, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withEntrypoint(List<String> v) {
        return new ContainerConfig(user, exposedPorts, env, v, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withCmd(List<String> v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, v, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withVolumes(Set<String> v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, v, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withWorkingDir(String v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, v, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withLabels(Map<String, String> v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, v, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withStopSignal(String v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, v,
                argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withArgsEscaped(boolean v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                v, healthcheck, onBuild, shell, extra);
    }

    /** Null removes the health check (inherit nothing); {@link HealthCheck#none()} disables an inherited one. */
    public ContainerConfig withHealthcheck(HealthCheck v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, v, onBuild, shell, extra);
    }

    public ContainerConfig withOnBuild(List<String> v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, v, shell, extra);
    }

    public ContainerConfig withShell(List<String> v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, v, extra);
    }

    public ContainerConfig withExtra(JsonObject v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, v);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (!user.isEmpty()) {
            o.put("User", user);
        }
        putSet(o, "ExposedPorts", exposedPorts);
        putList(o, "Env", env);
        putList(o, "Entrypoint", entrypoint);
        putList(o, "Cmd", cmd);
        putSet(o, "Volumes", volumes);
        if (!workingDir.isEmpty()) {
            o.put("WorkingDir", workingDir);
        }
        if (!labels.isEmpty()) {
            o.put("Labels", new JsonObject(new LinkedHashMap<>(labels)));
        }
        if (!stopSignal.isEmpty()) {
            o.put("StopSignal", stopSignal);
        }
        if (argsEscaped) {
            o.put("ArgsEscaped", true);
        }
        if (healthcheck != null) {
            o.put("Healthcheck", healthcheck.toJson());
        }
        putList(o, "OnBuild", onBuild);
        putList(o, "Shell", shell);
        Values.putExtra(o, extra);
        return o;
    }

    private static void putList(JsonObject o, String key, List<String> list) {
        if (!list.isEmpty()) {
            o.put(key, new JsonArray(new ArrayList<>(list)));
        }
    }

    private static void putSet(JsonObject o, String key, Set<String> set) {
        if (!set.isEmpty()) {
            JsonObject m = new JsonObject();
            set.forEach(k -> m.put(k, new JsonObject()));
            o.put(key, m);
        }
    }

    static ContainerConfig read(JsonFields f) {
        JsonFields hc = f.object("Healthcheck");
        return new ContainerConfig(f.string("User"), f.keySet("ExposedPorts"), f.strings("Env"),
                f.strings("Entrypoint"), f.strings("Cmd"), f.keySet("Volumes"), f.string("WorkingDir"),
                f.stringMap("Labels"), f.string("StopSignal"), f.bool("ArgsEscaped"),
                hc == null ? null : HealthCheck.read(hc), f.strings("OnBuild"), f.strings("Shell"),
                f.extra(FIELDS));
    }
}
