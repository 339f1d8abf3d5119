package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD of HTTP URLs against an in-process JDK HTTP server on 127.0.0.1. */
class AddUrlTest {

    static final String BODY = "downloaded\n";
    static final Instant MODIFIED = Instant.parse("2015-10-21T07:28:00Z");

    @TempDir
    Path base;
    Path root;
    HttpServer server;
    String url;
    CopyOperation op;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(base.resolve("rootfs"));
        Files.createDirectory(base.resolve("ctx"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/missing")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            if (path.endsWith(".tar")) {
                body = AddArchiveTest.tar();
            }
            if (!path.endsWith("/no-date")) {
                exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
        op = new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch")));
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private CopyResult add(CopyRequest.Builder b) throws IOException {
        return op.apply(b.line(4).build(), CopySource.context(LocalContext.of(base.resolve("ctx"), DockerIgnore.none())), root);
    }

    private static String sha256(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void aUrlIsSavedUnderItsLastPathSegmentAs0600WithLastModified() throws Exception {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "tool.txt").destination("/dl/")
                .checksum(sha256(BODY.getBytes(StandardCharsets.UTF_8))));
        assertThat(Fs.entry(root.resolve("dl/tool.txt"))).isEqualTo("file 0600 0:0 \"downloaded\n\"");
        assertThat(Fs.mtime(root.resolve("dl/tool.txt"))).isEqualTo(MODIFIED);
    }

    @Test
    void aDestinationWithoutSlashIsTheFileNameAndChmodAndChownApply() throws IOException {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "tool.txt").destination("/usr/local/bin/tool")
                .chmod("755").chown("5:6"));
        assertThat(Fs.entry(root.resolve("usr/local/bin/tool"))).isEqualTo("file 0755 5:6 \"downloaded\n\"");
    }

    @Test
    void withoutLastModifiedTheMtimeIsTheEpoch() throws IOException {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "no-date").destination("/x/"));
        assertThat(Fs.mtime(root.resolve("x/no-date"))).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aWrongChecksumFailsNamingBothDigests() throws Exception {
        String wrong = sha256("other".getBytes(StandardCharsets.UTF_8));
        String actual = sha256(BODY.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "tool.txt?token=s3cr3t")
                .destination("/dl/").checksum(wrong)))
                .isInstanceOfSatisfying(CopyException.class,
                        e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.CHECKSUM_MISMATCH))
                .hasMessage("ADD (line 4) source \"" + url + "tool.txt\": digest mismatch for " + url + "tool.txt: "
                        + actual + " (expected: " + wrong + ")")
                .hasMessageNotContaining("s3cr3t");
        assertThat(root.resolve("dl")).doesNotExist();
    }

    @Test
    void aChecksumThatIsNotSha256IsRefused() {
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "tool.txt")
                .destination("/dl/").checksum("md5:abc")))
                .hasMessageContaining("--checksum: invalid checksum \"md5:abc\"");
    }

    @Test
    void anErrorStatusFailsTheDownload() {
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "missing").destination("/dl/")))
                .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.reason()).isEqualTo(CopyException.Reason.DOWNLOAD))
                .hasMessageEndingWith("invalid response status 404");
    }

    @Test
    void aRemoteArchiveIsNotUnpackedUnlessAsked() throws IOException {
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "a.tar").destination("/kept/"));
        assertThat(Files.readAllBytes(root.resolve("kept/a.tar"))).isEqualTo(AddArchiveTest.tar());
        add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "a.tar").unpack(true).destination("/unpacked/"));
        assertThat(Fs.entry(root.resolve("unpacked/d/f"))).isEqualTo("file 0640 7:8 \"F\"");
    }

    @Test
    void checksumNeedsExactlyOneRemoteSource() {
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source(url + "a").source(url + "b")
                .destination("/d/").checksum("sha256:00")))
                .hasMessage("ADD (line 4) --checksum: checksum can't be specified for multiple sources");
        assertThatThrownBy(() -> add(CopyRequest.builder(CopyRequest.Kind.ADD).source("local.txt")
                .destination("/d/").checksum("sha256:00")))
                .hasMessage("ADD (line 4) --checksum: checksum requires HTTP(S) or Git sources");
    }
}
