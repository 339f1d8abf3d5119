package dev.kiln.executor.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Splits kaniko's {@code key=value} flag values ({@code --build-arg}, {@code --label},
 * {@code --registry-certificate}, {@code --registry-map}). Stateless and thread-safe.
 */
public final class KeyValue {

    private KeyValue() {
    }

    /**
     * {@code --build-arg} semantics: {@code K=V} sets K; a bare {@code K} takes the value of the
     * environment variable K (empty when unset), as kaniko's resolveEnvironmentBuildArgs does.
     * Later flags win.
     */
    public static Map<String, String> buildArgs(List<String> values, UnaryOperator<String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                String fromEnv = env.apply(v);
                out.put(v, fromEnv == null ? "" : fromEnv);
            } else {
                out.put(requireKey(v, eq, "--build-arg"), v.substring(eq + 1));
            }
        }
        return out;
    }

    /** Strict {@code K=V} pairs; a value without {@code =} is an error naming the flag. */
    public static Map<String, String> pairs(List<String> values, String flag) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid " + flag + " \"" + v + "\": expected key=value");
            }
            out.put(requireKey(v, eq, flag), v.substring(eq + 1));
        }
        return out;
    }

    private static String requireKey(String v, int eq, String flag) {
        if (eq == 0) {
            throw new IllegalArgumentException("invalid " + flag + " \"" + v + "\": empty key");
        }
        return v.substring(0, eq);
    }
}
