package dev.kiln.engine.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@code RUN --mount} resolved to what the host provides: the build decides which directory backs a cache
 * or which file holds a secret; isolation only mounts it.
 *
 * <p>Every kind is an immutable record. Targets are absolute container paths; they are resolved inside the
 * rootfs (links followed within it), and a missing target is created for the run as a stub that is removed
 * afterwards if still empty, so mount points never reach a layer (as BuildKit's mount stubs cleaner).
 */
public sealed interface MountSpec permits MountSpec.Bind, MountSpec.Cache, MountSpec.Tmpfs, MountSpec.Secret {

    /** The absolute container path it is mounted on. */
    String target();

    /**
     * {@code type=bind}: a host file or directory (context, another stage's rootfs, an image).
     *
     * @param source   the host path
     * @param target   the container path
     * @param readOnly true unless {@code rw}
     */
    record Bind(Path source, String target, boolean readOnly) implements MountSpec {
        public Bind {
            Objects.requireNonNull(source, "source");
            RunSpec.checkContainerPath("bind mount target", target);
        }
    }

    /**
     * {@code type=cache}: a persistent host directory, mounted read-write. Sharing, locking, seeding and
     * ownership of the directory are the caller's: it hands over the directory to use.
     *
     * @param directory the host directory
     * @param target    the container path
     */
    record Cache(Path directory, String target) implements MountSpec {
        public Cache {
            Objects.requireNonNull(directory, "directory");
            RunSpec.checkContainerPath("cache mount target", target);
        }
    }

    /**
     * {@code type=tmpfs}: an empty in-memory file system for the run.
     *
     * @param target    the container path
     * @param sizeBytes the size limit in bytes, 0 for the kernel's default (half the memory)
     */
    record Tmpfs(String target, long sizeBytes) implements MountSpec {
        public Tmpfs {
            RunSpec.checkContainerPath("tmpfs mount target", target);
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("tmpfs mount " + target + ": negative size " + sizeBytes);
            }
        }
    }

    /**
     * {@code type=secret}: a file only the run sees, read-only, in memory where the isolation allows it,
     * and removed afterwards; its content never appears in a message, a log or a layer.
     *
     * @param source where the content comes from
     * @param target the container path, e.g. {@code /run/secrets/npmrc}
     * @param mode   the file's permission bits ({@link #DEFAULT_MODE} unless {@code mode=} was given)
     * @param uid    the file's owner
     * @param gid    the file's group
     */
    record Secret(SecretSource source, String target, int mode, int uid, int gid) implements MountSpec {

        /** BuildKit's default mode for secret files. */
        public static final int DEFAULT_MODE = 0400;

        public Secret {
            Objects.requireNonNull(source, "source");
            RunSpec.checkContainerPath("secret mount target", target);
            if ((mode & ~07777) != 0) {
                throw new IllegalArgumentException("secret mount " + target + ": mode 0" + Integer.toOctalString(mode)
                        + " has bits outside 07777");
            }
            if (uid < 0 || gid < 0) {
                throw new IllegalArgumentException("secret mount " + target + ": negative owner " + uid + ":" + gid);
            }
        }

        /** A secret owned by root with mode 0400, BuildKit's defaults. */
        public static Secret of(SecretSource source, String target) {
            return new Secret(source, target, DEFAULT_MODE, 0, 0);
        }
    }

    /** Where a secret's content comes from. Implementations are immutable. */
    sealed interface SecretSource permits FromFile, FromBytes {
    }

    /**
     * A secret stored in a host file (e.g. {@code --secret id=x,src=/path}).
     *
     * @param file the host file
     */
    record FromFile(Path file) implements SecretSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A secret held in memory (e.g. from an environment variable). The array is copied in and out;
     * {@link #toString} never shows the content.
     */
    final class FromBytes implements SecretSource {
        private final byte[] content;

        public FromBytes(byte[] content) {
            this.content = content.clone();
        }

        /** A copy of the content. */
        public byte[] content() {
            return content.clone();
        }

        /** Length in bytes. */
        public int length() {
            return content.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FromBytes other && Arrays.equals(content, other.content);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "FromBytes[" + content.length + " bytes, redacted]";
        }
    }
}
