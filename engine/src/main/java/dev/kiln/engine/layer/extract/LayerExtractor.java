package dev.kiln.engine.layer.extract;

import static dev.kiln.engine.layer.ExtractException.Reason.DIGEST_MISMATCH;
import static dev.kiln.engine.layer.ExtractException.Reason.MALFORMED;
import static dev.kiln.engine.layer.ExtractException.Reason.READ;
import static dev.kiln.engine.layer.ExtractException.Reason.TOO_LARGE;
import static dev.kiln.engine.layer.ExtractException.Reason.TRUNCATED;
import static dev.kiln.engine.layer.ExtractException.Reason.UNSUPPORTED;

import dev.kiln.engine.fs.Rootfs;
import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.ExtractResult;
import dev.kiln.engine.layer.HashingInputStream;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarException;
import dev.kiln.engine.layer.tar.TarReader;
import dev.kiln.engine.oci.Digest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * Applies a layer blob (gzip, zstd or plain tar, detected from its magic bytes) to a rootfs directory, as
 * https://github.com/opencontainers/image-spec/blob/main/layer.md describes, in one streaming pass: the
 * blob is read once, through the decompressor, the tar reader and into files; nothing is held in memory
 * beyond a buffer and the extension headers (capped by {@link dev.kiln.engine.layer.tar.TarLimits}).
 *
 * <p>The source is any {@link InputStream}, so a download can feed it through a pipe while the previous
 * layer is still being applied. It is read to its end (so digests cover every byte) but not closed:
 * the caller owns it.
 *
 * <p>Immutable and thread-safe: each {@link #extract} call keeps its state on its own; several layers may
 * be extracted concurrently into different rootfs directories (never into the same one: layers must be
 * applied in order).
 */
public final class LayerExtractor {

    private final ExtractOptions options;

    public LayerExtractor(ExtractOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** An extractor with {@link ExtractOptions#DEFAULT}. */
    public LayerExtractor() {
        this(ExtractOptions.DEFAULT);
    }

    /** As {@link #extract(String, InputStream, Path)}, naming the layer by its digest. */
    public ExtractResult extract(Digest layer, InputStream blob, Path rootfs) throws ExtractException {
        return extract(layer.toString(), blob, rootfs);
    }

    /**
     * Applies {@code blob} to the directory {@code rootfs}.
     *
     * @param layer  how errors and the result name the layer, usually its digest
     * @param blob   the layer blob; read to its end, not closed
     * @param rootfs an existing directory, the result of the lower layers
     * @return counts, sizes, and the digests if requested
     * @throws ExtractException naming the layer and the entry; the rootfs then holds part of the layer
     *                          and should be discarded, but nothing outside it has been touched
     */
    public ExtractResult extract(String layer, InputStream blob, Path rootfs) throws ExtractException {
        Context ctx = new Context(layer);
        Rootfs root;
        try {
            root = new Rootfs(rootfs);
        } catch (IOException e) {
            throw ctx.fail(ExtractException.Reason.FILESYSTEM, "rootfs " + rootfs + " is not a directory: " + e, e);
        }
        HashingInputStream raw = new HashingInputStream(blob, options.hashBlob());
        Compression compression = Compression.NONE;
        TarReader reader = null;
        try {
            Compression.Detected detected = Compression.open(raw);
            compression = detected.compression();
            HashingInputStream tar = new HashingInputStream(detected.stream(), options.hashTar());
            reader = new TarReader(tar, options.limits());
            Applier applier = new Applier(ctx, new Tree(root, ctx, options.preserveOwnership(), options.keep()), options.preserveOwnership());
            TarEntry e;
            while ((e = reader.next()) != null) {
                applier.apply(e, reader.content());
            }
            ctx.entry = null;
            if (options.hashTar()) {
                tar.drain(); // padding after the end-of-archive blocks belongs to the diff ID
            }
            raw.drain(); // the blob is read to its end: for its digest, and so that a pipe's writer never blocks
            applier.finish();
            ExtractResult result = new ExtractResult(layer, compression.kind(), applier.counts(), applier.contentBytes(),
                    tar.count(), raw.count(), raw.digest(), tar.digest(), ctx.warnings());
            verify(ctx, "digest", options.expectedDigest(), result.digest());
            verify(ctx, "diff ID", options.expectedDiffId(), result.diffId());
            return result;
        } catch (ExtractException e) {
            throw e;
        } catch (TarException e) {
            ctx.entry = e.entry();
            throw ctx.fail(switch (e.kind()) {
                case TRUNCATED -> TRUNCATED;
                case MALFORMED -> MALFORMED;
                case TOO_LARGE -> TOO_LARGE;
                case UNSUPPORTED -> UNSUPPORTED;
            }, e.getMessage(), e);
        } catch (EOFException e) {
            throw ctx.fail(TRUNCATED, compression.name() + " stream ends early: " + e.getMessage(), e);
        } catch (com.github.luben.zstd.ZstdIOException e) {
            // zstd-jni reports an early end as "Truncated source" with the corruption error code
            boolean truncated = e.getMessage() != null && e.getMessage().startsWith("Truncated");
            throw ctx.fail(truncated ? TRUNCATED : MALFORMED, (truncated ? "zstd stream ends early: " : "corrupt zstd stream: ")
                    + e.getMessage(), e);
        } catch (ZipException e) {
            throw ctx.fail(MALFORMED, "corrupt " + compression.name() + " stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw ctx.fail(READ, "read " + (compression == Compression.NONE ? "" : compression.name() + " ")
                    + "stream: " + Applier.describe(e), e);
        }
    }

    private static void verify(Context ctx, String what, Digest expected, Digest actual) throws ExtractException {
        if (expected != null && !expected.equals(actual)) {
            throw ctx.fail(DIGEST_MISMATCH, what + " is " + actual + ", expected " + expected);
        }
    }
}
