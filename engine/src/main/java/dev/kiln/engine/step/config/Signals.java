package dev.kiln.engine.step.config;

import java.util.Locale;
import java.util.Set;

/**
 * {@code STOPSIGNAL} validation as BuildKit does it with {@code github.com/moby/sys/signal.ParseSignal} (Linux
 * table): a non-zero decimal number ({@code strconv.Atoi}, sign allowed, any value), or a signal name in any
 * case with or without {@code SIG}, including {@code RTMIN+n} and {@code RTMAX-n}. The value is stored as
 * written. Stateless.
 */
final class Signals {

    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS",
            "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
            "RTMIN", "RTMIN+1", "RTMIN+2", "RTMIN+3", "RTMIN+4", "RTMIN+5", "RTMIN+6", "RTMIN+7", "RTMIN+8",
            "RTMIN+9", "RTMIN+10", "RTMIN+11", "RTMIN+12", "RTMIN+13", "RTMIN+14", "RTMIN+15", "RTMAX-14",
            "RTMAX-13", "RTMAX-12", "RTMAX-11", "RTMAX-10", "RTMAX-9", "RTMAX-8", "RTMAX-7", "RTMAX-6", "RTMAX-5",
            "RTMAX-4", "RTMAX-3", "RTMAX-2", "RTMAX-1", "RTMAX");

    private Signals() {
    }

    /**
     * Checks a signal.
     *
     * @throws IllegalArgumentException {@code invalid signal: <value>}
     */
    static void check(String raw) {
        if (raw.matches("[+-]?[0-9]+")) {
            try {
                if (Long.parseLong(raw.startsWith("+") ? raw.substring(1) : raw) != 0) {
                    return;
                }
            } catch (NumberFormatException e) {
                // out of range for Atoi: it then is looked up as a name, and fails
            }
        } else {
            String upper = raw.toUpperCase(Locale.ROOT);
            String name = upper.startsWith("SIG") ? upper.substring(3) : upper;
            if (NAMES.contains(name)) {
                return;
            }
        }
        throw new IllegalArgumentException("invalid signal: " + raw);
    }
}
