package dev.kiln.engine.image.layout;

import dev.kiln.engine.image.BlobSource;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.ImageException;
import dev.kiln.engine.image.ImageIndex;
import dev.kiln.engine.image.ImageNotFoundException;
import dev.kiln.engine.image.InvalidImageException;
import dev.kiln.engine.image.Partial;
import dev.kiln.engine.oci.Descriptor;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.IndexManifest;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image layout directory (https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
 * {@code oci-layout}, {@code index.json} and {@code blobs/<alg>/<hex>}. A source of images and indexes
 * (by the tag in the {@code org.opencontainers.image.ref.name} annotation, as skopeo's and umoci's
 * {@code oci:DIR:TAG} references use it) and a sink for them.
 *
 * <p>Thread-safe. Reads never see partial writes: every blob and {@code index.json} is written to a temp
 * file in the same directory, flushed and renamed (see {@link AtomicFiles}), and a manifest is written only
 * after everything it references. Blobs are verified against their digest while written, so a corrupt
 * source never lands in the layout, and blobs already present are skipped. Updates of {@code index.json}
 * (read, change, rename) are serialised per directory within this JVM and, through an {@code fcntl} lock on
 * the {@code oci-layout} file ({@link IndexLocks}), with other Kiln processes (skopeo and umoci do not take it).
 *
 * <p>Images are written with the media types they have. Note that containers/image (skopeo 1.9, buildah,
 * podman) ignores {@code index.json} entries whose media type is not OCI, so convert Docker-format images
 * to OCI ({@code Mutate.mediaTypes}) before writing them for those tools; this class reads both.
 *
 * <p>All methods block (file I/O): call them on worker or virtual threads.
 */
public final class OciLayout implements BlobSource {

    /** The annotation that holds a tag in {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** The layout version this class reads and writes. */
    public static final String LAYOUT_VERSION = "1.0.0";

    private static final long MAX_INDEX_JSON = 64L * 1024 * 1024;

    private final Path root;

    private OciLayout(Path root) {
        this.root = root;
    }

    /**
     * Opens an existing layout, checking its {@code oci-layout} version.
     *
     * @throws ImageNotFoundException when the directory or its {@code oci-layout} file is missing
     * @throws InvalidImageException  when the version is not {@value #LAYOUT_VERSION} or the file is malformed
     */
    public static OciLayout open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        OciLayout layout = new OciLayout(root);
        layout.checkVersion();
        return layout;
    }

    /**
     * Opens the layout at {@code dir}, creating the directory, {@code oci-layout}, an empty
     * {@code index.json} and {@code blobs/} when absent.
     */
    public static OciLayout create(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        OciLayout layout = new OciLayout(root);
        try {
            Files.createDirectories(root.resolve("blobs"));
            if (!Files.exists(root.resolve("oci-layout"))) {
                byte[] marker = new JsonObject().put("imageLayoutVersion", LAYOUT_VERSION).encode()
                        .getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(root.resolve("oci-layout"), marker);
            }
            IndexLocks.update(root, () -> {
                if (!Files.exists(root.resolve("index.json"))) {
                    AtomicFiles.write(root.resolve("index.json"),
                            IndexManifest.of(MediaType.OCI_INDEX, List.of()).toBytes());
                }
            });
        } catch (IOException e) {
            throw new ImageException("create OCI layout " + root, e);
        }
        layout.checkVersion();
        return layout;
    }

    /** The layout directory (absolute). */
    public Path root() {
        return root;
    }

    /** The path a blob has (or would have) in this layout. */
    public Path blobPath(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.encoded());
    }

    /** Whether the layout holds the blob {@code digest}. */
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    /**
     * Whether the layout holds the blob {@code digest} whole: a regular file of {@code size} bytes. Its content
     * was verified when written (blobs are written only through verifying copies).
     */
    public boolean hasBlob(Digest digest, long size) throws IOException {
        Path blob = blobPath(digest);
        return Files.isRegularFile(blob) && Files.size(blob) == size;
    }

    @Override
    public InputStream open(Descriptor descriptor) throws IOException {
        try {
            return Files.newInputStream(blobPath(descriptor.digest()));
        } catch (NoSuchFileException e) {
            throw new ImageNotFoundException("read blob " + descriptor.digest() + " from " + describe() + ": missing");
        }
    }

    @Override
    public String describe() {
        return "OCI layout " + root;
    }

    /** The top-level index, {@code index.json}: every tagged (and untagged) image and index in the layout. */
    public ImageIndex index() {
        return Partial.index(this, readIndexJson());
    }

    /** The tags in {@code index.json}, in file order. */
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        for (Descriptor d : index().indexManifest().manifests()) {
            String tag = d.annotations().get(REF_NAME);
            if (tag != null) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /**
     * The {@code index.json} entry tagged {@code tag}.
     *
     * @throws ImageNotFoundException listing the tags present when there is none
     * @throws InvalidImageException  when several entries carry the tag (skopeo refuses those too)
     */
    public Descriptor descriptor(String tag) {
        return find(tag).orElseThrow(() -> {
            List<String> tags = tags();
            return new ImageNotFoundException("find tag \"" + tag + "\" in " + describe() + ": not found; tags: "
                    + (tags.isEmpty() ? "none" : String.join(", ", tags)));
        });
    }

    /**
     * The {@code index.json} entry tagged {@code tag}, or empty when there is none.
     *
     * @throws InvalidImageException when several entries carry the tag
     */
    public Optional<Descriptor> find(String tag) {
        Objects.requireNonNull(tag, "tag");
        List<Descriptor> found = new ArrayList<>();
        for (Descriptor d : index().indexManifest().manifests()) {
            if (tag.equals(d.annotations().get(REF_NAME))) {
                found.add(d);
            }
        }
        if (found.size() > 1) {
            throw new InvalidImageException("find tag \"" + tag + "\" in " + describe() + ": " + found.size()
                    + " entries carry it");
        }
        return found.stream().findFirst();
    }

    /**
     * The image tagged {@code tag}.
     *
     * @throws InvalidImageException when the tag names an index (use {@link #image(String, Platform)})
     */
    public Image image(String tag) {
        Descriptor d = descriptor(tag);
        if (d.mediaType().isIndex()) {
            throw new InvalidImageException("read image tagged \"" + tag + "\" from " + describe()
                    + ": it is an index (" + d.mediaType() + "); choose a platform");
        }
        return Partial.image(this, d);
    }

    /**
     * The image for {@code platform} under {@code tag}: picked from the index the tag names, or the tagged
     * image itself if its config's platform satisfies {@code platform}.
     *
     * @throws ImageNotFoundException when neither has that platform (listing what is available)
     */
    public Image image(String tag, Platform platform) {
        Descriptor d = descriptor(tag);
        if (d.mediaType().isIndex()) {
            return Partial.index(this, d).imageFor(platform);
        }
        Image image = Partial.image(this, d);
        Platform own = image.config().platform();
        if (!own.satisfies(platform)) {
            throw new ImageNotFoundException("pick platform " + platform + " for tag \"" + tag + "\" in "
                    + describe() + ": no match; available: " + own);
        }
        return image;
    }

    /**
     * The index tagged {@code tag}.
     *
     * @throws InvalidImageException when the tag names an image
     */
    public ImageIndex imageIndex(String tag) {
        Descriptor d = descriptor(tag);
        if (!d.mediaType().isIndex()) {
            throw new InvalidImageException("read index tagged \"" + tag + "\" from " + describe()
                    + ": it is not an index (" + d.mediaType() + ")");
        }
        return Partial.index(this, d);
    }

    /**
     * Writes an image's blobs (layers, then config, then manifest), skipping those present. Does not tag.
     *
     * @return the descriptor of the image's manifest, for {@link #tag} or an index
     */
    public Descriptor writeImage(Image image) {
        LayoutWriter.writeImage(this, image);
        return image.descriptor();
    }

    /** Writes an image and tags it (replacing any entry with the same tag). */
    public Descriptor writeImage(Image image, String tag) {
        checkTag(tag);
        Descriptor d = writeImage(image);
        tag(d, tag);
        return d;
    }

    /**
     * Writes an index's blobs: every image and nested index it lists, then the index itself. Does not tag.
     *
     * @return the descriptor of the index
     */
    public Descriptor writeIndex(ImageIndex index) {
        LayoutWriter.writeIndex(this, index);
        return index.descriptor();
    }

    /** Writes an index and tags it (replacing any entry with the same tag). */
    public Descriptor writeIndex(ImageIndex index, String tag) {
        checkTag(tag);
        Descriptor d = writeIndex(index);
        tag(d, tag);
        return d;
    }

    /**
     * Points {@code tag} at {@code descriptor} in {@code index.json}: replaces the entry carrying the tag in
     * place, or appends one. {@code index.json} is rewritten atomically.
     *
     * @throws ImageNotFoundException   when the layout lacks the blob the descriptor names
     * @throws IllegalArgumentException when {@code tag} breaks the spec's {@code ref.name} grammar
     */
    public void tag(Descriptor descriptor, String tag) {
        checkTag(tag);
        if (!hasBlob(descriptor.digest())) {
            throw new ImageNotFoundException("tag " + descriptor.digest() + " as \"" + tag + "\" in " + describe()
                    + ": blob missing; write it first");
        }
        Descriptor entry = descriptor.withAnnotation(REF_NAME, tag);
        try {
            IndexLocks.update(root, () -> writeTag(entry, tag));
        } catch (IOException e) {
            throw new ImageException("write index.json of " + describe(), e);
        }
    }

    /** Replaces or adds the entry for {@code tag}; under the index locks. */
    private void writeTag(Descriptor entry, String tag) throws IOException {
        IndexManifest current = parseIndexJson(readIndexJson());
        List<Descriptor> manifests = new ArrayList<>();
        boolean replaced = false;
        for (Descriptor d : current.manifests()) {
            if (tag.equals(d.annotations().get(REF_NAME))) {
                if (!replaced) {
                    manifests.add(entry);
                    replaced = true;
                }
            } else {
                manifests.add(d);
            }
        }
        if (!replaced) {
            manifests.add(entry);
        }
        AtomicFiles.write(root.resolve("index.json"), current.withManifests(manifests).toBytes());
    }

    /**
     * Checks {@code tag} against the grammar the image-layout spec gives for {@code ref.name}: components of
     * letters and digits joined by {@code - . _ : @ +} or {@code --}, separated by {@code /}.
     */
    static void checkTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (!RefNames.isValid(tag)) {
            throw new IllegalArgumentException("invalid OCI layout tag \"" + tag
                    + "\": expected letters and digits joined by - . _ : @ + or --, in /-separated components");
        }
    }

    private void checkVersion() {
        Path marker = root.resolve("oci-layout");
        String action = "open " + describe();
        String text;
        try {
            text = Files.readString(marker, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImageNotFoundException(action + ": missing oci-layout file");
        } catch (IOException e) {
            throw new ImageException(action, e);
        }
        Object version;
        try {
            version = new JsonObject(text).getValue("imageLayoutVersion");
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidImageException(action + ": oci-layout is not a JSON object");
        }
        if (!LAYOUT_VERSION.equals(version)) {
            throw new InvalidImageException(action + ": unsupported imageLayoutVersion "
                    + (version == null ? "(missing)" : "\"" + version + "\"") + ", expected \"" + LAYOUT_VERSION + "\"");
        }
    }

    private byte[] readIndexJson() {
        Path file = root.resolve("index.json");
        String action = "read index.json of " + describe();
        try {
            if (Files.size(file) > MAX_INDEX_JSON) {
                throw new InvalidImageException(action + ": larger than " + MAX_INDEX_JSON + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageNotFoundException(action + ": missing");
        } catch (IOException e) {
            throw new ImageException(action, e);
        }
    }

    private IndexManifest parseIndexJson(byte[] bytes) {
        try {
            return IndexManifest.parse(bytes);
        } catch (MalformedContentException e) {
            throw new InvalidImageException("parse index.json of " + describe(), e);
        }
    }
}
