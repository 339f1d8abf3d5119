package dev.kiln.engine.dockerfile.parser;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a Dockerfile, each with its line ending, as BuildKit's scanner hands them out: split after
 * every {@code \n}, so {@code \r\n} files keep a {@code \r} that the parser trims, and the last line may
 * have no ending.
 *
 * <p>Not thread-safe (a cursor). Like BuildKit's {@code bufio.Scanner}, a line longer than 65535 bytes
 * (without its newline) cannot be read: reading stops there and {@link #tooLongLine()} tells which. Bytes
 * that are not UTF-8 decode to U+FFFD.
 */
final class PhysicalLines {

    /** BuildKit's limit, {@code bufio.MaxScanTokenSize - 1}. */
    static final int MAX_LINE_BYTES = 65_535;

    private final byte[] content;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private int offset;
    private int linesRead;
    private int tooLongLine;

    PhysicalLines(byte[] content) {
        this.content = content;
    }

    /** The next line with its {@code \n}, or null at the end or at a line that is too long. */
    String next() {
        if (offset >= content.length || tooLongLine > 0) {
            return null;
        }
        int end = offset;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        if (end - offset > MAX_LINE_BYTES) {
            tooLongLine = linesRead + 1;
            return null;
        }
        int stop = end < content.length ? end + 1 : end;
        String line = decode(offset, stop - offset);
        offset = stop;
        linesRead++;
        return line;
    }

    /** The 1-based number of a line that was too long to read, or 0. */
    int tooLongLine() {
        return tooLongLine;
    }

    private String decode(int from, int length) {
        boolean ascii = true;
        for (int i = from; i < from + length; i++) {
            if (content[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(content, from, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(content, from, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            // cannot happen with REPLACE
            throw new IllegalStateException(e);
        }
    }
}
