package dev.kiln.executor;

import picocli.CommandLine.Command;

/** {@code executor version}, as kaniko has it. */
@Command(name = "version", description = "Print the version number of Kiln.")
public final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("Kiln version: " + Version.current());
    }
}
