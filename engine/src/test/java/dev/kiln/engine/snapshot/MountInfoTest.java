package dev.kiln.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountInfoTest {

    /** Lines as a Kubernetes pod's container sees them, with the kernel's escapes. */
    private static final String SAMPLE = """
            1071 891 0:157 / / rw,relatime master:310 - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w
            1072 1071 0:159 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
            1073 1071 0:160 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755
            1080 1071 8:1 /var/lib/kubelet/pods/abc/etc-hosts /etc/hosts rw,relatime - ext4 /dev/sda1 rw
            1081 1071 8:1 /data/my\\040volume /mnt/my\\040disk rw,relatime shared:5 master:7 - ext4 /dev/sda1 rw
            1082 1071 0:170 / /var/run/secrets/kubernetes.io/serviceaccount ro,relatime - tmpfs tmpfs rw
            1083 1071 0:171 / /odd\\011tab\\012newline\\134backslash rw - tmpfs tmp\\040fs rw
            1084 1071 0:172 / /caf\\303\\251 rw - tmpfs tmpfs rw

            """;

    @Test
    void parsesFieldsAndDecodesOctalEscapes() {
        MountInfo mi = MountInfo.parse(SAMPLE);
        assertThat(mi.mounts()).hasSize(8);
        MountInfo.Mount volume = mi.mounts().get(4);
        assertThat(volume.id()).isEqualTo(1081);
        assertThat(volume.parentId()).isEqualTo(1071);
        assertThat(volume.device()).isEqualTo("8:1");
        assertThat(volume.root()).isEqualTo("/data/my volume");
        assertThat(volume.mountPoint()).isEqualTo("/mnt/my disk");
        assertThat(volume.fsType()).isEqualTo("ext4");
        assertThat(volume.source()).isEqualTo("/dev/sda1");
        MountInfo.Mount odd = mi.mounts().get(6);
        assertThat(odd.mountPoint()).isEqualTo("/odd\ttab\nnewline\\backslash");
        assertThat(odd.source()).isEqualTo("tmp fs");
        assertThat(mi.mounts().get(7).mountPoint()).isEqualTo("/café");
    }

    @Test
    void mountPointsLeaveOutTheRoot() {
        assertThat(MountInfo.parse(SAMPLE).mountPoints()).containsExactly("/proc", "/dev", "/etc/hosts", "/mnt/my disk",
                "/var/run/secrets/kubernetes.io/serviceaccount", "/odd\ttab\nnewline\\backslash", "/café");
    }

    @Test
    void mountPointsUnderARootfsAreContainerPaths() {
        String text = """
                1 0 8:1 / / rw - ext4 /dev/sda1 rw
                2 1 0:5 / /work/rootfs rw - tmpfs tmpfs rw
                3 2 0:6 / /work/rootfs/proc rw - proc proc rw
                4 2 0:7 / /work/rootfs/dev/shm rw - tmpfs shm rw
                5 1 0:8 / /work/rootfs2 rw - tmpfs tmpfs rw
                """;
        assertThat(MountInfo.parse(text).mountPointsUnder(Path.of("/work/rootfs"))).containsExactly("/proc", "/dev/shm");
    }

    @Test
    void mountPointsBecomeIgnoreRules() {
        IgnoreList l = IgnoreList.forInPlaceBuild(java.util.List.of(), true, "/kiln", MountInfo.parse(SAMPLE).mountPoints());
        assertThat(l.isIgnored("/mnt/my disk/x")).isTrue();
        assertThat(l.isIgnored("/odd\ttab\nnewline\\backslash")).isTrue();
        assertThat(l.isIgnored("/usr")).isFalse();
    }

    @Test
    void readsTheRealMountTableOfThisProcess() throws IOException {
        MountInfo mi = MountInfo.read(MountInfo.SELF);
        assertThat(mi.mounts()).extracting(MountInfo.Mount::mountPoint).contains("/", "/proc");
    }

    @Test
    void shortLineIsRejectedWithItsNumber() {
        assertThatThrownBy(() -> MountInfo.parse("1 0 8:1 / / rw - ext4 x rw\n2 1 0:5\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parse mountinfo line 2: expected at least 5 fields, found 3: 2 1 0:5");
    }

    @Test
    void badEscapeIsRejected() {
        assertThatThrownBy(() -> MountInfo.parse("1 0 8:1 / /a\\04 rw - ext4 x rw"))
                .hasMessage("parse mountinfo line 1: bad escape in \"/a\\04\" (expected a backslash and three octal digits): "
                        + "1 0 8:1 / /a\\04 rw - ext4 x rw");
    }

    @Test
    void unreadableFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("mountinfo"), "x y 8:1 / / rw - ext4 x rw\n");
        assertThatThrownBy(() -> MountInfo.read(f)).isInstanceOf(IOException.class)
                .hasMessage("read mount table " + f + ": parse mountinfo line 1: mount ID and parent ID must be numbers: "
                        + "x y 8:1 / / rw - ext4 x rw");
    }
}
