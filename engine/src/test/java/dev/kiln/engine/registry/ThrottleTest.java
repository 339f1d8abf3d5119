package dev.kiln.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void atMostThePermitsRunAndTheRestWaitInOrder() {
        Throttle throttle = new Throttle(2);
        List<Promise<Integer>> promises = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Promise<Integer> p = Promise.promise();
            promises.add(p);
            results.add(throttle.run(() -> {
                started.add(n);
                return p.future();
            }));
        }
        assertThat(started).containsExactly(0, 1);
        assertThat(throttle.running()).isEqualTo(2);
        assertThat(throttle.waiting()).isEqualTo(3);
        promises.get(1).complete(1);
        assertThat(started).containsExactly(0, 1, 2);
        promises.get(0).fail("boom");
        assertThat(started).containsExactly(0, 1, 2, 3);
        assertThat(results.get(0).failed()).isTrue();
        assertThat(results.get(1).result()).isEqualTo(1);
        promises.get(2).complete(2);
        promises.get(3).complete(3);
        promises.get(4).complete(4);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(throttle.running()).isZero();
        assertThat(results.get(4).result()).isEqualTo(4);
    }

    @Test
    void aTaskThatThrowsReleasesItsPermit() {
        Throttle throttle = new Throttle(1);
        Future<Object> f = throttle.run(() -> {
            throw new IllegalStateException("no");
        });
        assertThat(f.failed()).isTrue();
        assertThat(throttle.running()).isZero();
    }

    @Test
    void atLeastOnePermit() {
        assertThatThrownBy(() -> new Throttle(0)).hasMessage("throttle: permits must be >= 1, got 0");
    }
}
