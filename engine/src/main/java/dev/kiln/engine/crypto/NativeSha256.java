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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(NativeSha256.class);

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
            lib.update(ctx, data.asSlice(done, n), n);
            done += n;
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[LENGTH];
        lib.finish(MemorySegment.ofArray(out), MemorySegment.ofArray(context));
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
        lib.init(MemorySegment.ofArray(context));
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
                    Optional<MemorySegment> init = lookup.find("SHA256_Init");
                    Optional<MemorySegment> update = lookup.find("SHA256_Update");
                    Optional<MemorySegment> finish = lookup.find("SHA256_Final");
                    if (init.isEmpty() || update.isEmpty() || finish.isEmpty()) {
                        LOG.debug("SHA-256: {} has no SHA256_Init/Update/Final", name);
                        continue;
                    }
                    Linker linker = Linker.nativeLinker();
                    Linker.Option critical = Linker.Option.critical(true);
                    Library lib = new Library(
                            linker.downcallHandle(init.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS), critical),
                            linker.downcallHandle(update.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                                    JAVA_LONG), critical),
                            linker.downcallHandle(finish.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                                    critical));
                    if (lib.selfTest()) {
                        LOG.debug("SHA-256: {}", name);
                        return Optional.of(lib);
                    }
                    LOG.debug("SHA-256: {} fails the known-answer test", name);
                } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
                    // not installed (IllegalArgumentException), or native access refused: the JDK's digest
                    LOG.debug("SHA-256: {} not usable: {}", name, e.toString());
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

        void init(MemorySegment ctx) {
            check(() -> (int) init.invokeExact(ctx));
        }

        void update(MemorySegment ctx, MemorySegment data, long length) {
            check(() -> (int) update.invokeExact(ctx, data, length));
        }

        void finish(MemorySegment out, MemorySegment ctx) {
            check(() -> (int) finish.invokeExact(out, ctx));
        }

        /** One downcall; its {@code int} result. */
        @FunctionalInterface
        private interface Downcall {
            int invoke() throws Throwable;
        }

        /** Runs a call, which returns 1 on success (OpenSSL's convention). */
        private static void check(Downcall call) {
            int rc;
            try {
                rc = call.invoke();
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
