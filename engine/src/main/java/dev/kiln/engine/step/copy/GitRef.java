package dev.kiln.engine.step.copy;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Git source of {@code ADD}, recognised and split as BuildKit's {@code dfgitutil.ParseGitRef} does:
 * {@code https://host/repo.git#ref:subdir}, {@code git://host/repo}, {@code ssh://user@host/repo},
 * {@code user@host:repo.git} (scp style), with optional {@code ?ref=}, {@code tag=}, {@code branch=},
 * {@code subdir=}, {@code checksum=} (or {@code commit=}), {@code keep-git-dir=}, {@code submodules=},
 * {@code mtime=} query parameters.
 *
 * <p>Immutable. Not Git: paths starting with {@code ./} or {@code ../}, the deprecated
 * {@code github.com/...} form (a local path for {@code ADD}), URLs of other schemes, and HTTP(S) URLs whose
 * path does not end in {@code .git} (those are downloads).
 *
 * @param remote     the repository URL without fragment and query
 * @param ref        branch, tag, full ref name or commit; empty for the remote's HEAD
 * @param subdir     directory inside the repository to copy, clean and relative; empty for the root
 * @param checksum   the expected commit (or a prefix of it) from the URL; empty if none
 * @param keepGitDir {@code keep-git-dir} from the URL, if given
 * @param mtime      {@code checkout} (files get the time of the checkout, BuildKit's default) or {@code commit}
 */
record GitRef(String remote, String ref, String subdir, String checksum, Optional<Boolean> keepGitDir, String mtime) {

    private static final Pattern PROTO = Pattern.compile("^([a-zA-Z0-9]+)://");
    private static final Pattern SCP = Pattern.compile(
            "^([a-zA-Z0-9-_]+)@([a-zA-Z0-9-.]+):(.*?)(?:\\?(.*?))?(?:#(.*))?$");
    private static final Set<String> PROTOCOLS = Set.of("http", "https", "ssh", "git");

    GitRef {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(subdir, "subdir");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(keepGitDir, "keepGitDir");
        Objects.requireNonNull(mtime, "mtime");
    }

    /**
     * The Git reference in {@code src}, or empty if {@code src} is not one.
     *
     * @throws IllegalArgumentException for a Git source with bad options, in BuildKit's words (e.g.
     *                                  {@code unexpected query "x"})
     */
    static Optional<GitRef> parse(String src) {
        if (src.startsWith("./") || src.startsWith("../") || src.startsWith("github.com/")) {
            return Optional.empty();
        }
        Matcher proto = PROTO.matcher(src);
        String remote;
        String query;
        String fragment;
        if (proto.find()) {
            String scheme = proto.group(1).toLowerCase(Locale.ROOT);
            if (!PROTOCOLS.contains(scheme)) {
                return Optional.empty();
            }
            URI uri;
            try {
                uri = new URI(src);
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if ((scheme.equals("http") || scheme.equals("https")) && !path.endsWith(".git")) {
                return Optional.empty();
            }
            try {
                remote = new URI(uri.getScheme(), uri.getRawUserInfo() == null ? null : uri.getUserInfo(), uri.getHost(),
                        uri.getPort(), path, null, null).toString();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
            query = uri.getRawQuery();
            fragment = uri.getFragment();
        } else {
            Matcher scp = SCP.matcher(src);
            if (!scp.matches()) {
                return Optional.empty();
            }
            remote = scp.group(1) + "@" + scp.group(2) + ":" + scp.group(3);
            query = scp.group(4);
            fragment = scp.group(5);
        }
        String ref = "";
        String subdir = "";
        if (fragment != null && !fragment.isEmpty()) {
            int colon = fragment.indexOf(':');
            ref = colon < 0 ? fragment : fragment.substring(0, colon);
            subdir = colon < 0 ? "" : cleanSubdir(fragment.substring(colon + 1));
        }
        return Optional.of(withQuery(remote, ref, subdir, query));
    }

    private static String cleanSubdir(String s) {
        String c = CopyPaths.source(s);
        return c.equals("/") ? "" : c.substring(1);
    }

    private static GitRef withQuery(String remote, String ref, String subdir, String query) {
        String checksum = "";
        Optional<Boolean> keep = Optional.empty();
        String mtime = "checkout";
        String tag = "";
        String branch = "";
        if (query != null && !query.isEmpty()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!seen.add(k)) {
                    throw new IllegalArgumentException("query \"" + k + "\" has multiple values");
                }
                boolean flag = k.equals("submodules") || k.equals("keep-git-dir") || k.equals("fetch-by-commit");
                if (v.isEmpty() && !flag) {
                    throw new IllegalArgumentException("query \"" + k + "\" has no value");
                }
                switch (k) {
                    case "ref" -> {
                        if (!ref.isEmpty() && !ref.equals(v)) {
                            throw new IllegalArgumentException("ref conflicts: \"" + ref + "\" vs \"" + v + "\"");
                        }
                        ref = v;
                    }
                    case "tag" -> tag = v;
                    case "branch" -> branch = v;
                    case "subdir" -> {
                        String s = cleanSubdir(v);
                        if (!subdir.isEmpty() && !subdir.equals(s)) {
                            throw new IllegalArgumentException("subdir conflicts: \"" + subdir + "\" vs \"" + v + "\"");
                        }
                        subdir = s;
                    }
                    case "checksum", "commit" -> checksum = v;
                    case "keep-git-dir" -> keep = Optional.of(bool(k, v));
                    case "submodules", "fetch-by-commit" -> bool(k, v);
                    case "mtime" -> {
                        if (!v.equals("checkout") && !v.equals("commit")) {
                            throw new IllegalArgumentException("invalid mtime value: \"" + v
                                    + "\" (must be \"checkout\" or \"commit\")");
                        }
                        mtime = v;
                    }
                    default -> throw new IllegalArgumentException("unexpected query \"" + k + "\"");
                }
            }
        }
        if (!tag.isEmpty()) {
            String full = tag.startsWith("refs/tags/") ? tag : "refs/tags/" + tag;
            if (!ref.isEmpty() && !ref.equals(full)) {
                throw new IllegalArgumentException("ref conflicts: \"" + ref + "\" vs \"" + full + "\"");
            }
            ref = full;
        }
        if (!branch.isEmpty()) {
            if (!tag.isEmpty()) {
                throw new IllegalArgumentException("branch conflicts with tag");
            }
            String full = branch.startsWith("refs/heads/") ? branch : "refs/heads/" + branch;
            if (!ref.isEmpty() && !ref.equals(full)) {
                throw new IllegalArgumentException("ref conflicts: \"" + ref + "\" vs \"" + full + "\"");
            }
            ref = full;
        }
        return new GitRef(remote, ref, subdir, checksum, keep, mtime);
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("invalid " + key + " value: \"" + v + "\"");
        };
    }

    /** The remote without user information, for messages. */
    String describe() {
        return remote.startsWith("ssh://") || remote.contains("://") ? HttpFetcher.redact(remote) : remote;
    }
}
