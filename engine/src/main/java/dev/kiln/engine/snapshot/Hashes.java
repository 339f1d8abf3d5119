package dev.kiln.engine.snapshot;

import dev.kiln.engine.fs.Errno;
import dev.kiln.engine.fs.PosixException;
import dev.kiln.engine.fs.Xattrs;
import dev.kiln.engine.oci.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.SortedMap;

/**
 * The two digests an index records: of a regular file's content, and of a path's extended attributes.
 *
 * <p>Thread-safe: each thread has its own read buffer. Package-private; the formats are documented on
 * the methods because indexes compare them across scans.
 */
final class Hashes {

    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16));

    private Hashes() {}

    /**
     * SHA-256 of the content of a regular file, opened with {@code O_NOFOLLOW} so that a path swapped for
     * a symlink fails instead of hashing the target.
     */
    static Digest content(Path file) throws IOException {
        MessageDigest md = Digest.Algorithm.SHA256.newMessageDigest();
        ByteBuffer buf = BUFFER.get();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    break;
                }
                buf.flip();
                md.update(buf);
            }
        }
        return Digest.fromBytes(Digest.Algorithm.SHA256, md.digest());
    }

    /**
     * SHA-256 over the path's extended attributes in name order: for each, the UTF-8 name, a NUL byte,
     * the value length as 8 bytes big-endian, and the value. {@code null} when there are none, or when
     * the filesystem does not support xattrs (EOPNOTSUPP).
     */
    static Digest xattrs(Path path) throws PosixException {
        SortedMap<String, byte[]> all;
        try {
            if (Xattrs.list(path).isEmpty()) {
                return null;
            }
            all = Xattrs.getAll(path);
        } catch (PosixException e) {
            if (e.is(Errno.EOPNOTSUPP)) {
                return null;
            }
            throw e;
        }
        return xattrs(all);
    }

    /** The digest of {@link #xattrs(Path)} for given attributes; {@code null} for none. */
    static Digest xattrs(SortedMap<String, byte[]> all) {
        if (all.isEmpty()) {
            return null;
        }
        MessageDigest md = Digest.Algorithm.SHA256.newMessageDigest();
        ByteBuffer len = ByteBuffer.allocate(Long.BYTES);
        for (Map.Entry<String, byte[]> x : all.entrySet()) {
            md.update(x.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            len.clear();
            len.putLong(x.getValue().length);
            md.update(len.array());
            md.update(x.getValue());
        }
        return Digest.fromBytes(Digest.Algorithm.SHA256, md.digest());
    }
}
