package dev.kiln.engine.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The contents of {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} a run sees, as
 * a container runtime provides them: they are mounted over the image's files for the run (namespaced
 * mode) and so never change the image.
 *
 * <p>Stateless. {@code /etc/hosts} has BuildKit's two lines (loopback names plus the run's host name)
 * followed by the extra hosts; {@code /etc/resolv.conf} is the host's, since the run shares the host's
 * network (or has none).
 */
final class NetworkFiles {

    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    private NetworkFiles() {}

    static String hosts(String hostname, List<ExtraHost> extra) {
        StringBuilder b = new StringBuilder();
        b.append("127.0.0.1\tlocalhost ").append(hostname).append('\n');
        b.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (ExtraHost h : extra) {
            b.append(h.hostsLine()).append('\n');
        }
        return b.toString();
    }

    static String hostname(String hostname) {
        return hostname + "\n";
    }

    /** The host's resolver configuration, or an empty file if the host has none. */
    static byte[] resolvConf() {
        try {
            return Files.isRegularFile(HOST_RESOLV_CONF) ? Files.readAllBytes(HOST_RESOLV_CONF) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
