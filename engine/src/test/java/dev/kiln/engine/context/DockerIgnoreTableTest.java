package dev.kiln.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs {@code dockerignore.txt}: pattern sets, paths and what Docker's walker does with them. */
class DockerIgnoreTableTest {

    private static final String TABLE = "/dev/kiln/engine/context/dockerignore.txt";

    record Row(int line, String patterns, String path, String expected) {
        String name() {
            return "line " + line + ": [" + patterns + "] " + path;
        }
    }

    static List<Row> rows() throws IOException {
        String text;
        try (InputStream in = DockerIgnoreTableTest.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IOException("missing test resource " + TABLE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank() || lines[i].startsWith("#")) {
                continue;
            }
            String[] cols = lines[i].split("¦", -1);
            rows.add(new Row(i + 1, cols[0].strip(), cols[1].strip(), cols[2].strip()));
        }
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> excludesAsDockersWalker() throws IOException {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            DockerIgnore ignore = DockerIgnore.parse(".dockerignore", String.join("\n", row.patterns().split(",")));

            boolean excluded = ignore.excluded(row.path(), false);
            boolean walk = ignore.mayContainIncluded(row.path());

            switch (row.expected()) {
                case "in" -> assertThat(excluded).as("excluded").isFalse();
                case "out" -> {
                    assertThat(excluded).as("excluded").isTrue();
                    assertThat(walk).as("must walk").isTrue();
                }
                case "skip" -> {
                    assertThat(excluded).as("excluded").isTrue();
                    assertThat(walk).as("must walk").isFalse();
                }
                default -> throw new IllegalStateException("bad expectation " + row.expected());
            }
            assertThat(ignore.excluded(row.path(), true)).as("isDir changes nothing").isEqualTo(excluded);
        }));
    }

    @Test
    void tableHasTheRowsItPromises() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(60);
        assertThat(rows).extracting(Row::expected).contains("in", "out", "skip");
    }
}
