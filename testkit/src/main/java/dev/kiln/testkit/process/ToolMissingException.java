package dev.kiln.testkit.process;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A program the harness needs is not installed.
 *
 * <p>Immutable. A separate type so that the JUnit support can turn it into a skipped test, while every other
 * failure stays a failure. The message names the programs and the apt packages that provide them.
 */
public final class ToolMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Tool> tools;

    public ToolMissingException(List<Tool> tools) {
        super(message(tools));
        this.tools = List.copyOf(tools);
    }

    /** The missing tools. */
    public List<Tool> tools() {
        return tools;
    }

    static String message(List<Tool> tools) {
        String names = tools.stream().map(Tool::executable).collect(Collectors.joining(", "));
        String packages = tools.stream().map(Tool::aptPackage).distinct().collect(Collectors.joining(" "));
        return "find " + names + " on PATH: not installed (apt-get install " + packages + ")";
    }
}
