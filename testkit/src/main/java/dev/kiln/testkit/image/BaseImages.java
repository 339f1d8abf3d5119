package dev.kiln.testkit.image;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.registry.MediaTypes;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import dev.kiln.testkit.tool.Umoci;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Base images made without internet: busybox images as OCI layouts built once per JVM and pushed on demand to a
 * {@link RegistryServer} in each shape a builder meets: a single OCI manifest, a Docker v2s2 manifest, an OCI
 * index and a Docker manifest list (both with amd64 and arm64).
 *
 * <p>Thread-safe: layouts are built under a class lock, each into its own directory that is never written
 * again, and pushes only read them. It exists because every image test needs a small, real base image and
 * the machine cannot pull one. Each image is {@code umoci init/new/unpack}, a rootfs with the static busybox
 * and its applet links, {@code /etc/passwd} (root, nobody) and {@code /etc/group}, then {@code repack},
 * {@code config} (architecture, os, PATH, {@code Cmd ["sh"]}, WorkingDir {@code /}) and {@code gc}.
 * Needs root (umoci unpack keeps ownership). The layouts live in a temp dir deleted at JVM exit. And a Debian
 * minbase image ({@link #debianLayout()}) for realistic trees, cached per machine since debootstrap takes a minute.
 */
public final class BaseImages {
    /** The tag of the image (or index) in every layout this class returns. */
    public static final String TAG = "latest";

    private static final Map<Arch, Path> LAYOUTS = new EnumMap<>(Arch.class);
    private static Path indexLayout;
    private static TempDir root;

    private BaseImages() {}

    /** The OCI layout holding the busybox image for {@code arch} under {@link #TAG}; built on first use. */
    public static synchronized Path busyboxLayout(Arch arch) {
        Path layout = LAYOUTS.get(arch);
        if (layout == null) {
            layout = buildImage(arch);
            LAYOUTS.put(arch, layout);
        }
        return layout;
    }

    /** The OCI layout whose {@link #TAG} is an OCI image index of the amd64 and arm64 images. */
    public static synchronized Path busyboxIndexLayout() {
        if (indexLayout == null) {
            indexLayout = buildIndex(busyboxLayout(Arch.AMD64), busyboxLayout(Arch.ARM64));
        }
        return indexLayout;
    }

    /**
     * The OCI layout holding a Debian bookworm {@code --variant=minbase} image for the host's architecture under
     * {@link #TAG}: built once per machine with debootstrap from the machine's apt mirror and umoci (60-70 s),
     * then cached under {@code ${KILN_TESTKIT_CACHE:-~/.cache/kiln-testkit}/debian-bookworm-minbase/oci}.
     * Needs root, debootstrap and umoci. The layout is shared by every test of the machine: only read it.
     *
     * @throws dev.kiln.testkit.process.ToolMissingException if debootstrap or umoci is missing
     * @throws dev.kiln.testkit.process.CommandException if debootstrap or umoci fails
     */
    public static Path debianLayout() {
        return DebianImages.minbaseLayout();
    }

    /** Pushes the amd64 image as an OCI manifest to {@code registry} as {@code repositoryAndTag}. */
    public static PushedImage pushBusybox(RegistryServer registry, String repositoryAndTag) {
        return pushBusybox(registry, repositoryAndTag, Arch.AMD64);
    }

    /** Pushes the image for {@code arch} as an OCI manifest. */
    public static PushedImage pushBusybox(RegistryServer registry, String repositoryAndTag, Arch arch) {
        String digest = Skopeo.push(busyboxLayout(arch), TAG, registry, repositoryAndTag);
        return new PushedImage(registry.reference(repositoryAndTag), digest, MediaTypes.OCI_MANIFEST);
    }

    /** Pushes the amd64 image converted to a Docker v2s2 manifest ({@code skopeo copy --format v2s2}). */
    public static PushedImage pushBusyboxDocker(RegistryServer registry, String repositoryAndTag) {
        String digest = Skopeo.push(busyboxLayout(Arch.AMD64), TAG, registry, repositoryAndTag, "--format", "v2s2");
        return new PushedImage(registry.reference(repositoryAndTag), digest, MediaTypes.DOCKER_MANIFEST);
    }

    /** Pushes an OCI image index of the amd64 and arm64 images ({@code skopeo copy --all}). */
    public static PushedImage pushBusyboxIndex(RegistryServer registry, String repositoryAndTag) {
        String digest = Skopeo.push(busyboxIndexLayout(), TAG, registry, repositoryAndTag, "--all");
        return new PushedImage(registry.reference(repositoryAndTag), digest, MediaTypes.OCI_INDEX);
    }

    /** Pushes a Docker manifest list of the amd64 and arm64 images, each converted to v2s2. */
    public static PushedImage pushBusyboxManifestList(RegistryServer registry, String repositoryAndTag) {
        String digest = Skopeo.push(busyboxIndexLayout(), TAG, registry, repositoryAndTag, "--all", "--format", "v2s2");
        return new PushedImage(registry.reference(repositoryAndTag), digest, MediaTypes.DOCKER_MANIFEST_LIST);
    }

    private static Path root() {
        if (root == null) {
            root = TempDir.createUntilExit("kiln-testkit-images-");
        }
        return root.path();
    }

    private static Path buildImage(Arch arch) {
        Path busybox = BusyboxBinaries.binary(arch);
        List<String> applets = BusyboxBinaries.appletPaths();
        Path dir = root().resolve("busybox-" + arch.ociName());
        Path layout = dir.resolve("oci");
        Path bundle = dir.resolve("bundle");
        try {
            Files.createDirectories(dir);
            Umoci.init(layout);
            Umoci.newImage(layout, TAG);
            Umoci.unpack(layout, TAG, bundle);
            populateRootfs(bundle.resolve("rootfs"), busybox, applets);
            Umoci.repack(layout, TAG, bundle);
            Umoci.config(layout, TAG, "--architecture", arch.ociName(), "--os", "linux",
                    "--config.env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--config.cmd", "sh", "--config.workingdir", "/", "--author", "kiln-testkit");
            Umoci.gc(layout);
            TempDir.deleteRecursively(bundle);
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException("build busybox " + arch.ociName() + " image in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void populateRootfs(Path rootfs, Path busybox, List<String> applets) throws IOException {
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "proc", "sys", "dev", "var", "tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        // the sticky bit is not expressible through PosixFilePermissions; chmod it like a real /tmp
        Files.setAttribute(rootfs.resolve("tmp"), "unix:mode", 01777);
        Files.setPosixFilePermissions(rootfs.resolve("root"), PosixFilePermissions.fromString("rwx------"));
        Path target = rootfs.resolve("bin/busybox");
        Files.copy(busybox, target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : applets) {
            Path link = rootfs.resolve(applet);
            if (!link.normalize().startsWith(rootfs) || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of("/bin/busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    }

    private static Path buildIndex(Path amd64, Path arm64) {
        Path layout = root().resolve("busybox-index/oci");
        try {
            Files.createDirectories(layout.resolve("blobs/sha256"));
            Files.copy(amd64.resolve("oci-layout"), layout.resolve("oci-layout"));
            List<Object> manifests = new ArrayList<>();
            for (Map.Entry<Arch, Path> e : Map.of(Arch.AMD64, amd64, Arch.ARM64, arm64).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                copyBlobs(e.getValue(), layout);
                Map<String, Object> desc = taggedDescriptor(e.getValue());
                manifests.add(Json.object("mediaType", desc.get("mediaType"), "digest", desc.get("digest"),
                        "size", desc.get("size"),
                        "platform", Json.object("architecture", e.getKey().ociName(), "os", "linux")));
            }
            String index = Json.write(Json.object("schemaVersion", 2, "mediaType", MediaTypes.OCI_INDEX,
                    "manifests", manifests));
            byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
            String hex = sha256Hex(bytes);
            Files.write(layout.resolve("blobs/sha256/" + hex), bytes);
            // index.json tags the nested index, so `skopeo copy --all oci:DIR:latest` copies every platform
            Files.writeString(layout.resolve("index.json"), Json.write(Json.object("schemaVersion", 2,
                    "manifests", List.of(Json.object("mediaType", MediaTypes.OCI_INDEX, "digest", "sha256:" + hex,
                            "size", bytes.length,
                            "annotations", Json.object("org.opencontainers.image.ref.name", TAG))))));
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException("build busybox index layout in " + layout + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> taggedDescriptor(Path layout) throws IOException {
        Map<String, Object> index = Json.parseObject(Files.readString(layout.resolve("index.json")));
        for (Object o : Json.asArray(index.get("manifests"), layout + "/index.json manifests")) {
            Map<String, Object> d = Json.asObject(o, layout + "/index.json descriptor");
            if (TAG.equals(Json.at(d, "annotations", "org.opencontainers.image.ref.name"))) {
                d.putIfAbsent("mediaType", MediaTypes.OCI_MANIFEST);
                return d;
            }
        }
        throw new IllegalStateException("read " + layout + "/index.json: no manifest tagged " + TAG);
    }

    private static void copyBlobs(Path from, Path to) throws IOException {
        try (var blobs = Files.list(from.resolve("blobs/sha256"))) {
            for (Path b : blobs.toList()) {
                Path dest = to.resolve("blobs/sha256").resolve(b.getFileName());
                if (!Files.exists(dest)) {
                    Files.copy(b, dest);
                }
            }
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
