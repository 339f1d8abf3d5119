package dev.kiln.engine.dockerfile.instruction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --flag} words of one instruction, checked against the flags that instruction accepts, as
 * BuildKit's {@code instructions/bflag.go} does: unknown flags, repeated single-valued flags, booleans that
 * are not {@code true}/{@code false} and value flags without {@code =value} are errors.
 *
 * <p>Not thread-safe: declare the flags, call {@link #parse()} once, then read them. Package-private.
 */
final class BuilderFlags {

    private enum Type { BOOL, STRING, STRINGS }

    /** A declared flag and, after {@link #parse()}, its value(s). */
    static final class Flag {
        private final String name;
        private final Type type;
        private String value;
        private final List<String> values = new ArrayList<>();
        private boolean used;

        private Flag(String name, Type type, String value) {
            this.name = name;
            this.type = type;
            this.value = value;
        }

        /** The value: the default unless given; {@code "true"}/{@code "false"} for booleans. */
        String value() {
            return value;
        }

        /** All values of a repeatable flag, in order. */
        List<String> values() {
            return List.copyOf(values);
        }

        /** Whether the instruction gave this flag. */
        boolean used() {
            return used;
        }

        /** A boolean flag's value. */
        boolean isTrue() {
            return "true".equals(value);
        }

        String name() {
            return name;
        }
    }

    private final List<String> args;
    private final Map<String, Flag> flags = new LinkedHashMap<>();

    BuilderFlags(List<String> args) {
        this.args = List.copyOf(args);
    }

    Flag addBool(String name) {
        return add(new Flag(name, Type.BOOL, "false"));
    }

    Flag addString(String name, String defaultValue) {
        return add(new Flag(name, Type.STRING, defaultValue));
    }

    Flag addStrings(String name) {
        return add(new Flag(name, Type.STRINGS, ""));
    }

    private Flag add(Flag flag) {
        if (flags.putIfAbsent(flag.name, flag) != null) {
            throw new IllegalStateException("flag declared twice: " + flag.name);
        }
        return flag;
    }

    /** The flag words as given, e.g. {@code --from=build}. */
    List<String> args() {
        return args;
    }

    /** Checks every given flag against the declared ones and records the values. */
    void parse() {
        for (String a : args) {
            if (a.equals("--")) {
                return;
            }
            if (!a.startsWith("--")) {
                throw new InvalidInstruction("arg should start with -- : " + a);
            }
            int eq = a.indexOf('=');
            boolean hasValue = eq >= 0;
            String flagName = hasValue ? a.substring(0, eq) : a;
            String value = hasValue ? a.substring(eq + 1) : "";
            String name = flagName.substring(2);
            Flag flag = flags.get(name);
            if (flag == null) {
                throw new InvalidInstruction(
                        Suggest.wrap("unknown flag: " + flagName, name, flags.keySet(), true));
            }
            if (flag.used && flag.type != Type.STRINGS) {
                throw new InvalidInstruction("duplicate flag specified: " + flagName);
            }
            flag.used = true;
            switch (flag.type) {
                case BOOL -> {
                    if (hasValue && value.isEmpty()) {
                        throw new InvalidInstruction("missing a value on flag: " + flagName);
                    }
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "true", "" -> flag.value = "true";
                        case "false" -> flag.value = "false";
                        default -> throw new InvalidInstruction(
                                "expecting boolean value for flag " + flagName + ", not: " + value);
                    }
                }
                case STRING -> {
                    if (!hasValue) {
                        throw new InvalidInstruction("missing a value on flag: " + flagName);
                    }
                    flag.value = value;
                }
                case STRINGS -> {
                    if (!hasValue) {
                        throw new InvalidInstruction("missing a value on flag: " + flagName);
                    }
                    flag.values.add(value);
                }
            }
        }
    }
}
