/**
 * SHA-256 for every digest Kiln computes (blobs, layers, snapshots, cache keys), computed by the C library
 * of OpenSSL when the machine has it.
 *
 * <h2>Why not only the JDK's</h2>
 * The JDK's SHA-256 is fast only once C2 has compiled its intrinsic (SHA-NI or AVX2 assembly); the
 * interpreter and C1 run the Java fallback at about 150 MB/s on the bench machine, a tenth of that.
 * The launcher ({@code bin/kiln-java}) runs the JVM with C1 only, which makes a short build a fifth
 * faster (C2's compiler thread competed with the build for the CPU), so every large COPY or layer would
 * then hash at Java-fallback speed. OpenSSL's {@code libcrypto} has the same assembly as C2's intrinsic
 * whatever the JIT does: 1.7 GB/s here. See {@code bench/README.md} for the measurements.
 *
 * <h2>How</h2>
 * {@link dev.kiln.engine.crypto.Sha256#newDigest()} returns a {@link java.security.MessageDigest}:
 * {@link dev.kiln.engine.crypto.NativeSha256} when {@code libcrypto.so.3} (or {@code .so.1.1}) loads and
 * has {@code SHA256_Init/Update/Final}, else the JDK's. The native one keeps its {@code SHA256_CTX} in a
 * Java array and passes that array and the caller's bytes to C without copying
 * ({@code Linker.Option.critical(true)}, JEP 454), updating at most 1 MiB per call so that a garbage
 * collection never waits long for a thread in C. {@code -Dkiln.sha256=jdk} forces the JDK's.
 *
 * <p>Stateless factory; each digest is single-threaded, as every {@code MessageDigest}.
 */
package dev.kiln.engine.crypto;
