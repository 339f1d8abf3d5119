package dev.kiln.executor.output;

/**
 * Which digest files the command line asks for: each a path, an {@code https://} URL, or null when its flag
 * was not given. Built by the command from {@code --digest-file}, {@code --image-name-with-digest-file} and
 * {@code --image-name-tag-with-digest-file}.
 *
 * <p>Immutable. Empty strings count as not given, as in kaniko (its flags default to "").
 *
 * @param digestFile                 receives the manifest digest
 * @param imageNameWithDigestFile    receives {@code <repository>@<digest>} per destination
 * @param imageNameTagWithDigestFile receives {@code <repository>:<tag>@<digest>} per destination
 */
public record DigestOutputs(String digestFile, String imageNameWithDigestFile, String imageNameTagWithDigestFile) {

    public DigestOutputs {
        digestFile = blankToNull(digestFile);
        imageNameWithDigestFile = blankToNull(imageNameWithDigestFile);
        imageNameTagWithDigestFile = blankToNull(imageNameTagWithDigestFile);
    }

    /** No digest file asked for. */
    public static DigestOutputs none() {
        return new DigestOutputs(null, null, null);
    }

    /** Whether any digest file is asked for. */
    public boolean any() {
        return digestFile != null || imageNameWithDigestFile != null || imageNameTagWithDigestFile != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
