package dev.kiln.executor;

import java.io.PrintWriter;

/** Entry point of {@code bin/executor}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(Cli.run(new ExecutorCommand(), args, out, err));
    }
}
