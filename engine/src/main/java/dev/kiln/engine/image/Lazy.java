package dev.kiln.engine.image;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed once, on first use, then shared. Image views use it to read and parse blobs only when
 * asked and only once.
 *
 * <p>Thread-safe: computation runs under the holder's lock, so two threads never read the same blob
 * twice. A failed computation is not cached (the next call retries), since the failure may be transient
 * I/O.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<? extends T> compute;
    private volatile T value;

    Lazy(Supplier<? extends T> compute) {
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(compute.get(), "lazy value");
                    value = v;
                }
            }
        }
        return v;
    }
}
