package dev.kiln.engine.image.tarball;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.VerifyingInputStream;
import dev.kiln.engine.oci.Digest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes {@code docker save} tarballs, the format {@code docker load} and skopeo's
 * {@code docker-archive:FILE} read (https://github.com/moby/moby/blob/master/image/spec/v1.2.md, "Combined
 * Image JSON + Filesystem Changeset Format").
 *
 * <p>Layout written, the one every {@code docker load} since 1.10 and containers/image accept:
 * <pre>
 * manifest.json              [{"Config":"&lt;hex&gt;.json","RepoTags":["name:tag"],"Layers":["&lt;hex&gt;/layer.tar",...]}]
 * repositories               {"name":{"tag":"&lt;hex of top layer&gt;"}}  (legacy, informational)
 * &lt;config hex&gt;.json          the raw config bytes, so the image ID is kept
 * &lt;diff ID hex&gt;/layer.tar     each layer uncompressed; named by diff ID, written once if repeated
 * </pre>
 * The legacy per-layer {@code VERSION} and {@code json} files (pre-1.10 loaders) are not written.
 *
 * <p>Stateless and thread-safe. The tarball is written to a temp file next to the target, flushed and
 * renamed, so a failure (e.g. a layer that fails verification) leaves no partial file. Each layer is read
 * twice, once to learn its uncompressed size for the tar header and once to copy it; both passes verify
 * its diff ID. Entries are deterministic (mode 0644/0755, uid 0, time 0), so equal input gives equal bytes.
 * Blocking: call from a worker or virtual thread.
 */
public final class DockerArchive {

    /** One image in the tarball with the tags {@code docker load} gives it (may be empty). */
    public record Entry(Image image, List<String> repoTags) {
        public Entry {
            Objects.requireNonNull(image, "image");
            repoTags = List.copyOf(repoTags);
            repoTags.forEach(DockerArchive::checkTag);
        }
    }

    private static final String NAME_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern TAGGED_NAME = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?/)?"
                    + NAME_COMPONENT + "(?:/" + NAME_COMPONENT + ")*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** The tarball is world-readable (before umask) like any file {@code docker save -o} writes. */
    private static final FileAttribute<Set<PosixFilePermission>> READABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private DockerArchive() {
    }

    /** Writes one image with {@code repoTags} (each {@code name:tag}) to {@code file}. */
    public static void write(Path file, Image image, List<String> repoTags) {
        write(file, List.of(new Entry(image, repoTags)));
    }

    /**
     * Writes {@code entries} to {@code file}, replacing it atomically. Layers and configs shared between
     * entries are stored once. A tag may name one entry only ({@code docker load} would keep the last).
     *
     * @throws ImageException naming the file and the cause (I/O), or the failure of reading an image or
     *         layer with its own type (e.g. {@link dev.kiln.engine.image.DigestMismatchException}); either
     *         way no file (and no temp file) is left behind
     */
    public static void write(Path file, List<Entry> entries) {
        Path target = file.toAbsolutePath().normalize();
        String action = "write docker archive " + target;
        Set<String> tags = new HashSet<>();
        for (Entry e : entries) {
            for (String tag : e.repoTags()) {
                if (!tags.add(tag)) {
                    throw new IllegalArgumentException(action + ": tag \"" + tag + "\" given to more than one image");
                }
            }
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".tmp", READABLE);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                writeEntries(tar, entries, target);
                tar.finish();
                out.flush(); // tar.flush() does not reach through commons-compress's block stream
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new ImageException(action, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what matters; a stray temp file is named as such
                }
            }
        }
    }

    private static void writeEntries(TarArchiveOutputStream tar, List<Entry> entries, Path target)
            throws IOException {
        Set<String> written = new HashSet<>();
        JsonArray manifest = new JsonArray();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Image image = entry.image();
            String configName = image.configDigest().encoded() + ".json";
            if (written.add(configName)) {
                putFile(tar, configName, image.rawConfig());
            }
            JsonArray layerNames = new JsonArray();
            String top = null;
            for (Layer layer : image.layers()) {
                String dir = layer.diffId().encoded();
                String name = dir + "/layer.tar";
                if (written.add(name)) {
                    putDirectory(tar, dir + "/");
                    putLayer(tar, name, layer, target);
                }
                layerNames.add(name);
                top = dir;
            }
            manifest.add(new JsonObject()
                    .put("Config", configName)
                    .put("RepoTags", new JsonArray(List.copyOf(entry.repoTags())))
                    .put("Layers", layerNames));
            if (top != null) {
                for (String tag : entry.repoTags()) {
                    int colon = tag.lastIndexOf(':');
                    repositories.computeIfAbsent(tag.substring(0, colon), k -> new LinkedHashMap<>())
                            .put(tag.substring(colon + 1), top);
                }
            }
        }
        putFile(tar, "manifest.json", manifest.encode().getBytes(StandardCharsets.UTF_8));
        JsonObject repos = new JsonObject();
        repositories.forEach((name, tags) -> repos.put(name, new JsonObject(new LinkedHashMap<>(tags))));
        putFile(tar, "repositories", repos.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static void putLayer(TarArchiveOutputStream tar, String name, Layer layer, Path target)
            throws IOException {
        long size;
        try (InputStream in = layer.openUncompressed()) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        tar.putArchiveEntry(entry(name, size, TarArchiveEntry.DEFAULT_FILE_MODE));
        Digest diffId = layer.diffId();
        try (InputStream in = new VerifyingInputStream(layer.openUncompressed(), diffId, size,
                "copy layer " + layer.digest() + " (diff ID " + diffId + ") into docker archive " + target)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void putFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        tar.putArchiveEntry(entry(name, content.length, TarArchiveEntry.DEFAULT_FILE_MODE));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        normalize(e, TarArchiveEntry.DEFAULT_DIR_MODE);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        normalize(e, mode);
        return e;
    }

    private static void normalize(TarArchiveEntry e, int mode) {
        e.setMode(mode);
        e.setModTime(Instant.EPOCH.toEpochMilli());
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
    }

    /** Checks a repo tag is {@code [domain/]name:tag}, as {@code docker load} requires (no digests). */
    static void checkTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (!TAGGED_NAME.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid docker archive tag \"" + tag
                    + "\": expected [domain/]name:tag with a lower-case name");
        }
    }
}
