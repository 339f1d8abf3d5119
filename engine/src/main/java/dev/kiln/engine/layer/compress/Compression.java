package dev.kiln.engine.layer.compress;

import dev.kiln.engine.oci.MediaType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * A layer compression format: how to compress a tar stream into a blob and how to read one back.
 *
 * <p>Implementations are stateless singletons ({@link #GZIP}, {@link #ZSTD}, {@link #NONE}), so immutable
 * and thread-safe; the streams they return are not thread-safe and belong to one caller. It exists so the
 * layer writer and extractor choose a format by value ({@code --compression gzip|zstd}) instead of
 * branching on media types, and so that reading trusts the bytes: {@link #open} detects the format from
 * its magic number, whatever the descriptor's media type claims (registries and tools do mislabel layers).
 *
 * <p>Levels: gzip 0..9, zstd 1..22; {@link #DEFAULT_LEVEL} (-1, kaniko's default for
 * {@code --compression-level}) picks the format's default. Compression output depends only on the input
 * and the level, never on the number of threads, so layer digests are reproducible on any machine.
 */
public sealed interface Compression permits Gzip, Zstd, Uncompressed {

    /** gzip (RFC 1952), written block-parallel, read with {@link java.util.zip.GZIPInputStream}. */
    Gzip GZIP = new Gzip();
    /** Zstandard (RFC 8878) through zstd-jni. */
    Zstd ZSTD = new Zstd();
    /** A plain tar stream. */
    Uncompressed NONE = new Uncompressed();

    /** The level meaning "the format's default". */
    int DEFAULT_LEVEL = -1;

    /** Size of the read buffer put on top of every decompressed stream: tar headers are read 512 bytes at a time. */
    int READ_BUFFER = 64 * 1024;

    /** The kind, as media types name it. */
    MediaType.Compression kind();

    /** The name used on the command line and in messages: {@code gzip}, {@code zstd}, {@code none}. */
    String name();

    /** The level {@link #DEFAULT_LEVEL} stands for. */
    int defaultLevel();

    /**
     * Checks a level and maps {@link #DEFAULT_LEVEL} to {@link #defaultLevel()}.
     *
     * @throws IllegalArgumentException naming the format and its valid range
     */
    int effectiveLevel(int level);

    /** A stream that compresses into {@code out} on the calling thread; closing it closes {@code out}. */
    OutputStream compress(OutputStream out, int level) throws IOException;

    /**
     * As {@link #compress(OutputStream, int)} but using up to {@code threads} threads; the bytes written are
     * the same as with one thread. Formats without a parallel mode ignore {@code threads}.
     */
    OutputStream compress(OutputStream out, int level, int threads) throws IOException;

    /** A stream of the decompressed bytes of {@code in}, which must be in this format; closing it closes {@code in}. */
    InputStream decompress(InputStream in) throws IOException;

    /** Whether {@code head} (the first bytes of a blob, possibly fewer than 4) starts with this format's magic. */
    boolean matches(byte[] head, int length);

    /** The compression of a layer media type (by suffix). */
    static Compression of(MediaType.Compression kind) {
        return switch (kind) {
            case GZIP -> GZIP;
            case ZSTD -> ZSTD;
            case NONE -> NONE;
        };
    }

    /**
     * The compression named {@code name} ({@code gzip}, {@code zstd}, {@code none} or {@code uncompressed},
     * any case), as given to {@code --compression}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    static Compression parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            case "none", "uncompressed" -> NONE;
            default -> throw new IllegalArgumentException("compression '" + name + "': expected gzip, zstd or none");
        };
    }

    /**
     * Detects the format of {@code blob} from its first bytes (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd};
     * anything else is taken as uncompressed) and returns the decompressed stream, buffered. Nothing is
     * read beyond what the decompressor needs: the blob is streamed, never held in memory.
     */
    static Detected open(InputStream blob) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(blob, READ_BUFFER);
        buffered.mark(4);
        byte[] head = buffered.readNBytes(4);
        buffered.reset();
        Compression c = detect(head, head.length);
        InputStream raw = c == NONE ? buffered : c.decompress(buffered);
        return new Detected(c, c == NONE ? raw : new BufferedInputStream(raw, READ_BUFFER));
    }

    /** The format whose magic {@code head} starts with; {@link #NONE} if neither gzip nor zstd. */
    static Compression detect(byte[] head, int length) {
        if (GZIP.matches(head, length)) {
            return GZIP;
        }
        if (ZSTD.matches(head, length)) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * A decompressed stream and the format it was found in.
     *
     * @param compression the detected format
     * @param stream      the decompressed bytes; closing it closes the blob stream
     */
    record Detected(Compression compression, InputStream stream) {}
}
