package dev.kiln.executor;

import picocli.CommandLine.IVersionProvider;

/** The Kiln version from the jar manifest (the Maven project version), or "dev" from a source tree. Stateless. */
public final class Version implements IVersionProvider {

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * kaniko's version line with Kiln's name: kaniko prints {@code fmt.Println("Kaniko version : ", v)}, and
     * {@code Println} puts a space between its operands, hence two spaces before the version. Kept so that
     * scripts cutting the line by fields find the version where they found kaniko's.
     */
    public static String line() {
        return "Kiln version :  " + current();
    }

    @Override
    public String[] getVersion() {
        return new String[]{line()};
    }
}
