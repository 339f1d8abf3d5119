package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.RunMount;
import java.util.Locale;

/**
 * The {@code from=} of a {@code RUN --mount}, as BuildKit reads it to build the stage graph: before any
 * expansion, straight from the flag's CSV (BuildKit's instruction pass forbids variables in it, so the
 * literal value is the value).
 *
 * <p>Stateless; package-private. The graph must be known for every stage, including stages that are not
 * built and whose variables are therefore never computed, so it cannot wait for
 * {@link RunMount#parse(String, java.util.function.UnaryOperator)} with the stage's expander.
 */
final class MountFrom {

    private MountFrom() {
    }

    /** The mount's {@code from=} value, empty when it has none. */
    static String of(RunMount mount) {
        return switch (mount) {
            case RunMount.Bind b -> b.from();
            case RunMount.Cache c -> c.from();
            case RunMount.Tmpfs t -> t.from();
            case RunMount.Secret s -> "";
            case RunMount.Ssh s -> "";
            case RunMount.Unresolved u -> ofSpec(u.spec());
        };
    }

    /**
     * The last {@code from=} field of a one-line CSV spec, read as Go's {@code encoding/csv} reads a record:
     * a field that starts with {@code "} is quoted and {@code ""} in it is one quote. The instruction pass
     * already rejected malformed CSV.
     */
    static String ofSpec(String spec) {
        String from = "";
        int i = 0;
        int n = spec.length();
        while (i <= n) {
            String field;
            if (i < n && spec.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n) {
                    char c = spec.charAt(i++);
                    if (c != '"') {
                        sb.append(c);
                    } else if (i < n && spec.charAt(i) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                int comma = spec.indexOf(',', i);
                field = sb + (comma < 0 ? spec.substring(i) : spec.substring(i, comma));
                i = comma < 0 ? n + 1 : comma + 1;
            } else {
                int comma = spec.indexOf(',', i);
                field = comma < 0 ? spec.substring(i) : spec.substring(i, comma);
                i = comma < 0 ? n + 1 : comma + 1;
            }
            int eq = field.indexOf('=');
            if (eq >= 0 && field.substring(0, eq).toLowerCase(Locale.ROOT).equals("from")) {
                from = field.substring(eq + 1);
            }
        }
        return from;
    }
}
