package dev.kiln.engine.fs;

import static dev.kiln.engine.fs.Root.assumeRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XattrsTest {

    /** CAP_NET_BIND_SERVICE, bit 10 of the first permitted word (linux/capability.h). */
    private static final int CAP_NET_BIND_SERVICE = 10;

    @TempDir
    Path dir;

    /** A {@code struct vfs_cap_data} revision 2: magic with the effective flag, then two (permitted, inheritable) pairs. */
    static byte[] capabilityV2(int capability) {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x02000000 | 0x1)
                .putInt(1 << capability).putInt(0)
                .putInt(0).putInt(0)
                .array();
    }

    @Test
    void userXattrSetGetListRemove() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        byte[] value = {0, 1, 2, (byte) 0xff};

        Xattrs.set(f, "user.kiln.test", value);

        assertThat(Xattrs.get(f, "user.kiln.test")).hasValue(value);
        assertThat(Xattrs.list(f)).contains("user.kiln.test");
        assertThat(Xattrs.remove(f, "user.kiln.test")).isTrue();
        assertThat(Xattrs.get(f, "user.kiln.test")).isEmpty();
        assertThat(Xattrs.list(f)).doesNotContain("user.kiln.test");
    }

    @Test
    void setReplacesAnExistingValue() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Xattrs.set(f, "user.a", "first".getBytes(StandardCharsets.UTF_8));
        Xattrs.set(f, "user.a", "2".getBytes(StandardCharsets.UTF_8));
        assertThat(Xattrs.get(f, "user.a")).hasValue("2".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyValueRoundTrips() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Xattrs.set(f, "user.empty", new byte[0]);
        assertThat(Xattrs.get(f, "user.empty")).hasValue(new byte[0]);
    }

    @Test
    void largeValueRoundTrips() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        byte[] big = new byte[3000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Xattrs.set(f, "user.big", big);
        assertThat(Xattrs.get(f, "user.big")).hasValue(big);
    }

    @Test
    void missingAttributeIsEmptyAndRemoveReportsFalse() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThat(Xattrs.get(f, "user.none")).isEmpty();
        assertThat(Xattrs.remove(f, "user.none")).isFalse();
    }

    @Test
    void getAllIsSortedByName() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Xattrs.set(f, "user.zz", new byte[] {1});
        Xattrs.set(f, "user.aa", new byte[] {2});
        Xattrs.set(f, "user.mm", new byte[] {3});
        assertThat(Xattrs.getAll(f).keySet()).containsSubsequence("user.aa", "user.mm", "user.zz");
    }

    @Test
    void trustedXattrOnSymlinkStaysOnTheLink() throws Exception {
        assumeRoot();
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        Xattrs.set(link, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));

        assertThat(Xattrs.get(link, "trusted.overlay.opaque")).hasValue("y".getBytes(StandardCharsets.UTF_8));
        assertThat(Xattrs.list(link)).contains("trusted.overlay.opaque");
        assertThat(Xattrs.list(target)).doesNotContain("trusted.overlay.opaque");
        assertThat(Xattrs.remove(link, "trusted.overlay.opaque")).isTrue();
    }

    @Test
    void userXattrOnSymlinkIsRefusedByTheKernel() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("anything"));
        assertThatThrownBy(() -> Xattrs.set(link, "user.x", new byte[] {1}))
                .isInstanceOf(PosixException.class)
                .hasMessage("lsetxattr " + link + " user.x (1 bytes): EPERM (Operation not permitted)");
    }

    @Test
    void xattrOfMissingFileIsNotFound() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Xattrs.get(missing, "user.x"))
                .isInstanceOf(PosixException.NotFound.class)
                .hasMessage("lgetxattr " + missing + " user.x: ENOENT (No such file or directory)");
    }

    @Test
    void nameWithNulIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> Xattrs.set(f, "user.a\0b", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xattr name contains a NUL character at index 6");
    }

    @Test
    void securityCapabilityV2IsWhatGetcapReads() throws Exception {
        assumeRoot();
        Path f = Files.writeString(dir.resolve("server"), "x");
        byte[] blob = capabilityV2(CAP_NET_BIND_SERVICE);

        Xattrs.set(f, "security.capability", blob);

        assertThat(Xattrs.get(f, "security.capability")).hasValue(blob);
        assertThat(Xattrs.list(f)).contains("security.capability");
        assertThat(Root.run("getcap", f.toString()).trim()).isEqualTo(f + " cap_net_bind_service=ep");
        assertThat(Xattrs.remove(f, "security.capability")).isTrue();
        assertThat(Root.run("getcap", f.toString()).trim()).isEmpty();
    }

    @Test
    void setcapWritesTheBlobWeRead() throws Exception {
        assumeRoot();
        Path f = Files.writeString(dir.resolve("server"), "x");
        Root.run("setcap", "cap_net_bind_service=ep", f.toString());
        assertThat(Xattrs.get(f, "security.capability")).hasValue(capabilityV2(CAP_NET_BIND_SERVICE));
    }

    @Test
    void chownAfterSetcapClearsTheCapability() throws Exception {
        assumeRoot();
        Path f = Files.writeString(dir.resolve("server"), "x");
        Xattrs.set(f, "security.capability", capabilityV2(CAP_NET_BIND_SERVICE));

        Posix.lchown(f, 1000, 1000);

        assertThat(Xattrs.get(f, "security.capability")).isEmpty();
    }

    @Test
    void chownAfterChmodClearsSetuid() throws Exception {
        assumeRoot();
        Path f = Files.writeString(dir.resolve("su"), "x");
        Posix.chmod(f, 04755);

        Posix.lchown(f, 1000, 1000);

        assertThat(Posix.statx(f).isSetuid()).isFalse();
    }

    @Test
    void restoreInDocumentedOrderKeepsOwnerSetuidCapabilityAndTimes() throws Exception {
        assumeRoot();
        Path f = Files.writeString(dir.resolve("ping"), "x");
        byte[] cap = capabilityV2(CAP_NET_BIND_SERVICE);
        Instant mtime = Instant.parse("2023-04-05T06:07:08.123456789Z");

        Posix.restore(f, FileMetadata.of(1000, 1000, 04755, Map.of("security.capability", cap,
                "user.note", new byte[] {7}), mtime, mtime));

        Statx st = Posix.statx(f);
        assertThat(st.uid()).isEqualTo(1000);
        assertThat(st.permissions()).isEqualTo(04755);
        assertThat(st.mtime()).isEqualTo(mtime);
        assertThat(Xattrs.get(f, "security.capability")).hasValue(cap);
        assertThat(Xattrs.get(f, "user.note")).hasValue(new byte[] {7});
    }

    @Test
    void restoreOnSymlinkSetsOwnerAndTimesButNoMode() throws Exception {
        assumeRoot();
        Path target = Files.writeString(dir.resolve("target"), "x");
        Posix.chmod(target, 0600);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Instant mtime = Instant.parse("2001-01-01T00:00:00.000000001Z");

        Posix.restore(link, FileMetadata.of(7, 8, 0777, Map.of(), null, mtime));

        Statx l = Posix.statx(link);
        assertThat(l.uid()).isEqualTo(7);
        assertThat(l.mtime()).isEqualTo(mtime);
        Statx t = Posix.statx(target);
        assertThat(t.permissions()).isEqualTo(0600);
        assertThat(t.uid()).isZero();
    }
}
