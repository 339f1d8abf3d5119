package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rootfs} of an image config: the uncompressed digests ({@code diff_ids}) of the layers, in
 * order (https://github.com/opencontainers/image-spec/blob/main/config.md).
 *
 * <p>Immutable. {@code type} is {@code layers} in every valid image. JSON: {@code {"type":..,"diff_ids":[..]}},
 * {@code diff_ids} always written (as {@code []} when empty).
 */
public record RootFs(String type, List<Digest> diffIds) {

    public static final String LAYERS = "layers";

    public RootFs {
        type = Values.string(type);
        diffIds = Values.list(diffIds, "diff_ids");
    }

    /** {@code {"type":"layers","diff_ids":diffIds}}. */
    public static RootFs of(List<Digest> diffIds) {
        return new RootFs(LAYERS, diffIds);
    }

    /** A copy with {@code diffId} appended. */
    public RootFs append(Digest diffId) {
        List<Digest> l = new ArrayList<>(diffIds);
        l.add(diffId);
        return new RootFs(type, l);
    }

    public JsonObject toJson() {
        JsonArray ids = new JsonArray();
        diffIds.forEach(d -> ids.add(d.toString()));
        return new JsonObject().put("type", type).put("diff_ids", ids);
    }

    static RootFs read(JsonFields f) {
        return new RootFs(f.string("type"), f.digests("diff_ids"));
    }
}
