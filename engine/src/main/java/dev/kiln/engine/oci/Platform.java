package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform an image runs on, as in the {@code platform} of an index entry
 * (https://github.com/opencontainers/image-spec/blob/main/image-index.md) and in Docker manifest lists.
 *
 * <p>Immutable; absent strings are {@code ""} and absent lists empty, as Go's zero values. The record
 * keeps what the document said (for round trips); {@link #normalized()} gives containerd's canonical
 * form, which {@link #satisfies(Platform)} and {@link #matchRank(Platform)} compare. Unknown JSON fields of
 * a platform object are not kept (the object is closed in the spec).
 *
 * <p>Matching follows containerd's {@code platforms.Only}: a CPU runs code built for older variants of its
 * architecture (amd64 v3 runs v2 and v1, arm v7 runs v6 and v5, arm64 v8.2 runs v8.1 and v8). An image's
 * {@code os.features} and {@code features} are mandatory: the wanted platform must offer all of them.
 */
public record Platform(String os, String architecture, String variant, String osVersion,
                       List<String> osFeatures, List<String> features) {

    private static final Pattern OS_AND_VERSION = Pattern.compile("([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.-]*)\\))?");
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern LEVEL = Pattern.compile("v(\\d{1,3})");
    private static final Pattern ARM64_LEVEL = Pattern.compile("v(\\d{1,2})(?:\\.(\\d{1,2}))?");

    /** Go's GOOS values (go/build/syslist.go), for one-word specifiers. */
    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd",
            "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1",
            "windows", "zos");
    /** Go's GOARCH values, for one-word specifiers. */
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",
            "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    static final Set<String> FIELDS = Set.of("architecture", "os", "os.version", "os.features", "variant",
            "features");

    public Platform {
        os = Values.string(os);
        architecture = Values.string(architecture);
        variant = Values.string(variant);
        osVersion = Values.string(osVersion);
        osFeatures = Values.strings(osFeatures, "os.features");
        features = Values.strings(features, "features");
    }

    /** {@code os/architecture} without variant. */
    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, "", "", List.of(), List.of());
    }

    /** {@code os/architecture/variant}. */
    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant, "", List.of(), List.of());
    }

    /**
     * Parses a specifier {@code os[(osVersion)][/arch[/variant]]} or a lone {@code arch}, as containerd
     * and {@code docker build --platform} accept: {@code linux}, {@code linux/amd64},
     * {@code linux/arm64/v8}, {@code linux/arm/v7}, {@code windows(10.0.17763)/amd64}, {@code arm64}.
     * A lone OS takes the host's architecture, a lone architecture the host's OS. Aliases are resolved
     * ({@code x86_64} to amd64, {@code aarch64} to arm64, {@code armhf} to arm/v7, {@code armel} to
     * arm/v6, {@code i386} to 386) and case is folded; an explicit variant is kept as written.
     *
     * @throws IllegalArgumentException naming the specifier and what is wrong with it
     */
    public static Platform parse(String specifier) {
        if (specifier == null || specifier.isBlank()) {
            throw new IllegalArgumentException("invalid platform \"\": empty specifier (expected os[/arch[/variant]])");
        }
        String[] parts = specifier.split("/", -1);
        if (parts.length > 3) {
            throw invalid(specifier, "too many components (expected os[/arch[/variant]])");
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                throw invalid(specifier, "empty component " + (i + 1));
            }
        }
        Matcher osm = OS_AND_VERSION.matcher(parts[0]);
        if (!osm.matches()) {
            throw invalid(specifier, "invalid os component \"" + parts[0] + "\" (letters, digits, _ and -, "
                    + "optionally followed by (os.version))");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!COMPONENT.matcher(parts[i]).matches()) {
                throw invalid(specifier, "invalid component \"" + parts[i] + "\" (letters, digits, _ . and -)");
            }
        }
        String os = normalizeOs(osm.group(1));
        String osVersion = osm.group(2) == null ? "" : osm.group(2);
        if (parts.length == 1) {
            if (KNOWN_OS.contains(os)) {
                Platform h = host();
                return new Platform(os, h.architecture, h.variant, osVersion, List.of(), List.of());
            }
            String[] av = alias(parts[0], "");
            if (osm.group(2) == null && KNOWN_ARCH.contains(av[0])) {
                return new Platform(host().os, av[0], av[1], "", List.of(), List.of());
            }
            throw invalid(specifier, "unknown operating system or architecture");
        }
        String[] av = alias(parts[1], parts.length == 3 ? parts[2] : "");
        return new Platform(os, av[0], av[1], osVersion, List.of(), List.of());
    }

    /** The platform of this JVM, from {@code os.name} and {@code os.arch}, with Go's names. */
    public static Platform host() {
        return fromJvm(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps JVM {@code os.name}/{@code os.arch} values to Go's names; visible for tests. */
    static Platform fromJvm(String osName, String osArch) {
        String n = osName.toLowerCase(Locale.ROOT);
        String os;
        if (n.startsWith("windows")) {
            os = "windows";
        } else if (n.startsWith("mac") || n.startsWith("darwin")) {
            os = "darwin";
        } else {
            os = n.replaceAll("[^a-z0-9]", "");
        }
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86-64" -> of(os, "amd64");
            case "aarch64", "arm64" -> of(os, "arm64");
            case "x86", "i386", "i486", "i586", "i686" -> of(os, "386");
            case "arm", "arm32" -> of(os, "arm", "v7");
            case "loongarch64" -> of(os, "loong64");
            case "ppc64le", "ppc64", "s390x", "riscv64", "mips64el" -> of(os, a.equals("mips64el") ? "mips64le" : a);
            default -> of(os, a);
        };
    }

    /**
     * containerd's canonical form: lower case, {@code macos} as darwin, aliases resolved, arm without
     * variant as v7, arm64 v8 and amd64 v1 (the defaults) as no variant.
     */
    public Platform normalized() {
        String[] av = alias(architecture, variant);
        String arch = av[0];
        String v = av[1];
        switch (arch) {
            case "amd64" -> v = v.equals("v1") ? "" : v;
            case "arm64" -> v = (v.equals("8") || v.equals("v8")) ? "" : v;
            case "arm" -> v = switch (v) {
                case "", "7" -> "v7";
                case "5", "6", "8" -> "v" + v;
                default -> v;
            };
            default -> { }
        }
        return new Platform(normalizeOs(os), arch, v, osVersion, osFeatures, features);
    }

    /**
     * Whether an image built for this platform runs on {@code wanted}: same OS and architecture after
     * normalisation, a variant {@code wanted} can run (wanted amd64/v2 accepts amd64, amd64/v1 and
     * amd64/v2 but not amd64/v3), a compatible {@code os.version} when both give one (Windows: same
     * major.minor.build), and every {@code os.features}/{@code features} of this platform offered by
     * {@code wanted}. Unlike {@link #matchRank(Platform)} it never accepts another architecture (386 for
     * amd64, arm for arm64), so a first-match over an index cannot pick a 32-bit image by accident.
     */
    public boolean satisfies(Platform wanted) {
        return matchRank(wanted) >= 0
                && normalized().architecture.equals(wanted.normalized().architecture);
    }

    /**
     * containerd's {@code platforms.Only(wanted)} as a rank: 0 for an exact match, a higher number for
     * each fallback in containerd's preference order (older variants, then 386 for amd64, then 32-bit arm
     * for arm64), -1 when this platform cannot run on {@code wanted}. Pick the lowest rank from an index.
     */
    public int matchRank(Platform wanted) {
        Platform self = normalized();
        Platform w = wanted.normalized();
        if (!self.os.equals(w.os) || !osVersionCompatible(self.osVersion, w.osVersion, w.os)
                || !w.osFeatures.containsAll(self.osFeatures) || !w.features.containsAll(self.features)) {
            return -1;
        }
        List<String[]> vector = vector(w.architecture, w.variant);
        for (int i = 0; i < vector.size(); i++) {
            String[] c = vector.get(i);
            Platform candidate = of(w.os, c[0], c[1]).normalized();
            if (candidate.architecture.equals(self.architecture) && candidate.variant.equals(self.variant)) {
                return i;
            }
        }
        return -1;
    }

    /** The architectures/variants a {@code arch/variant} machine runs, best first (containerd's platformVector). */
    private static List<String[]> vector(String arch, String variant) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {arch, variant});
        switch (arch) {
            case "amd64" -> {
                int level = variant.isEmpty() ? 1 : level(variant);
                for (int l = level - 1; l >= 1; l--) {
                    out.add(new String[] {"amd64", "v" + l});
                }
                out.add(new String[] {"386", ""});
            }
            case "arm" -> {
                int level = level(variant);
                for (int l = level - 1; l >= 5; l--) {
                    out.add(new String[] {"arm", "v" + l});
                }
            }
            case "arm64" -> {
                Matcher m = ARM64_LEVEL.matcher(variant.isEmpty() ? "v8" : variant);
                if (m.matches() && Integer.parseInt(m.group(1)) >= 8) {
                    int major = Integer.parseInt(m.group(1));
                    int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                    if (major == 9) {
                        for (int k = minor - 1; k >= 0; k--) {
                            out.add(new String[] {"arm64", k == 0 ? "v9" : "v9." + k});
                        }
                        // v9.0 branched from v8.5: v9.x runs v8.(x+5), up to v8.9
                        minor = Math.min(minor + 5, 9);
                        major = 8;
                        out.add(new String[] {"arm64", "v8." + minor});
                    }
                    if (major == 8) {
                        for (int k = minor - 1; k >= 0; k--) {
                            out.add(new String[] {"arm64", k == 0 ? "v8" : "v8." + k});
                        }
                    }
                    // every arm64 CPU of these levels runs 32-bit arm v8 and older
                    for (int l = 8; l >= 5; l--) {
                        out.add(new String[] {"arm", "v" + l});
                    }
                }
            }
            default -> { }
        }
        return out;
    }

    /** {@code vN} to N, or -1. */
    private static int level(String variant) {
        Matcher m = LEVEL.matcher(variant);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static boolean osVersionCompatible(String image, String wanted, String os) {
        if (image.isEmpty() || wanted.isEmpty()) {
            return true;
        }
        if (os.equals("windows")) {
            return buildPrefix(image).equals(buildPrefix(wanted));
        }
        return image.equals(wanted);
    }

    /** {@code 10.0.17763.5329} to {@code 10.0.17763}: Windows images run on hosts of the same build. */
    private static String buildPrefix(String version) {
        String[] p = version.split("\\.");
        return p.length <= 3 ? version : p[0] + "." + p[1] + "." + p[2];
    }

    private static String normalizeOs(String os) {
        String o = os.toLowerCase(Locale.ROOT);
        return o.equals("macos") ? "darwin" : o;
    }

    /** Architecture aliases; returns {arch, variant}. */
    private static String[] alias(String arch, String variant) {
        String a = arch.toLowerCase(Locale.ROOT);
        String v = variant.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "x86-64" -> new String[] {"amd64", v};
            case "aarch64" -> new String[] {"arm64", v};
            case "armhf" -> new String[] {"arm", "v7"};
            case "armel" -> new String[] {"arm", "v6"};
            case "i386" -> new String[] {"386", ""};
            default -> new String[] {a, v};
        };
    }

    private static IllegalArgumentException invalid(String specifier, String problem) {
        return new IllegalArgumentException("invalid platform \"" + specifier + "\": " + problem);
    }

    /** The platform object, fields in the order of the OCI Go types (architecture, os, os.version, os.features, variant, features), empty ones omitted. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.put("architecture", architecture);
        o.put("os", os);
        if (!osVersion.isEmpty()) {
            o.put("os.version", osVersion);
        }
        if (!osFeatures.isEmpty()) {
            o.put("os.features", new JsonArray(new ArrayList<>(osFeatures)));
        }
        if (!variant.isEmpty()) {
            o.put("variant", variant);
        }
        if (!features.isEmpty()) {
            o.put("features", new JsonArray(new ArrayList<>(features)));
        }
        return o;
    }

    /**
     * Reads a platform object; {@code architecture} and {@code os} are required.
     *
     * @throws MalformedContentException naming the field when a value has the wrong type or is missing
     */
    public static Platform fromJson(JsonObject json) {
        return read(JsonFields.of("parse platform", "", json));
    }

    static Platform read(JsonFields f) {
        return new Platform(f.requireString("os"), f.requireString("architecture"), f.stringOrEmpty("variant"),
                f.stringOrEmpty("os.version"), f.strings("os.features"), f.strings("features"));
    }

    /** {@code os[(osVersion)]/architecture[/variant]}, parseable by {@link #parse(String)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(os);
        if (!osVersion.isEmpty()) {
            sb.append('(').append(osVersion).append(')');
        }
        if (!architecture.isEmpty()) {
            sb.append('/').append(architecture);
            if (!variant.isEmpty()) {
                sb.append('/').append(variant);
            }
        }
        return sb.toString();
    }
}
