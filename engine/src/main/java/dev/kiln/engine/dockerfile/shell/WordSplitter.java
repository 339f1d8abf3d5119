package dev.kiln.engine.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * BuildKit's {@code wordsStruct}: collects the words of an expansion, splitting on unquoted white space
 * (Go's {@code unicode.IsSpace}) while quoted text and escaped characters are added raw.
 *
 * <p>Not thread-safe; one per scan. The buffer is passed in because BuildKit shares one buffer between a
 * scan and the scans nested in it.
 */
final class WordSplitter {
    private final StringBuilder buf;
    private final List<String> words = new ArrayList<>();
    private boolean inWord;

    WordSplitter(StringBuilder buf) {
        this.buf = buf;
    }

    void addChar(int ch) {
        if (GoText.isSpace(ch) && inWord) {
            if (!buf.isEmpty()) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
        } else if (!GoText.isSpace(ch)) {
            addRawChar(ch);
        }
    }

    void addRawChar(int ch) {
        buf.appendCodePoint(ch);
        inWord = true;
    }

    void addString(String s) {
        s.codePoints().forEach(this::addChar);
    }

    void addRawString(String s) {
        buf.append(s);
        inWord = true;
    }

    List<String> getWords() {
        if (!buf.isEmpty()) {
            words.add(buf.toString());
            buf.setLength(0);
            inWord = false;
        }
        return words;
    }
}
