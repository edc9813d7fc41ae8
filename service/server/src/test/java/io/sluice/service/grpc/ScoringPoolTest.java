package io.sluice.service.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScoringPoolTest {

    @Test
    void workBeyondTheQueueBoundIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (ScoringPool pool = new ScoringPool(1, 2)) {
            assertThat(pool.trySubmit(() -> {
                started.countDown();
                awaitQuietly(release);
            })).isTrue();
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.trySubmit(() -> { })).isTrue();
            assertThat(pool.trySubmit(() -> { })).isTrue();

            assertThat(pool.trySubmit(() -> { })).isFalse();
            assertThat(pool.queued()).isEqualTo(2);

            release.countDown();
        }
    }

    @Test
    void drainLetsQueuedWorkFinish() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        ScoringPool pool = new ScoringPool(1, 8);
        for (int i = 0; i < 3; i++) {
            pool.trySubmit(done::countDown);
        }
        pool.drain(5_000);

        assertThat(done.getCount()).isZero();
        assertThat(pool.trySubmit(() -> { })).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
