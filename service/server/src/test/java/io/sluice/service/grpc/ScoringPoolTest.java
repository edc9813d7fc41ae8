package io.sluice.service.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.shaping.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScoringPoolTest {

    private static final Duration TARGET = Duration.ofMillis(10);
    private static final long MILLIS = 1_000_000;

    @Test
    void workBeyondTheQueueBoundIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScoringPool pool = new ScoringPool(1, 2, TARGET, Ticker.SYSTEM)) {
            holdTheThread(pool, release);
            assertThat(pool.trySubmit(() -> { })).isTrue();
            assertThat(pool.trySubmit(() -> { })).isTrue();

            assertThat(pool.trySubmit(() -> { })).isFalse();
            assertThat(pool.queued()).isEqualTo(2);

            release.countDown();
        }
    }

    @Test
    void queueDelayIsHowLongTheOldestWaitingWorkHasWaitedAndZeroOnceNoneWaits() throws Exception {
        AtomicLong nanos = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queuedDone = new CountDownLatch(2);
        try (ScoringPool pool = new ScoringPool(1, 4, TARGET, nanos::get)) {
            holdTheThread(pool, release);
            assertThat(pool.queueDelayNanos()).isZero();

            pool.trySubmit(queuedDone::countDown);
            nanos.addAndGet(3_000_000);
            pool.trySubmit(queuedDone::countDown);
            nanos.addAndGet(2_000_000);
            assertThat(pool.queueDelayNanos()).isEqualTo(5_000_000);

            release.countDown();
            assertThat(queuedDone.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.queueDelayNanos()).isZero();
        }
    }

    @Test
    void aBacklogCountsAsStandingOnlyAfterWorkHasLeftItLateForAWholeInterval() throws Exception {
        AtomicLong nanos = new AtomicLong();
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        try (ScoringPool pool = new ScoringPool(1, 4, TARGET, nanos::get)) {
            pool.trySubmit(() -> awaitQuietly(releaseFirst));
            pool.trySubmit(() -> {
                secondStarted.countDown();
                awaitQuietly(releaseSecond);
            });
            nanos.set(30 * MILLIS);
            assertThat(pool.standingQueueDelayNanos()).as("a 30 ms burst, nothing left late yet").isZero();

            releaseFirst.countDown();
            assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
            pool.trySubmit(() -> { });
            nanos.set(100 * MILLIS);
            assertThat(pool.standingQueueDelayNanos()).as("work left late 70 ms ago").isZero();

            nanos.set(131 * MILLIS);
            assertThat(pool.standingQueueDelayNanos()).as("work left late a whole interval ago")
                    .isEqualTo(101 * MILLIS);
            releaseSecond.countDown();
        }
    }

    @Test
    void workWaitingOverTheTargetForAnIntervalWhileEveryThreadIsStuckIsAStandingQueue() throws Exception {
        AtomicLong nanos = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        try (ScoringPool pool = new ScoringPool(1, 4, TARGET, nanos::get)) {
            holdTheThread(pool, release);
            pool.trySubmit(() -> { });
            nanos.set(109 * MILLIS);
            assertThat(pool.standingQueueDelayNanos()).isZero();
            nanos.set(110 * MILLIS);
            assertThat(pool.standingQueueDelayNanos()).isEqualTo(110 * MILLIS);
            release.countDown();
        }
    }

    @Test
    void drainLetsQueuedWorkFinish() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        ScoringPool pool = new ScoringPool(1, 8, TARGET, Ticker.SYSTEM);
        for (int i = 0; i < 3; i++) {
            pool.trySubmit(done::countDown);
        }
        pool.drain(5_000);

        assertThat(done.getCount()).isZero();
        assertThat(pool.trySubmit(() -> { })).isFalse();
    }

    /** Gives the pool's only thread work that holds it until {@code release}, and waits until it does. */
    private static void holdTheThread(ScoringPool pool, CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        assertThat(pool.trySubmit(() -> {
            started.countDown();
            awaitQuietly(release);
        })).isTrue();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
