package dev.kiln.engine.run;

import java.util.Objects;

/**
 * A line added to the run's {@code /etc/hosts} ({@code --add-host name:ip}).
 *
 * <p>Immutable. Both parts are checked to be one word each, so a value cannot add lines of its own.
 *
 * @param name the host name
 * @param ip   its address, IPv4 or IPv6
 */
public record ExtraHost(String name, String ip) {

    public ExtraHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ip, "ip");
        if (!name.matches("[^\\s#]+") || !ip.matches("[0-9A-Fa-f.:%a-zA-Z]+")) {
            throw new IllegalArgumentException("extra host " + name + ":" + ip
                    + ": name and address must be single words without spaces or '#'");
        }
    }

    /** The {@code /etc/hosts} line, without newline. */
    String hostsLine() {
        return ip + "\t" + name;
    }
}
