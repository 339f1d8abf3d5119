package dev.kiln.warmer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a registry that passes requests at full speed and answers slowly
 * ({@code bytesPerTick} every 100 ms), so a test can kill a warmer in the middle of a layer download.
 * Thread-safe; one virtual thread per direction and connection.
 */
final class ThrottlingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final int bytesPerTick;
    private final AtomicLong downstreamBytes = new AtomicLong();

    ThrottlingProxy(int upstreamPort, int bytesPerTick) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.bytesPerTick = bytesPerTick;
        Thread.ofVirtual().name("throttling-proxy").start(this::accept);
    }

    /** {@code 127.0.0.1:PORT}. */
    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes sent back to clients so far. */
    long downstreamBytes() {
        return downstreamBytes.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Thread.ofVirtual().start(() -> pump(client, upstream, false));
                Thread.ofVirtual().start(() -> pump(upstream, client, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean throttled) {
        byte[] buf = new byte[throttled ? bytesPerTick : 16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                if (throttled) {
                    downstreamBytes.addAndGet(n);
                    Thread.sleep(100);
                }
            }
        } catch (IOException | InterruptedException e) {
            // a side closed: close both
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
