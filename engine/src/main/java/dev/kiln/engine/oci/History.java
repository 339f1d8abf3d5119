package dev.kiln.engine.oci;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One entry of an image config's {@code history}
 * (https://github.com/opencontainers/image-spec/blob/main/config.md): the instruction that made a layer,
 * or made none when {@code emptyLayer} is true (ENV, LABEL...). Entries with {@code emptyLayer} false
 * correspond, in order, to {@code rootfs.diff_ids}.
 *
 * <p>Immutable. {@code created} may be null; strings are {@code ""} when absent. JSON order:
 * {@code created, created_by, author, comment, empty_layer}, empty values omitted.
 */
public record History(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {

    public History {
        createdBy = Values.string(createdBy);
        author = Values.string(author);
        comment = Values.string(comment);
    }

    /** An entry for an instruction that produced a layer. */
    public static History of(Instant created, String createdBy) {
        return new History(created, createdBy, "", "", false);
    }

    /** An entry for an instruction that changed only metadata. */
    public static History empty(Instant created, String createdBy) {
        return new History(created, createdBy, "", "", true);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (created != null) {
            o.put("created", Rfc3339.format(created));
        }
        if (!createdBy.isEmpty()) {
            o.put("created_by", createdBy);
        }
        if (!author.isEmpty()) {
            o.put("author", author);
        }
        if (!comment.isEmpty()) {
            o.put("comment", comment);
        }
        if (emptyLayer) {
            o.put("empty_layer", true);
        }
        return o;
    }

    static History read(JsonFields f) {
        return new History(f.instant("created"), f.string("created_by"), f.string("author"), f.string("comment"),
                f.bool("empty_layer"));
    }
}
