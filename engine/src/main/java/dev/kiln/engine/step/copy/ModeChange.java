package dev.kiln.engine.step.copy;

import dev.kiln.engine.dockerfile.instruction.Chmod;
import java.util.Objects;

/**
 * The {@code --chmod} of a {@code COPY} or {@code ADD}: an octal mode or a symbolic one.
 *
 * <p>Immutable. BuildKit (tonistiigi/fsutil {@code copyFileInfo}) applies it to every file and directory it
 * copies, never to symlinks. An octal mode replaces all 12 bits and is also the mode of the missing parent
 * directories the copy creates (fsutil passes it to {@code MkdirAll}; {@code COPY --chmod=777 f /p/f} makes
 * {@code /p} 0777); a symbolic mode is applied to each file's own mode ({@code X} sees whether it is a
 * directory) and leaves created parents at 0755. Neither touches an existing destination directory, a
 * downloaded-then-unpacked archive's entries, or symlinks.
 */
sealed interface ModeChange {

    /** The new 12 permission bits of a file that had {@code permissions}. */
    int apply(int permissions, boolean directory);

    /** The mode of directories the copy creates on the way to the destination (BuildKit's rule, above). */
    int createdDirectoryMode();

    /** An octal {@code --chmod}: every copied file gets exactly these bits. */
    record Octal(int mode) implements ModeChange {
        public Octal {
            if ((mode & ~07777) != 0) {
                throw new IllegalArgumentException("chmod 0" + Integer.toOctalString(mode) + " has bits outside 07777");
            }
        }

        @Override
        public int apply(int permissions, boolean directory) {
            return mode;
        }

        @Override
        public int createdDirectoryMode() {
            return mode & 0777; // os.Chmod(path, os.FileMode(perm)) keeps only the permission bits
        }
    }

    /** A symbolic {@code --chmod} such as {@code u+x,go-w}. */
    record Symbolic(SymbolicMode mode) implements ModeChange {
        public Symbolic {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public int apply(int permissions, boolean directory) {
            return mode.apply(permissions, directory);
        }

        @Override
        public int createdDirectoryMode() {
            return 0755;
        }
    }

    /** No {@code --chmod}: files keep their source mode, created directories are 0755. */
    record Keep() implements ModeChange {
        @Override
        public int apply(int permissions, boolean directory) {
            return permissions;
        }

        @Override
        public int createdDirectoryMode() {
            return 0755;
        }
    }

    /**
     * The change for an expanded {@code --chmod} value, or {@link Keep} for null or empty.
     *
     * @throws IllegalArgumentException with BuildKit's message for a bad value
     */
    static ModeChange parse(String value) {
        if (value == null || value.isEmpty()) {
            return new Keep();
        }
        Chmod chmod = Chmod.parse(value);
        if (chmod.octal().isPresent()) {
            return new Octal(chmod.octal().getAsInt());
        }
        return new Symbolic(SymbolicMode.parse(value));
    }
}
