package dev.kiln.executor;

import java.io.PrintWriter;

/** Entry point of {@code bin/executor}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Cli.run(new ExecutorCommand(), args, out, err);
        out.flush();
        err.flush();
        System.out.flush();
        System.err.flush();
        // The outcome is decided and printed, the build removed its directory and its RUNs are over: end the
        // process now instead of waiting for the JVM's exit (see ProcessExit).
        ProcessExit.now(code);
    }
}
