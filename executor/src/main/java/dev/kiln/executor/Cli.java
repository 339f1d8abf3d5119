package dev.kiln.executor;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Runs a picocli command with kaniko's exit behaviour: 0 on success and for {@code --help}; 1 for an unknown
 * or malformed flag (printed as {@code Error: ...} plus the usage, as cobra does) and for a failed build,
 * printed as one line on stdout; a failed RUN's own exit code where there is one.
 * Stateless; shared with the warmer.
 */
public final class Cli {

    private Cli() {
    }

    public static int run(Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("Error: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            if (ex instanceof BuildFailedException b) {
                out.println(b.getMessage());
                out.flush();
                return b.exitCode();
            }
            out.println(ex instanceof UsageException || ex instanceof IllegalArgumentException
                    ? ex.getMessage() : "error: " + ex);
            out.flush();
            return 1;
        });
        return cl.execute(args);
    }
}
