package dev.kiln.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports and "does this port answer" probes.
 *
 * <p>Thread-safe (a concurrent set). It exists because every server a test starts binds 127.0.0.1 on a port
 * the kernel picked, never a fixed one, so that test runs never collide. A port is free when the kernel
 * hands it out; another process could still take it before the server binds it, so servers that fail to
 * bind are retried by their fixtures. Ports handed out in this JVM are not handed out twice.
 */
public final class Ports {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Ports() {}

    /** A TCP port on 127.0.0.1 that nothing listens on right now and this JVM has not handed out before. */
    public static int freeLoopbackPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
                int port = s.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("find a free port on 127.0.0.1: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("find a free port on 127.0.0.1: the kernel repeated used ports 50 times");
    }

    /** Whether a TCP connection to 127.0.0.1:{@code port} succeeds within 200 ms. */
    public static boolean isOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
