package dev.kiln.engine.cache.base;

import dev.kiln.engine.oci.Digest;
import dev.kiln.engine.oci.MalformedContentException;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code kiln-entry.json} of a cache entry: which manifest the entry holds and every reference it was
 * warmed from, each with the platform asked for and when. One manifest can be reached by several tags
 * ({@code busybox:1.36} and {@code busybox:latest}), and a tag's freshness is its own: the TTL is measured
 * from when that reference was last resolved to this digest.
 *
 * <pre>{@code
 * {"digest":"sha256:...","warmed":[{"reference":"docker.io/library/busybox:latest",
 *   "platform":{"architecture":"amd64","os":"linux"},"at":"2026-01-02T03:04:05Z"}]}
 * }</pre>
 *
 * <p>Immutable.
 *
 * @param digest the manifest digest (the entry directory's name)
 * @param warmed the references, at most one per reference and platform
 */
record EntryRecord(Digest digest, List<Warm> warmed) {

    /** One reference resolved to the entry's digest for {@code platform} at {@code at}. */
    record Warm(ImageReference reference, Platform platform, Instant at) {
        Warm {
            Objects.requireNonNull(reference, "reference");
            platform = platform.normalized();
            Objects.requireNonNull(at, "at");
        }

        boolean sameKey(ImageReference ref, Platform p) {
            return reference.equals(ref) && platform.equals(p.normalized());
        }
    }

    EntryRecord {
        Objects.requireNonNull(digest, "digest");
        warmed = List.copyOf(warmed);
    }

    /** This record with {@code reference} warmed for {@code platform} at {@code at}, replacing its older line. */
    EntryRecord with(ImageReference reference, Platform platform, Instant at) {
        List<Warm> out = new ArrayList<>();
        for (Warm w : warmed) {
            if (!w.sameKey(reference, platform)) {
                out.add(w);
            }
        }
        out.add(new Warm(reference, platform, at));
        return new EntryRecord(digest, out);
    }

    /**
     * When the entry was last warmed for {@code platform}, through {@code reference} or, when {@code reference}
     * is empty (a lookup by digest), through any reference.
     */
    Optional<Instant> warmedAt(Optional<ImageReference> reference, Platform platform) {
        Platform wanted = platform.normalized();
        return warmed.stream()
                .filter(w -> w.platform().equals(wanted) && reference.map(w.reference()::equals).orElse(true))
                .map(Warm::at)
                .max(Comparator.naturalOrder());
    }

    byte[] toBytes() {
        JsonArray lines = new JsonArray();
        for (Warm w : warmed) {
            lines.add(new JsonObject().put("reference", w.reference().toString())
                    .put("platform", w.platform().toJson()).put("at", w.at().toString()));
        }
        return new JsonObject().put("digest", digest.toString()).put("warmed", lines).encodePrettily()
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a record.
     *
     * @throws MalformedContentException naming what is wrong
     */
    static EntryRecord parse(byte[] bytes) {
        try {
            JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
            Digest digest = Digest.parse(require(json.getString("digest"), "digest"));
            List<Warm> warmed = new ArrayList<>();
            JsonArray lines = require(json.getJsonArray("warmed"), "warmed");
            for (int i = 0; i < lines.size(); i++) {
                JsonObject line = lines.getJsonObject(i);
                warmed.add(new Warm(ImageReference.parse(require(line.getString("reference"), "reference")),
                        Platform.fromJson(require(line.getJsonObject("platform"), "platform")),
                        Instant.parse(require(line.getString("at"), "at"))));
            }
            return new EntryRecord(digest, warmed);
        } catch (DecodeException | ClassCastException | DateTimeParseException | IllegalArgumentException e) {
            throw new MalformedContentException("parse " + BaseImageCache.RECORD_FILE + ": " + e.getMessage());
        }
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }
}
