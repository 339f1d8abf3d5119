package dev.kiln.engine.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodySourcesTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] drain(Future<BodySource> opened) throws Exception {
        BodySource source = opened.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Buffer all = Buffer.buffer();
        try {
            for (Buffer b; (b = source.read().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)) != null; ) {
                all.appendBuffer(b);
            }
        } finally {
            source.close();
        }
        return all.getBytes();
    }

    @Test
    void aFileRangeIsReadInPieces(@TempDir Path dir) throws Exception {
        byte[] content = bytes(BodySources.PIECE_SIZE * 2 + 300);
        Path file = dir.resolve("f");
        Files.write(file, content);
        byte[] range = drain(BodySources.file(vertx, file, 100, BodySources.PIECE_SIZE + 50));
        assertThat(range).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 100 + BodySources.PIECE_SIZE + 50));
    }

    @Test
    void aFileShorterThanPromisedFailsTheRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, bytes(10));
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> drain(BodySources.file(vertx, file, 0, 20)));
        assertThat(e).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EOFException.class);
        assertThat(e.getCause()).hasMessageContaining("ends 10 bytes early");
    }

    @Test
    void aStreamRangeSkipsOnAWorker() throws Exception {
        byte[] content = bytes(5000);
        byte[] range = drain(BodySources.stream(vertx, () -> new ByteArrayInputStream(content), 1000, 2000));
        assertThat(range).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 3000));
    }

    @Test
    void aBufferIsOnePiece() throws Exception {
        assertThat(drain(Future.succeededFuture(BodySources.of(Buffer.buffer("abc"))))).isEqualTo("abc".getBytes());
    }
}
