package dev.kiln.engine.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void tableMatchesGlibcNamesAndDescriptions() throws Throwable {
        // glibc 2.32+ has locale-independent strerrorname_np / strerrordesc_np: the reference for our table
        Linker linker = Linker.nativeLinker();
        MethodHandle name = handle(linker, "strerrorname_np");
        MethodHandle desc = handle(linker, "strerrordesc_np");
        List<Errno> known = new ArrayList<>();
        for (var field : Errno.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Errno.class) {
                known.add((Errno) field.get(null));
            }
        }
        assertThat(known).hasSizeGreaterThan(40);
        for (Errno e : known) {
            assertThat(cString((MemorySegment) name.invokeExact(e.number()))).as("name of %d", e.number()).isEqualTo(e.name());
            assertThat(cString((MemorySegment) desc.invokeExact(e.number()))).as("text of %s", e.name()).isEqualTo(e.description());
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle handle(Linker linker, String fn) {
        return linker.downcallHandle(linker.defaultLookup().find(fn).orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    @SuppressWarnings("restricted")
    private static String cString(MemorySegment p) {
        return p.reinterpret(256).getString(0);
    }

    @Test
    void ofReturnsTheKnownConstant() {
        assertThat(Errno.of(2)).isSameAs(Errno.ENOENT);
        assertThat(Errno.of(95)).isSameAs(Errno.ENOTSUP).isSameAs(Errno.EOPNOTSUPP);
        assertThat(Errno.ELOOP).hasToString("ELOOP (Too many levels of symbolic links)");
    }

    @Test
    void unknownNumberIsNamedLikeGlibc() {
        assertThat(Errno.of(4242)).hasToString("errno 4242 (Unknown error 4242)");
    }

    @Test
    void exceptionForEnoentIsNotFoundAndOthersAreNot() {
        assertThat(PosixException.of("statx", "/x", "", Errno.ENOENT)).isInstanceOf(PosixException.NotFound.class);
        PosixException e = PosixException.of("lchown", "/x/y", " to 1000:1000", Errno.EPERM);
        assertThat(e).isNotInstanceOf(PosixException.NotFound.class)
                .hasMessage("lchown /x/y to 1000:1000: EPERM (Operation not permitted)");
        assertThat(e.is(Errno.EPERM)).isTrue();
        assertThat(e.getFile()).isEqualTo("/x/y");
    }

    @Test
    void unknownFileTypeBitsAreRejected() {
        assertThatThrownBy(() -> FileType.ofMode(0070644))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file type of mode 070644: unknown S_IFMT bits 070000");
        assertThat(FileType.ofMode(0100644)).isEqualTo(FileType.REGULAR);
    }
}
