package dev.kiln.engine.image.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MediaType;
import dev.kiln.engine.oci.Platform;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Command;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Umoci;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kiln reads OCI layouts made by umoci (a foreign writer), and umoci reads what Kiln writes. */
@RequiresTools(Tool.UMOCI)
class UmociIT {

    @TempDir
    Path dir;

    @Test
    void kilnReadsALayoutUmociMadeWhoseManifestHasNoMediaType() throws IOException {
        Path layout = dir.resolve("oci");
        Umoci.init(layout);
        Umoci.newImage(layout, "base");
        Path hello = Files.writeString(dir.resolve("hello"), "hello from umoci\n");
        Command.of(Tool.UMOCI, "insert", "--image", layout + ":base", hello.toString(), "/etc/hello").check();
        Umoci.config(layout, "base", "--architecture", "arm64", "--os", "linux", "--config.cmd", "sh", "--author", "test");

        Image image = OciLayout.open(layout).image("base");
        assertThat(new String(image.rawManifest(), StandardCharsets.UTF_8)).doesNotContain("\"mediaType\":\"application/vnd.oci.image.manifest");
        assertThat(image.manifest().mediaType()).isNull();
        assertThat(image.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(image.config().architecture()).isEqualTo("arm64");
        assertThat(image.config().author()).isEqualTo("test");
        assertThat(image.config().config().cmd()).containsExactly("sh");
        assertThat(image.layers()).hasSize(1);
        // umoci 0.4.7 insert writes the tar without padding or end-of-archive blocks (GNU tar calls it
        // truncated), so check the raw header and data; reading to the end verified the diff ID
        byte[] tar;
        try (InputStream in = image.layers().getFirst().openUncompressed()) {
            tar = in.readAllBytes();
        }
        assertThat(Digest.sha256(tar)).isEqualTo(image.config().diffIds().getFirst());
        assertThat(new String(tar, 0, 9, StandardCharsets.UTF_8)).isEqualTo("etc/hello");
        assertThat(new String(tar, 512, 17, StandardCharsets.UTF_8)).isEqualTo("hello from umoci\n");
    }

    @Test
    void umociUnpacksAnImageKilnWrote() throws IOException {
        Image image = TestImages.image();
        Path layout = dir.resolve("oci");
        OciLayout.create(layout).writeImage(image, "kiln");

        assertThat(Command.of(Tool.UMOCI, "ls", "--layout", layout.toString()).check().stdout().lines()).containsExactly("kiln");
        Path bundle = dir.resolve("bundle");
        Umoci.unpack(layout, "kiln", bundle);
        assertThat(Files.readString(bundle.resolve("rootfs/etc/platform"))).isEqualTo("linux/amd64\n");
        assertThat(Files.readString(bundle.resolve("rootfs/etc/os-release"))).isEqualTo("ID=test\n");
        String stat = Umoci.stat(layout, "kiln");
        assertThat(stat).contains(image.layers().getLast().diffId().toString());
    }

    @Test
    void kilnReadsTheBusyboxRecipeLayoutAfterUmociGc() throws IOException {
        // the shape build-busybox-image.sh produces: new, insert, config, gc (orphans removed)
        Path layout = dir.resolve("oci");
        Umoci.init(layout);
        Umoci.newImage(layout, "latest");
        Path sh = Files.writeString(dir.resolve("sh"), "#!/bin/sh\n");
        Command.of(Tool.UMOCI, "insert", "--image", layout + ":latest", sh.toString(), "/bin/sh").check();
        Umoci.config(layout, "latest", "--architecture", "amd64", "--os", "linux",
                "--config.env", "PATH=/bin", "--config.workingdir", "/");
        Umoci.gc(layout);

        Image image = OciLayout.open(layout).image("latest", Platform.parse("linux/amd64"));
        assertThat(image.config().config().env()).containsExactly("PATH=/bin");
        assertThat(image.config().config().workingDir()).isEqualTo("/");
        assertThat(image.config().diffIds()).containsExactly(image.layers().getFirst().diffId());
    }

    @Test
    void kilnReadsABusyboxImageUmociRepacked() throws IOException {
        Path busybox = Path.of("/bin/busybox");
        assertThat(busybox).as("busybox-static installed").isExecutable();
        Path layout = dir.resolve("oci");
        Umoci.init(layout);
        Umoci.newImage(layout, "latest");
        Path bundle = dir.resolve("bundle");
        Umoci.unpack(layout, "latest", bundle);
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("/bin/busybox"));
        Umoci.repack(layout, "latest", bundle);
        Umoci.config(layout, "latest", "--architecture", "amd64", "--os", "linux", "--config.cmd", "sh");
        Umoci.gc(layout);

        Image image = OciLayout.open(layout).image("latest");
        assertThat(image.manifest().mediaType()).isNull();
        long busyboxSize = -1;
        String shTarget = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(image.layers().getLast().openUncompressed())) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals("bin/busybox")) {
                    busyboxSize = e.getSize();
                } else if (e.getName().equals("bin/sh")) {
                    shTarget = e.getLinkName();
                }
            }
        }
        assertThat(busyboxSize).isEqualTo(Files.size(busybox));
        assertThat(shTarget).isEqualTo("/bin/busybox");
    }
}
