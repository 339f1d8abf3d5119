package dev.kiln.executor;

import picocli.CommandLine.IVersionProvider;

/** The Kiln version from the jar manifest (the Maven project version), or "dev" from a source tree. */
public final class Version implements IVersionProvider {

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"Kiln version: " + current()};
    }
}
