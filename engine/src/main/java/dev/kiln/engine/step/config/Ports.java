package dev.kiln.engine.step.config;

import dev.kiln.engine.dockerfile.parser.GoText;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code EXPOSE} port specifications to {@code port/proto} keys, as BuildKit's {@code convert_expose.go}
 * (its fork of go-connections' {@code nat.ParsePortSpecs}) does: {@code [ip:][hostPort:]port[-end][/proto]},
 * protocol {@code tcp} by default, {@code tcp}, {@code udp} or {@code sctp} in any case and lower-cased in
 * the result, a range expanded to each port. Host IPs and host ports are checked and then dropped (BuildKit's
 * {@code ExposeInvalidFormat} check warns about them). Stateless.
 */
final class Ports {

    private Ports() {
    }

    /**
     * The keys of one (expanded) port specification, in order.
     *
     * @throws IllegalArgumentException with BuildKit's message, e.g. {@code invalid containerPort: http}
     */
    static List<String> parse(String raw) {
        String ip;
        String hostPort;
        String containerPort;
        String[] parts = raw.split(":", -1);
        switch (parts.length) {
            case 1 -> {
                ip = "";
                hostPort = "";
                containerPort = parts[0];
            }
            case 2 -> {
                ip = "";
                hostPort = parts[0];
                containerPort = parts[1];
            }
            default -> {
                int n = parts.length;
                ip = String.join(":", List.of(parts).subList(0, n - 2));
                hostPort = parts[n - 2];
                containerPort = parts[n - 1];
            }
        }
        int slash = containerPort.indexOf('/');
        String port = slash < 0 ? containerPort : containerPort.substring(0, slash);
        String proto = slash < 0 ? "" : containerPort.substring(slash + 1);
        if (port.isEmpty()) {
            throw new IllegalArgumentException("invalid port: " + quote(raw) + ": no port specified");
        }
        String lower = proto.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "" -> lower = "tcp";
            case "tcp", "udp", "sctp" -> { }
            default -> throw new IllegalArgumentException("invalid port: " + quote(raw) + ": invalid proto: " + proto);
        }
        checkIp(ip);
        int[] range = range(port);
        if (range == null) {
            throw new IllegalArgumentException("invalid containerPort: " + port);
        }
        if (!hostPort.isEmpty()) {
            int[] hostRange = range(hostPort);
            if (hostRange == null) {
                throw new IllegalArgumentException("invalid hostPort: " + hostPort);
            }
            if (range[1] - range[0] != hostRange[1] - hostRange[0] && range[1] != range[0]) {
                throw new IllegalArgumentException("invalid ranges specified for container and host Ports: " + port
                        + " and " + hostPort);
            }
        }
        List<String> out = new ArrayList<>(range[1] - range[0] + 1);
        for (int p = range[0]; p <= range[1]; p++) {
            out.add(p + "/" + lower);
        }
        return out;
    }

    /** {@code parsePortRange}: {@code [start, end]}, or null when invalid. */
    private static int[] range(String ports) {
        if (ports.isEmpty()) {
            return null;
        }
        int dash = ports.indexOf('-');
        String start = dash < 0 ? ports : ports.substring(0, dash);
        String end = dash < 0 ? "" : ports.substring(dash + 1);
        int s = number(start);
        if (s < 0) {
            return null;
        }
        if (dash < 0 || start.equals(end)) {
            return new int[] {s, s};
        }
        int e = number(end);
        if (e < 0 || e < s) {
            return null;
        }
        return new int[] {s, e};
    }

    /** {@code strconv.ParseInt(s, 10, 0)} within 0..65535, or -1. */
    private static int number(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return -1;
        }
        try {
            long v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            return v < 0 || v > 65535 ? -1 : (int) v;
        } catch (NumberFormatException e) {
            return -1; // beyond 64 bits: out of range
        }
    }

    /** Go's {@code net.ParseIP} acceptance, after stripping the brackets of {@code [v6]}. */
    private static void checkIp(String ip) {
        if (ip.isEmpty()) {
            return;
        }
        String bare = ip;
        if (ip.charAt(0) == '[') {
            int close = ip.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid IP address " + ip + ": address " + ip + ":: missing ']' in address");
            }
            if (close != ip.length() - 1) {
                throw new IllegalArgumentException("invalid IP address " + ip + ": address " + ip + ":: missing port in address");
            }
            bare = ip.substring(1, ip.length() - 1);
        }
        if (!isIpv4(bare) && !isIpv6(bare)) {
            throw new IllegalArgumentException("invalid IP address: " + bare);
        }
    }

    private static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            // Go rejects leading zeros since 1.17 (ambiguous octal)
            if (!o.matches("[0-9]{1,3}") || (o.length() > 1 && o.charAt(0) == '0') || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String s) {
        if (s.indexOf(':') < 0 || s.indexOf('%') >= 0 || s.indexOf('[') >= 0) {
            return false; // net.ParseIP has no zones and no brackets
        }
        try {
            Inet6Address.ofLiteral(s); // a literal parser only: no name lookup
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return GoText.quote(s);
    }
}
