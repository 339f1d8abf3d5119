package dev.kiln.engine.dockerfile.instruction;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A checked {@code COPY/ADD --chmod} value: an octal mode up to {@code 7777}, or a symbolic mode such as
 * {@code u+x,g-w} or {@code a=rX} (BuildKit 1.14+).
 *
 * <p>Immutable. The rules are BuildKit's {@code dockerfile2llb/convert_copy.go}: a value that parses as octal
 * must be at most 07777; any other value must be a symbolic mode in the grammar of BSD {@code setmode(3)}
 * (who {@code [ugoa]*}, operator {@code [+-=]}, permissions {@code [rwxXst]*} or a copy {@code [ugo]},
 * further operators, clauses separated by commas), else it is rejected.
 *
 * @param value the value as given
 * @param octal the mode bits when the value is octal; empty for a symbolic mode
 */
public record Chmod(String value, OptionalInt octal) {

    public Chmod {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(octal, "octal");
    }

    /**
     * Checks an (expanded) {@code --chmod} value.
     *
     * @throws IllegalArgumentException with BuildKit's message, e.g. {@code invalid chmod parameter: '8755'. it
     *                                  should be octal string and between 0 and 07777}
     */
    public static Chmod parse(String value) {
        Objects.requireNonNull(value, "value");
        String nonOctal = "invalid chmod parameter: '" + value + "'. it should be octal string and between 0 and 07777";
        var octal = GoNumbers.parseUint(value, 8, 32);
        if (octal.isPresent()) {
            if (octal.getAsLong() > 07777) {
                throw new IllegalArgumentException(nonOctal);
            }
            return new Chmod(value, OptionalInt.of((int) octal.getAsLong()));
        }
        if (!value.isEmpty() && value.charAt(0) >= '0' && value.charAt(0) <= '9') {
            // looks numeric: BuildKit reports the octal message here too
            throw new IllegalArgumentException(nonOctal);
        }
        if (!isSymbolic(value)) {
            throw new IllegalArgumentException("invalid chmod parameter: '" + value + "': invalid symbolic mode syntax");
        }
        return new Chmod(value, OptionalInt.empty());
    }

    /** Whether {@code s} is a symbolic mode as {@code dchapes/mode.Parse} reads it. */
    static boolean isSymbolic(String s) {
        int i = 0;
        int n = s.length();
        if (n == 0) {
            return false;
        }
        while (true) {
            // who
            while (i < n && "augo".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (i == n) {
                return false;
            }
            // one or more: op perms
            while (true) {
                char op = s.charAt(i++);
                if (op != '+' && op != '-' && op != '=') {
                    return false;
                }
                while (i < n && "rstwXxugo".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                if (i == n) {
                    return true;
                }
                if (s.charAt(i) == ',') {
                    i++;
                    break;
                }
            }
        }
    }
}
