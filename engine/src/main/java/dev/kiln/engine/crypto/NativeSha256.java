package dev.kiln.engine.crypto;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SHA-256 by OpenSSL's {@code SHA256_Init}, {@code SHA256_Update} and {@code SHA256_Final}
 * (https://docs.openssl.org/3.0/man3/SHA256_Init/; deprecated in 3.0 in favour of EVP, still exported, and
 * the same assembly underneath). These need no allocation or freeing in C: the context is a plain struct,
 * kept here in a {@code long[]}, so a digest is garbage-collected like any object and {@link #clone()} is an
 * array copy.
 *
 * <p>Not thread-safe, as every {@link MessageDigest}.
 */
final class NativeSha256 extends MessageDigest implements Cloneable {

    /** {@code sizeof(SHA256_CTX)} is 112 bytes (8 words of state, 2 of length, 16 of block, 2 counters). */
    private static final int CONTEXT_LONGS = 16;
    /** Bytes per {@code SHA256_Update}: a collection waits for a thread in a critical call to return. */
    static final int MAX_CHUNK = 1 << 20;
    private static final int LENGTH = 32;

    private final Library lib;
    private long[] context = new long[CONTEXT_LONGS];

    NativeSha256(Library lib) {
        super("SHA-256");
        this.lib = lib;
        engineReset();
    }

    @Override
    protected int engineGetDigestLength() {
        return LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        Objects.checkFromIndexSize(offset, len, input.length);
        update(MemorySegment.ofArray(input).asSlice(offset, len));
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        int n = input.remaining();
        update(MemorySegment.ofBuffer(input));
        input.position(input.position() + n);
    }

    private void update(MemorySegment data) {
        MemorySegment ctx = MemorySegment.ofArray(context);
        for (long done = 0, size = data.byteSize(); done < size; ) {
            long n = Math.min(MAX_CHUNK, size - done);
            lib.call(lib.update, ctx, data.asSlice(done, n), n);
            done += n;
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[LENGTH];
        lib.call(lib.finish, MemorySegment.ofArray(out), MemorySegment.ofArray(context));
        engineReset();
        return out;
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int len) throws DigestException {
        if (len < LENGTH) {
            throw new DigestException("SHA-256 needs " + LENGTH + " bytes of output space, got " + len);
        }
        System.arraycopy(engineDigest(), 0, buf, offset, LENGTH);
        return LENGTH;
    }

    @Override
    protected void engineReset() {
        Arrays.fill(context, 0L);
        lib.call(lib.init, MemorySegment.ofArray(context));
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        NativeSha256 copy = (NativeSha256) super.clone();
        copy.context = context.clone();
        return copy;
    }

    /**
     * The three downcall handles into a loaded {@code libcrypto}. Immutable and thread-safe.
     *
     * @param init   {@code int SHA256_Init(SHA256_CTX *c)}
     * @param update {@code int SHA256_Update(SHA256_CTX *c, const void *data, size_t len)}
     * @param finish {@code int SHA256_Final(unsigned char *md, SHA256_CTX *c)}
     */
    record Library(MethodHandle init, MethodHandle update, MethodHandle finish) {

        /** Sonames tried in order: OpenSSL 3, then 1.1 (same functions, same context layout). */
        static final List<String> NAMES = List.of("libcrypto.so.3", "libcrypto.so.1.1");

        /** The first library of {@link #NAMES} that loads and has the functions, or empty. */
        static Optional<Library> load() {
            return load(NAMES);
        }

        /** The first of {@code names} that loads, has the functions and passes the self-test, or empty. */
        @SuppressWarnings("restricted") // loading a C library is the point; see the package comment
        static Optional<Library> load(List<String> names) {
            for (String name : names) {
                try {
                    SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
                    Linker linker = Linker.nativeLinker();
                    Linker.Option critical = Linker.Option.critical(true);
                    Optional<Library> lib = lookup.find("SHA256_Init").flatMap(i -> lookup.find("SHA256_Update")
                            .flatMap(u -> lookup.find("SHA256_Final").map(f -> new Library(
                                    linker.downcallHandle(i, FunctionDescriptor.of(JAVA_INT, ADDRESS), critical),
                                    linker.downcallHandle(u, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                                            JAVA_LONG), critical),
                                    linker.downcallHandle(f, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                                            critical)))));
                    if (lib.isPresent() && lib.get().selfTest()) {
                        return lib;
                    }
                } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
                    // not installed here, or native access refused: the JDK's digest it is
                }
            }
            return Optional.empty();
        }

        /** The digest of "abc" (FIPS 180-2, appendix B.1): refuses a library whose context layout differs. */
        private boolean selfTest() {
            NativeSha256 md = new NativeSha256(this);
            md.update(new byte[] {'a', 'b', 'c'});
            return HexFormat.of().formatHex(md.digest())
                    .equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }

        void call(MethodHandle handle, MemorySegment... args) {
            int rc;
            try {
                rc = switch (args.length) {
                    case 1 -> (int) handle.invokeExact(args[0]);
                    case 2 -> (int) handle.invokeExact(args[0], args[1]);
                    default -> throw new IllegalArgumentException("SHA-256: " + args.length + " arguments");
                };
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("SHA-256 in libcrypto: " + t, t);
            }
            if (rc != 1) {
                throw new IllegalStateException("SHA-256 in libcrypto failed (return code " + rc + ")");
            }
        }

        void call(MethodHandle handle, MemorySegment ctx, MemorySegment data, long length) {
            int rc;
            try {
                rc = (int) handle.invokeExact(ctx, data, length);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("SHA-256 in libcrypto: " + t, t);
            }
            if (rc != 1) {
                throw new IllegalStateException("SHA-256 in libcrypto failed (return code " + rc + ")");
            }
        }
    }
}
