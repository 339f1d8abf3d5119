package dev.kiln.engine.image.layout;

import dev.kiln.engine.image.VerifyingInputStream;
import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers see either the old state or the complete new file, never a part: the
 * content goes to a temp file in the target's directory (same filesystem, so the rename is atomic), is
 * flushed to disk, then renamed over the target. On any failure the temp file is deleted.
 *
 * <p>Stateless and thread-safe; temp names are unique, so concurrent writers of the same target do not
 * collide (the last rename wins, which is harmless for content-addressed blobs).
 */
public final class AtomicFiles {

    /** Prefix of temp files; readers of the layout never look at names starting with a dot. */
    static final String TEMP_PREFIX = ".kiln-";

    /**
     * Blobs, {@code index.json} and {@code oci-layout} are world-readable (before umask), as skopeo writes
     * them: layouts are often served or shared. {@code createTempFile} alone would give 0600.
     */
    private static final FileAttribute<Set<PosixFilePermission>> READABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private AtomicFiles() {
    }

    /** A new empty temp file next to {@code target}. */
    static Path tempFileFor(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp", READABLE);
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = tempFileFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                out.write(bytes);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Copies {@code content} to {@code target} atomically, verifying on the way that it has {@code digest}
     * and {@code size} (or any size when {@code size} is negative). A mismatch leaves no file behind.
     *
     * @param action names action and object for the verification message
     */
    static void copyVerified(InputStream content, Path target, Digest digest, long size, String action)
            throws IOException {
        Path tmp;
        try {
            tmp = tempFileFor(target);
        } catch (IOException | RuntimeException e) {
            content.close();
            throw e;
        }
        try {
            try (InputStream in = new VerifyingInputStream(content, digest,
                    size < 0 ? VerifyingInputStream.UNKNOWN_SIZE : size, action);
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                in.transferTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
