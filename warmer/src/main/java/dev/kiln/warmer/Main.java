package dev.kiln.warmer;

import dev.kiln.executor.Cli;

import java.io.PrintWriter;

/** Entry point of {@code bin/warmer}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new WarmerCommand(), args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}
