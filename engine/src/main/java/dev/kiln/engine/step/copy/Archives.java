package dev.kiln.engine.step.copy;

import dev.kiln.engine.fs.FileType;
import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.layer.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Recognises the local archives {@code ADD} unpacks, by content only, as BuildKit's {@code isArchivePath}
 * does: a regular file whose bytes, after an optional bzip2, gzip, xz or zstd layer (detected by magic
 * number, moby's {@code compression.DetectCompression}), start with a valid tar header. An empty file or
 * one that merely ends in {@code .tar.gz} is not an archive and is copied as it is.
 *
 * <p>Stateless.
 */
final class Archives {

    private static final int BUFFER = 64 * 1024;

    private Archives() {
    }

    /** The compression layers BuildKit recognises. */
    enum Format { NONE, BZIP2, GZIP, XZ, ZSTD }

    static Format detect(byte[] head, int n) {
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return Format.BZIP2;
        }
        if (n >= 3 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b && head[2] == 8) {
            return Format.GZIP;
        }
        if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z'
                && head[5] == 0) {
            return Format.XZ;
        }
        if (n >= 4 && Compression.ZSTD.matches(head, n)) {
            return Format.ZSTD;
        }
        return Format.NONE;
    }

    /** The decompressed bytes of {@code raw} (buffered); closing the result closes {@code raw}. */
    static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        InputStream out = switch (detect(head, head.length)) {
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case XZ -> new XZCompressorInputStream(in, true);
            case ZSTD -> Compression.ZSTD.decompress(in);
            case NONE -> in;
        };
        return out == in ? in : new BufferedInputStream(out, BUFFER);
    }

    /** Whether the file at {@code host} is an archive {@code ADD} unpacks. Never throws for unreadable content. */
    static boolean isArchive(Path host, TarLimits limits) {
        try {
            if (Posix.statx(host).type() != FileType.REGULAR) {
                return false;
            }
            try (InputStream in = decompress(Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS))) {
                return new TarReader(in, limits).next() != null;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
