package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    final List<String> lines = new ArrayList<>();
    final ProcessSupervisor.LineSplitter splitter = new ProcessSupervisor.LineSplitter(lines::add);

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        splitter.accept(b, b.length);
    }

    @Test
    void linesSpanningReadsAreJoined() {
        feed("ab");
        feed("c\nd");
        feed("\n\n");
        assertThat(lines).containsExactly("abc", "d", "");
    }

    @Test
    void aLastLineWithoutNewlineArrivesAtTheEnd() {
        feed("x\ny");
        assertThat(lines).containsExactly("x");
        splitter.finish();
        assertThat(lines).containsExactly("x", "y");
    }

    @Test
    void longLinesArriveInPiecesOfTheMaximumLength() {
        feed("a".repeat(OutputLine.MAX_LENGTH * 2 + 10) + "\n");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).hasSize(OutputLine.MAX_LENGTH);
        assertThat(lines.get(1)).hasSize(OutputLine.MAX_LENGTH);
        assertThat(lines.get(2)).hasSize(10);
    }

    @Test
    void malformedUtf8IsReplacedNotFatal() {
        splitter.accept(new byte[] {(byte) 0xff, 'o', 'k', '\n'}, 4);
        assertThat(lines).containsExactly("\uFFFDok");
    }
}
