package io.sluice.service.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per peer and refuses a peer that fails {@code maxFailures} times within
 * {@code window} until the window since its first failure has passed, so a token cannot be guessed at wire speed.
 */
final class AuthFailureThrottle {

    /** Peers tracked at most; past this, expired entries are dropped and then the oldest peers' counts reset. */
    private static final int MAX_PEERS = 4096;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Failures> byPeer = new ConcurrentHashMap<>();

    AuthFailureThrottle(int maxFailures, Duration window, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** How long {@code peer} must still wait, or zero when it may try. */
    Duration retryAfter(String peer) {
        Failures failures = byPeer.get(peer);
        long now = nanoClock.getAsLong();
        if (failures == null || now - failures.since >= windowNanos) {
            return Duration.ZERO;
        }
        return failures.count >= maxFailures ? Duration.ofNanos(windowNanos - (now - failures.since)) : Duration.ZERO;
    }

    /** Records a failed attempt by {@code peer}. */
    void failed(String peer) {
        long now = nanoClock.getAsLong();
        if (byPeer.size() >= MAX_PEERS) {
            byPeer.values().removeIf(f -> now - f.since >= windowNanos);
            if (byPeer.size() >= MAX_PEERS) {
                byPeer.clear();
            }
        }
        byPeer.compute(peer, (key, old) -> old == null || now - old.since >= windowNanos
                ? new Failures(now, 1) : new Failures(old.since, old.count + 1));
    }

    private record Failures(long since, int count) {
    }
}
