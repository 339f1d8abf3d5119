package dev.kiln.testkit.junit;

import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.process.ToolMissingException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Static helpers for tests that check tools themselves instead of using {@link RequiresTools}.
 *
 * <p>Stateless, so thread-safe.
 */
public final class ToolAssumptions {
    private ToolAssumptions() {}

    /**
     * Aborts (skips) the current test unless every tool is installed; in CI, fails instead.
     *
     * @throws ToolMissingException in CI when a tool is missing
     */
    public static void assumeInstalled(Tool... tools) {
        List<Tool> missing = Tool.missing(tools);
        if (missing.isEmpty()) {
            return;
        }
        ToolMissingException e = new ToolMissingException(missing);
        if (toolsRequired()) {
            throw e;
        }
        Assumptions.abort("skipped: " + e.getMessage());
    }

    /**
     * Whether missing tools must fail rather than skip: when the environment variable {@code CI} is
     * {@code true} or the system property {@code kiln.testkit.requireTools} is {@code true}.
     */
    public static boolean toolsRequired() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || Boolean.parseBoolean(System.getProperty("kiln.testkit.requireTools"));
    }
}
