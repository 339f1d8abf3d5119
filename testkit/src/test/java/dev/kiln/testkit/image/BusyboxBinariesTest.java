package dev.kiln.testkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxBinariesTest {
    @TempDir
    Path dir;

    /** A minimal ELF64 little-endian header with program headers of the given types. */
    private Path elf(int machine, int... programHeaderTypes) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 * programHeaderTypes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464c457f).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
        b.putShort(0x12, (short) machine);
        b.putLong(0x20, 64);
        b.putShort(0x36, (short) 56);
        b.putShort(0x38, (short) programHeaderTypes.length);
        for (int i = 0; i < programHeaderTypes.length; i++) {
            b.putInt(64 + 56 * i, programHeaderTypes[i]);
        }
        return Files.write(dir.resolve("elf-" + machine + "-" + programHeaderTypes.length), b.array());
    }

    @Test
    void staticElfForTheArchitectureIsAccepted() throws Exception {
        Path f = elf(183, 1, 1, 4);

        assertThat(BusyboxBinaries.checkStaticElf(f, Arch.ARM64)).isEqualTo(f);
    }

    @Test
    void dynamicElfIsRejectedWithTheFix() throws Exception {
        Path f = elf(62, 6, 3, 1);

        assertThatThrownBy(() -> BusyboxBinaries.checkStaticElf(f, Arch.AMD64))
                .hasMessage("check busybox " + f + ": dynamically linked; install the busybox-static package "
                        + "(apt-get install busybox-static)");
    }

    @Test
    void wrongArchitectureIsRejected() throws Exception {
        Path f = elf(62, 1);

        assertThatThrownBy(() -> BusyboxBinaries.checkStaticElf(f, Arch.ARM64))
                .hasMessage("check busybox " + f + ": ELF machine 62, expected 183 for arm64");
    }

    @Test
    void nonElfFileIsRejected() throws Exception {
        Path f = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n".repeat(8));

        assertThatThrownBy(() -> BusyboxBinaries.checkStaticElf(f, Arch.AMD64))
                .hasMessage("check busybox " + f + ": not a 64-bit little-endian ELF file");
    }

    @Test
    void cacheRootDefaultsUnderTheUserHome() {
        if (System.getenv("KILN_TESTKIT_CACHE") == null) {
            assertThat(BusyboxBinaries.cacheRoot())
                    .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "kiln-testkit"));
        }
    }
}
