package dev.kiln.engine.run.user;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@code USER} value, {@code user[:group]}, where each part is a name or a decimal id.
 *
 * <p>Immutable. Splitting follows runc ({@code parseLine}): the text is cut at the first two colons and a
 * third field is ignored; an empty text means the image's default user (uid 0). A part is numeric when it
 * parses as a decimal integer, as Go's {@code strconv.Atoi} (so {@code -1} is numeric, and later fails the
 * range check, while {@code 1e3} is a name).
 *
 * @param user  the user name or uid, empty for the default user
 * @param group the group name or gid, empty when none was given
 */
public record UserSpec(String user, String group) {

    /** Largest uid or gid runc accepts ({@code math.MaxInt32}). */
    public static final long MAX_ID = Integer.MAX_VALUE;

    public UserSpec {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }

    /** Parses {@code user[:group]}; never fails: what the parts mean is decided when resolving. */
    public static UserSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String[] parts = spec.split(":", 3);
        return new UserSpec(parts[0], parts.length > 1 ? parts[1] : "");
    }

    /** The uid if {@link #user} is numeric. */
    public OptionalLongId userId() {
        return OptionalLongId.parse(user);
    }

    /** The gid if {@link #group} is numeric. */
    public OptionalLongId groupId() {
        return OptionalLongId.parse(group);
    }

    /** True if a group was given. */
    public boolean hasGroup() {
        return !group.isEmpty();
    }

    @Override
    public String toString() {
        return group.isEmpty() ? user : user + ":" + group;
    }

    /**
     * A part of the spec read as a decimal number, as Go's {@code strconv.Atoi}: an optional sign and
     * digits, within 64 bits. Immutable.
     *
     * @param present whether the text was a number
     * @param value   the number, 0 if not present
     */
    public record OptionalLongId(boolean present, long value) {

        static OptionalLongId parse(String text) {
            if (!text.matches("[+-]?[0-9]+")) {
                return new OptionalLongId(false, 0);
            }
            try {
                return new OptionalLongId(true, Long.parseLong(text));
            } catch (NumberFormatException e) {
                return new OptionalLongId(false, 0); // out of 64-bit range: Atoi fails too
            }
        }

        /** The value as an id if present and within 0..{@link #MAX_ID}. */
        public OptionalInt inRange() {
            return present && value >= 0 && value <= MAX_ID ? OptionalInt.of((int) value) : OptionalInt.empty();
        }
    }
}
