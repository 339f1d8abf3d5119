package dev.kiln.executor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code executor version}, printing the line kaniko's does ({@link Version#line()}). */
@Command(name = "version", description = "Print the version number of Kiln.")
public final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(Version.line());
        spec.commandLine().getOut().flush();
    }
}
