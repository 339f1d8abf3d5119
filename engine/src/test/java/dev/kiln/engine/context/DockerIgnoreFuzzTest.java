package dev.kiln.engine.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random ignore files: parsing either succeeds or throws {@link DockerIgnoreException}, and
 * matching then answers for any path without throwing or hanging (the time limit only guards hangs).
 */
class DockerIgnoreFuzzTest {

    private static final List<String> TOKENS = List.of("a", "b", "*", "**", "?", "/", "!", ".", "..", "[", "]",
            "^", "\\", "-", "[a-c]", "[^a]", "\\*", "\\d", "$", "(", ")", "{", "}", "{2}", "|", "+", " ", "é",
            "[[:alpha:]]", "\\p{L}", "#", "\n", "\r\n", "\uFEFF", "\t", ",", ":", "[:", ":]");
    private static final List<String> SEGMENTS = List.of("a", "b", "ab", "x.y", "é", "a b", "[a]", "^", "$", "1",
            "*", "\\", "{2}");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void randomIgnoreFilesParseOrFailWithTheTypedException(long seed) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(seed);
            for (int i = 0; i < 3_000; i++) {
                StringBuilder content = new StringBuilder();
                int tokens = random.nextInt(30);
                for (int t = 0; t < tokens; t++) {
                    content.append(TOKENS.get(random.nextInt(TOKENS.size())));
                }
                Throwable thrown = catchThrowable(() -> {
                    DockerIgnore ignore = DockerIgnore.parse("fuzz", content.toString());
                    for (int p = 0; p < 8; p++) {
                        StringBuilder path = new StringBuilder(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
                        for (int d = random.nextInt(4); d > 0; d--) {
                            path.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
                        }
                        boolean excluded = ignore.excluded(path.toString(), false);
                        if (!ignore.mayContainIncluded(path.toString())) {
                            assertThat(excluded).as("a skipped directory is excluded").isTrue();
                        }
                        ignore.matcher().matches(path.toString());
                    }
                });
                if (thrown != null) {
                    assertThat(thrown).as("content %s", content).isInstanceOf(DockerIgnoreException.class);
                    assertThat(((DockerIgnoreException) thrown).line()).isPositive();
                }
            }
        });
    }
}
