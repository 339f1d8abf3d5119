package dev.kiln.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathOrderTest {

    @Test
    void sortsComponentWiseSoThatSubtreesAreContiguous() {
        List<String> paths = new ArrayList<>(List.of("/a.b", "/a/b", "/a-b", "/a", "/", "/a/b/c", "/b", "/a0"));
        paths.sort(PathOrder.INSTANCE);
        assertThat(paths).containsExactly("/", "/a", "/a/b", "/a/b/c", "/a-b", "/a.b", "/a0", "/b");
    }

    @Test
    void comparesByCodePointLikeUtf8Bytes() {
        // U+FF5E (3 UTF-8 bytes, 0xEF...) sorts before U+1F600 (4 bytes, 0xF0...), unlike UTF-16 order
        assertThat(PathOrder.INSTANCE.compare("/\uFF5E", "/\uD83D\uDE00")).isNegative();
    }

    @Test
    void atOrBelowRespectsComponentBoundaries() {
        assertThat(PathOrder.isAtOrBelow("/a/b", "/a")).isTrue();
        assertThat(PathOrder.isAtOrBelow("/a", "/a")).isTrue();
        assertThat(PathOrder.isAtOrBelow("/ab", "/a")).isFalse();
        assertThat(PathOrder.isAtOrBelow("/x", "/")).isTrue();
    }
}
