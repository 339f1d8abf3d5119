package dev.kiln.engine.layer;

import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.tar.TarEntry;
import dev.kiln.engine.layer.tar.TarType;
import dev.kiln.engine.layer.tar.TarWriter;
import dev.kiln.engine.oci.Digest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds test layers entry by entry with {@link TarWriter}, which writes any name it is given (also hostile ones). */
public final class LayerBuilder {

    public static final Instant T = Instant.ofEpochSecond(1_600_000_000L, 123_456_789);

    private record Item(TarEntry entry, byte[] content) {}

    private final List<Item> items = new ArrayList<>();

    public LayerBuilder entry(TarEntry e, byte[] content) {
        items.add(new Item(e, content));
        return this;
    }

    public LayerBuilder dir(String name) {
        return entry(TarEntry.of(name, TarType.DIRECTORY).withMtime(T), null);
    }

    public LayerBuilder dir(String name, int mode, int uid, int gid, Instant mtime) {
        return entry(TarEntry.of(name, TarType.DIRECTORY).withMode(mode).withOwner(uid, gid).withMtime(mtime), null);
    }

    public LayerBuilder file(String name, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return entry(TarEntry.of(name, TarType.REGULAR).withSize(b.length).withMtime(T), b);
    }

    public LayerBuilder file(String name, String content, int mode, int uid, int gid, Map<String, byte[]> xattrs) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return entry(TarEntry.of(name, TarType.REGULAR).withSize(b.length).withMode(mode).withOwner(uid, gid)
                .withXattrs(xattrs).withMtime(T), b);
    }

    public LayerBuilder symlink(String name, String target) {
        return entry(TarEntry.of(name, TarType.SYMLINK).withLinkName(target).withMode(0777).withMtime(T), null);
    }

    public LayerBuilder hardlink(String name, String target) {
        return entry(TarEntry.of(name, TarType.HARDLINK).withLinkName(target).withMtime(T), null);
    }

    public LayerBuilder whiteout(String name) {
        return entry(TarEntry.of(name, TarType.REGULAR), null);
    }

    /** The plain tar. */
    public byte[] tar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            TarWriter w = new TarWriter(bytes);
            for (Item i : items) {
                w.write(i.entry(), i.content() == null ? null : new ByteArrayInputStream(i.content()));
            }
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public byte[] gzip() {
        return compress(Compression.GZIP);
    }

    public byte[] compress(Compression c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.compress(bytes, Compression.DEFAULT_LEVEL)) {
            out.write(tar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Digest digest(byte[] blob) {
        return Digest.sha256(blob);
    }
}
