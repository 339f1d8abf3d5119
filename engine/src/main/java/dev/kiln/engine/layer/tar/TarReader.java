package dev.kiln.engine.layer.tar;

import static dev.kiln.engine.layer.tar.TarException.Kind.MALFORMED;
import static dev.kiln.engine.layer.tar.TarException.Kind.TOO_LARGE;
import static dev.kiln.engine.layer.tar.TarException.Kind.TRUNCATED;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a tar stream entry by entry: ustar, PAX (local headers; global headers are skipped, as Docker and
 * containerd do), GNU long names and links, GNU base-256 numbers, star prefixes.
 *
 * <p>Why our own reader: a layer is hostile input, and the reader must bound what it holds in memory
 * (extension headers are capped by {@link TarLimits}, content is streamed), tell a clean end from a
 * truncated stream (a partial header or missing content is an error naming the entry; a stream that ends
 * exactly on a header boundary without the two zero blocks is accepted, as Go's archive/tar does), and
 * refuse what it does not apply (sparse files, unknown types, names that are not UTF-8) instead of
 * passing it on in a degraded form. Entry types that carry no data in Go's reader (links, directories,
 * devices, FIFOs) are read the same way here, so both agree where the next header starts.
 *
 * <p>Not thread-safe: one consumer calls {@link #next()} and reads {@link #content()} in turn. The source
 * should be buffered; this class reads 512-byte blocks.
 */
public final class TarReader {

    private final InputStream in;
    private final TarLimits limits;
    private final byte[] block = new byte[Blocks.SIZE];
    private final EntryStream content = new EntryStream();

    private String current;
    private long remaining;
    private int padding;
    private boolean done;

    public TarReader(InputStream in, TarLimits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * The next entry, or null at the end of the archive. Skips whatever content of the previous entry was
     * not read.
     *
     * @throws TarException if the stream is truncated, malformed, over the limits or unsupported
     * @throws IOException  if reading fails
     */
    public TarEntry next() throws IOException {
        if (done) {
            return null;
        }
        skip(remaining + padding, current);
        remaining = 0;
        padding = 0;
        Map<String, byte[]> pax = null;
        byte[] longName = null;
        byte[] longLink = null;
        long extensionBytes = 0;
        String extensionName = null;
        while (true) {
            int n = in.readNBytes(block, 0, Blocks.SIZE);
            if (n == 0 && extensionName == null) {
                done = true;
                return null;
            }
            if (n < Blocks.SIZE) {
                String after = extensionName != null ? extensionName : current;
                throw new TarException(TRUNCATED, after, "archive ends inside a header ("
                        + n + " of 512 bytes)" + (extensionName != null ? "" : after == null ? "" : " after this entry"));
            }
            if (Blocks.isZero(block)) {
                if (extensionName != null) {
                    throw new TarException(MALFORMED, extensionName, "extension header is followed by the end of the archive");
                }
                endOfArchive();
                return null;
            }
            Header h = Header.parse(block, extensionName != null ? extensionName : current);
            switch (h.flag()) {
                case 'x', 'L', 'K' -> {
                    extensionName = h.rawName();
                    // compared before adding: a base-256 size near 2^63 must not overflow the running total
                    if (h.size() > limits.maxHeaderBytes() - extensionBytes) {
                        long total = h.size() > Long.MAX_VALUE - extensionBytes ? Long.MAX_VALUE : extensionBytes + h.size();
                        throw new TarException(TOO_LARGE, extensionName, "extension headers of " + total
                                + " bytes exceed the limit of " + limits.maxHeaderBytes() + " bytes");
                    }
                    extensionBytes += h.size();
                    byte[] data = readData(h.size(), extensionName);
                    switch (h.flag()) {
                        case 'x' -> {
                            pax = pax == null ? Pax.records() : pax;
                            try {
                                Pax.parse(data, pax);
                            } catch (IllegalArgumentException e) {
                                throw new TarException(MALFORMED, extensionName, e.getMessage());
                            }
                        }
                        case 'L' -> longName = Header.cString(data);
                        default -> longLink = Header.cString(data);
                    }
                }
                case 'g', 'V' -> {
                    // PAX global header (ignored by Docker and containerd too) or GNU volume label
                    if (h.size() > limits.maxHeaderBytes()) {
                        throw new TarException(TOO_LARGE, h.rawName(), "global header of " + h.size()
                                + " bytes exceeds the limit of " + limits.maxHeaderBytes() + " bytes");
                    }
                    skip(h.size() + Blocks.padding(h.size()), h.rawName());
                }
                default -> {
                    TarEntry e = h.toEntry(pax, longName, longLink, limits);
                    current = e.name();
                    remaining = e.size();
                    padding = e.type().hasContent() ? Blocks.padding(e.size()) : 0;
                    return e;
                }
            }
        }
    }

    /**
     * The content of the entry last returned by {@link #next()} (empty for non-regular entries). It ends
     * after exactly {@code size} bytes and fails with a {@link TarException} if the archive ends first.
     * Closing it does nothing.
     */
    public InputStream content() {
        return content;
    }

    /** After a first zero block: a second one (or the end of the stream) ends the archive; anything else is corrupt. */
    private void endOfArchive() throws IOException {
        done = true;
        int n = in.readNBytes(block, 0, Blocks.SIZE);
        for (int i = 0; i < n; i++) {
            if (block[i] != 0) {
                throw new TarException(MALFORMED, current, "data after a zero block: expected the end of the archive");
            }
        }
    }

    private byte[] readData(long size, String name) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new TarException(TRUNCATED, name, "archive ends after " + data.length + " of " + size
                    + " bytes of header data");
        }
        skip(Blocks.padding(size), name);
        return data;
    }

    private void skip(long n, String name) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new TarException(TRUNCATED, name, "archive ends " + left + " bytes before the end of this entry");
                }
                s = 1;
            }
            left -= s;
        }
    }

    /** The content of the current entry, bounded by its size. */
    private final class EntryStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new TarException(TRUNCATED, current, "archive ends " + remaining + " bytes before the end of this entry's content");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() {
            // the archive stays open
        }
    }
}
