package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Reads {@code RUN --mount} and {@code --device} values: BuildKit's one-line CSV ({@code go-csvvalue}),
 * then {@code parseMount} / {@code ParseDevice} with their messages.
 *
 * <p>Stateless and thread-safe; package-private.
 */
final class RunMountParser {

    private static final List<String> MOUNT_TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");
    private static final List<String> SHARING_MODES = List.of("shared", "private", "locked");
    private static final List<String> MOUNT_KEYS = List.of("type", "from", "source", "target", "readonly", "id",
            "sharing", "required", "size", "mode", "uid", "gid", "src", "dst", "destination", "ro", "rw",
            "readwrite", "env");

    private RunMountParser() {
    }

    /** What BuildKit checks while parsing the instruction: valid CSV, and no variables in {@code from}. */
    static void checkAtInstruction(String spec) {
        for (String field : csvFields(spec, "mounts")) {
            int eq = field.indexOf('=');
            if (eq >= 0 && field.substring(0, eq).toLowerCase(Locale.ROOT).equals("from")) {
                String value = field.substring(eq + 1);
                int dollar = value.indexOf('$');
                if (dollar != -1 && dollar != value.length() - 1) {
                    throw new InvalidInstruction("'from' doesn't support variable expansion, define alias stage instead");
                }
            }
        }
    }

    /**
     * A mount without variables, quotes or escapes expands to itself, so it is typed (and checked) now;
     * any other is left {@link RunMount.Unresolved} for the stage's expander.
     */
    static RunMount typeIfLiteral(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            if ("$'\"\\`".indexOf(spec.charAt(i)) >= 0) {
                return new RunMount.Unresolved(spec);
            }
        }
        return parse(spec, UnaryOperator.identity());
    }

    /** BuildKit's {@code parseMount} with an expander. */
    static RunMount parse(String spec, UnaryOperator<String> expander) {
        String type = "bind";
        String from = "";
        String source = "";
        String target = "";
        boolean readOnly = false;
        boolean roAuto = true;
        long size = 0;
        String id = "";
        String sharing = "";
        boolean required = false;
        Optional<String> env = Optional.empty();
        OptionalLong mode = OptionalLong.empty();
        OptionalLong uid = OptionalLong.empty();
        OptionalLong gid = OptionalLong.empty();
        for (String field : csvFields(spec, "mounts")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> {
                        readOnly = true;
                        roAuto = false;
                    }
                    case "readwrite", "rw" -> {
                        readOnly = false;
                        roAuto = false;
                    }
                    case "required" -> {
                        if (!type.equals("secret") && !type.equals("ssh")) {
                            throw unexpectedKey(key, type);
                        }
                        required = true;
                    }
                    default -> throw new InvalidInstruction("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String value = expander.apply(field.substring(eq + 1));
            switch (key) {
                case "type" -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!MOUNT_TYPES.contains(v)) {
                        throw new InvalidInstruction(Suggest.wrap("unsupported mount type " + GoText.quote(value),
                                value, MOUNT_TYPES, true));
                    }
                    type = v;
                }
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> {
                    readOnly = parseBool(key, value);
                    roAuto = false;
                }
                case "readwrite", "rw" -> {
                    readOnly = !parseBool(key, value);
                    roAuto = false;
                }
                case "required" -> {
                    if (!type.equals("secret") && !type.equals("ssh")) {
                        throw unexpectedKey(key, type);
                    }
                    required = parseBool(key, value);
                }
                case "size" -> {
                    if (!type.equals("tmpfs")) {
                        throw unexpectedKey(key, type);
                    }
                    size = GoNumbers.ramInBytes(value)
                            .orElseThrow(() -> new InvalidInstruction("invalid value for " + key + ": " + value));
                }
                case "id" -> id = value;
                case "sharing" -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!SHARING_MODES.contains(v)) {
                        throw new InvalidInstruction(Suggest.wrap("unsupported sharing value " + GoText.quote(value),
                                value, SHARING_MODES, true));
                    }
                    sharing = v;
                }
                case "mode" -> mode = uint32(value, 8, "mode");
                case "uid" -> uid = uint32(value, 10, "uid");
                case "gid" -> gid = uint32(value, 10, "gid");
                case "env" -> env = Optional.of(value);
                default -> throw new InvalidInstruction(Suggest.wrap(
                        "unexpected key '" + key + "' in '" + field + "'", key, MOUNT_KEYS, true));
            }
        }
        boolean fileInfoAllowed = type.equals("secret") || type.equals("ssh") || type.equals("cache");
        if (!fileInfoAllowed) {
            String quoted = GoText.quote(type);
            if (mode.isPresent()) {
                throw new InvalidInstruction("mode not allowed for " + quoted + " type mounts");
            }
            if (uid.isPresent()) {
                throw new InvalidInstruction("uid not allowed for " + quoted + " type mounts");
            }
            if (gid.isPresent()) {
                throw new InvalidInstruction("gid not allowed for " + quoted + " type mounts");
            }
        }
        if (roAuto) {
            readOnly = !type.equals("cache") && !type.equals("tmpfs");
        }
        if (type.equals("secret")) {
            if (!from.isEmpty()) {
                throw new InvalidInstruction("secret mount should not have a from");
            }
            if (!sharing.isEmpty()) {
                throw new InvalidInstruction("secret mount should not define sharing");
            }
            if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
                throw new InvalidInstruction("invalid secret mount. one of source, target required");
            }
            if (!source.isEmpty() && !id.isEmpty()) {
                throw new InvalidInstruction("both source and id can't be set");
            }
        }
        if (!sharing.isEmpty() && !type.equals("cache")) {
            throw new InvalidInstruction("invalid cache sharing set for " + type + " mount");
        }
        return switch (type) {
            case "cache" -> new RunMount.Cache(target, id, source, from,
                    sharing.isEmpty() ? RunMount.Sharing.SHARED : RunMount.Sharing.valueOf(sharing.toUpperCase(Locale.ROOT)),
                    readOnly, mode, uid, gid);
            case "tmpfs" -> new RunMount.Tmpfs(target, source, from, readOnly, size);
            case "secret" -> new RunMount.Secret(id, source, target, env, required, mode, uid, gid);
            case "ssh" -> new RunMount.Ssh(id, source, target, required, mode, uid, gid);
            default -> new RunMount.Bind(target, source, from, readOnly);
        };
    }

    /** BuildKit's {@code ParseDevice}: {@code name[,required]} or {@code name=...,required=bool}. */
    static RunDevice parseDevice(String spec) {
        String name = "";
        boolean required = false;
        for (String field : csvFields(spec, "devices")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                if (key.equals("required")) {
                    required = true;
                } else if (name.isEmpty()) {
                    name = field;
                } else {
                    throw new InvalidInstruction("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String value = field.substring(eq + 1);
            switch (key) {
                case "name" -> {
                    if (!name.isEmpty()) {
                        throw new InvalidInstruction("device name already set to " + name);
                    }
                    name = value;
                }
                case "required" -> required = parseBool(key, value);
                default -> {
                    if (!name.isEmpty()) {
                        throw new InvalidInstruction(Suggest.wrap("unexpected key '" + key + "' in '" + field + "'",
                                key, List.of("name", "required"), true));
                    }
                    name = field;
                }
            }
        }
        return new RunDevice(name, required);
    }

    private static InvalidInstruction unexpectedKey(String key, String type) {
        return new InvalidInstruction("unexpected key '" + key + "' for mount type '" + type + "'");
    }

    private static boolean parseBool(String key, String value) {
        return GoNumbers.parseBool(value)
                .orElseThrow(() -> new InvalidInstruction("invalid value for " + key + ": " + value));
    }

    private static OptionalLong uint32(String value, int radix, String what) {
        OptionalLong v = GoNumbers.parseUint(value, radix, 32);
        if (v.isEmpty()) {
            throw new InvalidInstruction("invalid value " + value + " for " + what);
        }
        return v;
    }

    /** {@code csvvalue.Fields}: one CSV record, {@code "} quoting, no lazy quotes; errors as encoding/csv words them. */
    static List<String> csvFields(String input, String what) {
        String line = input;
        if (line.endsWith("\r\n")) {
            line = line.substring(0, line.length() - 2);
        } else if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new InvalidInstruction("failed to parse csv " + what + ": EOF");
        }
        List<String> out = new ArrayList<>();
        int pos = 0;
        fields:
        while (true) {
            if (line.isEmpty() || line.charAt(0) != '"') {
                int comma = line.indexOf(',');
                String field = comma >= 0 ? line.substring(0, comma) : line;
                int quote = field.indexOf('"');
                if (quote >= 0) {
                    throw csvError(what, pos + quote, "bare \" in non-quoted-field");
                }
                out.add(field);
                if (comma < 0) {
                    break;
                }
                line = line.substring(comma + 1);
                pos += comma + 1;
                continue;
            }
            line = line.substring(1);
            pos++;
            boolean halfOpen = false;
            while (true) {
                int quote = line.indexOf('"');
                if (quote < 0) {
                    throw csvError(what, pos, "extraneous or missing \" in quoted-field");
                }
                if (halfOpen) {
                    out.set(out.size() - 1, out.getLast() + line.substring(0, quote));
                } else {
                    out.add(line.substring(0, quote));
                }
                halfOpen = false;
                line = line.substring(quote + 1);
                pos += quote + 1;
                if (line.startsWith("\"")) {
                    out.set(out.size() - 1, out.getLast() + "\"");
                    line = line.substring(1);
                    pos++;
                    halfOpen = true;
                } else if (line.startsWith(",")) {
                    line = line.substring(1);
                    pos++;
                    continue fields;
                } else if (line.isEmpty()) {
                    break fields;
                } else {
                    throw csvError(what, pos - 1, "extraneous or missing \" in quoted-field");
                }
            }
        }
        return out;
    }

    private static InvalidInstruction csvError(String what, int pos, String cause) {
        return new InvalidInstruction("failed to parse csv " + what + ": parse error on line 1, column " + (pos + 1)
                + ": " + cause);
    }
}
