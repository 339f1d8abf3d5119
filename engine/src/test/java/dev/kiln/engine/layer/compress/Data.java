package dev.kiln.engine.layer.compress;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test data: incompressible and compressible bytes, deterministic. */
final class Data {

    private Data() {}

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Text-like data: words from a small vocabulary with numbers, compresses about 4:1. */
    static byte[] compressible(int size) {
        String[] words = {"layer", "image", "kiln", "tar", "gzip", "usr", "lib", "bin", "etc", "passwd", "x86_64"};
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append(words[r.nextInt(words.length)]).append(r.nextInt(100)).append(r.nextInt(9) == 0 ? '\n' : ' ');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
