package dev.kiln.engine.step.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A symbolic {@code chmod} mode ({@code u+x}, {@code go-w}, {@code a=r}, {@code u=rw,g=u}) applied the way
 * BuildKit applies {@code COPY --chmod} (its fork of dchapes/mode, a Go port of BSD {@code setmode(3)},
 * with a umask of 0).
 *
 * <p>Immutable and thread-safe. Parsing turns the clauses into a list of commands, applied in order to the
 * 12 permission bits of each file. The rules worth knowing:
 * <ul>
 *   <li>no "who" means all ({@code +x} is {@code a+x}), as with a umask of 0;</li>
 *   <li>{@code X} (execute if a directory or if any execute bit was set before the change) counts only
 *       after {@code +}; in {@code u=rwX} or {@code -X} it is ignored, as in BuildKit's parser;</li>
 *   <li>{@code s} and {@code t} need a who other than {@code o} alone; {@code =} clears the who's bits
 *       (setuid/setgid with {@code u}/{@code g}) before setting;</li>
 *   <li>{@code u}, {@code g}, {@code o} as permissions copy the bits of that class as they are at that
 *       point ({@code g=u}).</li>
 * </ul>
 * The syntax was checked by {@link dev.kiln.engine.dockerfile.instruction.Chmod#parse}; this parser
 * rejects the same strings.
 */
final class SymbolicMode {

    private static final int ISUID = 04000;
    private static final int ISGID = 02000;
    private static final int ISTXT = 01000;
    private static final int RWXU = 0700;
    private static final int RWXG = 0070;
    private static final int RWXO = 0007;
    private static final int R_ALL = 0444;
    private static final int W_ALL = 0222;
    private static final int X_ALL = 0111;
    private static final int STANDARD = ISUID | ISGID | RWXU | RWXG | RWXO;
    private static final int MASK = 0xFFFF; // ~umask with a umask of 0

    private static final int CLEAR = 1;
    private static final int SET = 2;
    private static final int GBITS = 4;
    private static final int OBITS = 8;
    private static final int UBITS = 16;

    /** One step: {@code +}, {@code -}, {@code X}, or a copy from {@code u}, {@code g}, {@code o}. */
    private record Command(char cmd, int cmd2, int bits) {
    }

    private final String text;
    private final List<Command> commands;

    private SymbolicMode(String text, List<Command> commands) {
        this.text = text;
        this.commands = List.copyOf(commands);
    }

    /**
     * Parses a symbolic mode.
     *
     * @throws IllegalArgumentException {@code invalid chmod parameter: 'x': invalid symbolic mode syntax}
     */
    static SymbolicMode parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Command> out = new ArrayList<>();
        String s = text;
        int i = 0;
        int n = s.length();
        if (n == 0 || (s.charAt(0) >= '0' && s.charAt(0) <= '9')) {
            throw syntax(text);
        }
        boolean equalOpDone = false;
        while (true) {
            int who = 0;
            while (i < n && "augo".indexOf(s.charAt(i)) >= 0) {
                who |= switch (s.charAt(i)) {
                    case 'a' -> STANDARD;
                    case 'u' -> ISUID | RWXU;
                    case 'g' -> ISGID | RWXG;
                    default -> RWXO;
                };
                i++;
            }
            if (i == n) {
                throw syntax(text);
            }
            while (true) { // getop
                char op = s.charAt(i++);
                if (op != '+' && op != '-' && op != '=') {
                    throw syntax(text);
                }
                if (op == '=') {
                    equalOpDone = false;
                }
                who &= ~ISTXT;
                int perm = 0;
                int permX = 0;
                while (true) {
                    char b = i < n ? s.charAt(i) : 0;
                    boolean end = false;
                    switch (b) {
                        case 'r' -> perm |= R_ALL;
                        case 's' -> {
                            if (who == 0 || (who & ~RWXO) != 0) {
                                perm |= ISUID | ISGID;
                            }
                        }
                        case 't' -> {
                            if (who == 0 || (who & ~RWXO) != 0) {
                                who |= ISTXT;
                                perm |= ISTXT;
                            }
                        }
                        case 'w' -> perm |= W_ALL;
                        case 'X' -> {
                            if (op == '+') {
                                permX = X_ALL;
                            }
                        }
                        case 'x' -> perm |= X_ALL;
                        case 'u', 'g', 'o' -> {
                            if (perm != 0) {
                                add(out, op, who, perm);
                                perm = 0;
                            }
                            if (op == '=') {
                                equalOpDone = true;
                            }
                            if (permX != 0) {
                                add(out, 'X', who, permX);
                                permX = 0;
                            }
                            add(out, b, who, op);
                        }
                        default -> {
                            if (perm != 0 || (op == '=' && !equalOpDone)) {
                                if (op == '=') {
                                    equalOpDone = true;
                                }
                                add(out, op, who, perm);
                            }
                            if (permX != 0) {
                                add(out, 'X', who, permX);
                            }
                            end = true;
                        }
                    }
                    if (end) {
                        break;
                    }
                    i++;
                }
                if (i == n || s.charAt(i) == ',') {
                    break;
                }
            }
            if (i == n) {
                break;
            }
            i++; // the comma
            if (i == n) {
                throw syntax(text); // a trailing comma starts an empty clause
            }
        }
        return new SymbolicMode(text, out);
    }

    private static void add(List<Command> out, char op, int who, int oparg) {
        switch (op) {
            case '=' -> {
                out.add(new Command('-', 0, who != 0 ? who : STANDARD));
                out.add(new Command('+', 0, who != 0 ? who & oparg : MASK & oparg));
            }
            case '+', '-', 'X' -> out.add(new Command(op, 0, who != 0 ? who & oparg : MASK & oparg));
            default -> { // 'u', 'g', 'o': copy bits of a class
                int cmd2;
                int bits;
                if (who != 0) {
                    cmd2 = ((who & 0400) != 0 ? UBITS : 0) | ((who & 0040) != 0 ? GBITS : 0)
                            | ((who & 0004) != 0 ? OBITS : 0);
                    bits = 0xFFFF;
                } else {
                    cmd2 = UBITS | GBITS | OBITS;
                    bits = MASK;
                }
                cmd2 |= switch (oparg) {
                    case '+' -> SET;
                    case '-' -> CLEAR;
                    default -> SET | CLEAR;
                };
                out.add(new Command(op, cmd2, bits));
            }
        }
    }

    /** The new 12 permission bits of a file with {@code permissions}; {@code directory} matters for {@code X}. */
    int apply(int permissions, boolean directory) {
        int old = permissions & 07777;
        int mode = old;
        for (Command c : commands) {
            switch (c.cmd()) {
                case 'u' -> mode = copyBits(c, mode, (mode & RWXU) >> 6);
                case 'g' -> mode = copyBits(c, mode, (mode & RWXG) >> 3);
                case 'o' -> mode = copyBits(c, mode, mode & RWXO);
                case '+' -> mode |= c.bits();
                case '-' -> mode &= ~c.bits();
                case 'X' -> {
                    if ((old & X_ALL) != 0 || directory) {
                        mode |= c.bits();
                    }
                }
                default -> throw new IllegalStateException("unknown command " + c);
            }
        }
        return mode & 07777;
    }

    private static int copyBits(Command c, int mode, int value) {
        if ((c.cmd2() & CLEAR) != 0) {
            int clr = (c.cmd2() & SET) != 0 ? RWXO : value;
            if ((c.cmd2() & UBITS) != 0) {
                mode &= ~((clr << 6) & c.bits());
            }
            if ((c.cmd2() & GBITS) != 0) {
                mode &= ~((clr << 3) & c.bits());
            }
            if ((c.cmd2() & OBITS) != 0) {
                mode &= ~(clr & c.bits());
            }
        }
        if ((c.cmd2() & SET) != 0) {
            if ((c.cmd2() & UBITS) != 0) {
                mode |= (value << 6) & c.bits();
            }
            if ((c.cmd2() & GBITS) != 0) {
                mode |= (value << 3) & c.bits();
            }
            if ((c.cmd2() & OBITS) != 0) {
                mode |= value & c.bits();
            }
        }
        return mode;
    }

    private static IllegalArgumentException syntax(String text) {
        return new IllegalArgumentException("invalid chmod parameter: '" + text + "': invalid symbolic mode syntax");
    }

    @Override
    public String toString() {
        return text;
    }
}
