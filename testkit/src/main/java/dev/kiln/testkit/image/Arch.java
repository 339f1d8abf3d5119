package dev.kiln.testkit.image;

/**
 * The CPU architectures of the base images, with the names used by OCI platforms and by Debian.
 *
 * <p>Immutable. Only amd64 images can run on this machine (no binfmt emulation); arm64 images exist for
 * multi-platform tests that check metadata and files.
 */
public enum Arch {
    AMD64("amd64", "amd64", 62),
    ARM64("arm64", "arm64", 183);

    private final String ociName;
    private final String debianName;
    private final int elfMachine;

    Arch(String ociName, String debianName, int elfMachine) {
        this.ociName = ociName;
        this.debianName = debianName;
        this.elfMachine = elfMachine;
    }

    /** The OCI/Go architecture name, as in an image config and an index's platform. */
    public String ociName() {
        return ociName;
    }

    /** The Debian architecture name, as given to apt. */
    public String debianName() {
        return debianName;
    }

    /** The ELF {@code e_machine} value of binaries for this architecture (EM_X86_64, EM_AARCH64). */
    int elfMachine() {
        return elfMachine;
    }
}
