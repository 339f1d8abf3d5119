package dev.kiln.engine.oci;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Docker's {@code Healthcheck} of an image config (Docker image spec v1.2, not part of OCI): the
 * {@code HEALTHCHECK} instruction's result.
 *
 * <p>Immutable. {@code test} is {@code []} (inherit), {@code ["NONE"]} (disabled), {@code ["CMD", args...]}
 * or {@code ["CMD-SHELL", command]}. A zero duration or retry count means "inherit / runtime default";
 * durations are written as Docker writes Go's {@code time.Duration}: integer nanoseconds
 * ({@code "Interval":30000000000}). JSON order: {@code Test, Interval, Timeout, StartPeriod,
 * StartInterval, Retries}, zero values omitted.
 */
public record HealthCheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                          Duration startInterval, int retries) {

    public HealthCheck {
        test = Values.strings(test, "Test");
        interval = nonNegative(interval, "Interval");
        timeout = nonNegative(timeout, "Timeout");
        startPeriod = nonNegative(startPeriod, "StartPeriod");
        startInterval = nonNegative(startInterval, "StartInterval");
        if (retries < 0) {
            throw new IllegalArgumentException("healthcheck: negative Retries " + retries);
        }
    }

    /** {@code HEALTHCHECK NONE}. */
    public static HealthCheck none() {
        return new HealthCheck(List.of("NONE"), null, null, null, null, 0);
    }

    /** Whether this disables a health check inherited from the base image. */
    public boolean isDisabled() {
        return !test.isEmpty() && test.getFirst().equals("NONE");
    }

    private static Duration nonNegative(Duration d, String name) {
        if (d == null) {
            return Duration.ZERO;
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("healthcheck: negative " + name + " " + d);
        }
        return d;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (!test.isEmpty()) {
            o.put("Test", new JsonArray(new ArrayList<>(test)));
        }
        putDuration(o, "Interval", interval);
        putDuration(o, "Timeout", timeout);
        putDuration(o, "StartPeriod", startPeriod);
        putDuration(o, "StartInterval", startInterval);
        if (retries != 0) {
            o.put("Retries", retries);
        }
        return o;
    }

    private static void putDuration(JsonObject o, String key, Duration d) {
        if (!d.isZero()) {
            o.put(key, d.toNanos());
        }
    }

    /**
     * Reads Docker's healthcheck object.
     *
     * @throws MalformedContentException naming the field when a value has the wrong type or is negative
     */
    public static HealthCheck fromJson(JsonObject json) {
        return read(JsonFields.of("parse healthcheck", "", Objects.requireNonNull(json, "json")));
    }

    static HealthCheck read(JsonFields f) {
        Integer retries = f.optInt("Retries");
        if (retries != null && retries < 0) {
            throw f.error("Retries", "negative retries " + retries);
        }
        return new HealthCheck(f.strings("Test"), f.nanos("Interval"), f.nanos("Timeout"), f.nanos("StartPeriod"),
                f.nanos("StartInterval"), retries == null ? 0 : retries);
    }
}
