package dev.hiper.internal.http2;

import dev.hiper.internal.io.Clock;

/**
 * Counts events against a rate: a token bucket that holds up to {@code perSecond} tokens and
 * refills at {@code perSecond} a second, so a burst of one second's worth passes at once and the
 * sustained rate can not exceed the limit. Time comes from the injected {@link Clock}, so tests
 * move it by hand. Used for RST_STREAM frames from the peer, the shape of the 2023 "rapid reset"
 * attack (CVE-2023-44487).
 */
public final class RateLimit {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final long perSecond;
    /** Tokens scaled by one second in nanoseconds, so refills need no division. */
    private long scaledTokens;
    private long lastRefill;

    public RateLimit(long perSecond, Clock clock) {
        if (perSecond <= 0 || perSecond > 1_000_000) { // the bound keeps the scaled arithmetic within a long
            throw new IllegalArgumentException("perSecond " + perSecond);
        }
        this.clock = clock;
        this.perSecond = perSecond;
        this.scaledTokens = perSecond * NANOS_PER_SECOND;
        this.lastRefill = clock.nanoTime();
    }

    /** Records one event; false when it goes over the rate (the event is not counted then). */
    public boolean tryAcquire() {
        long now = clock.nanoTime();
        long elapsed = Math.max(0, now - lastRefill);
        lastRefill = now;
        long capacity = perSecond * NANOS_PER_SECOND;
        long refill = elapsed >= NANOS_PER_SECOND ? capacity : elapsed * perSecond;
        scaledTokens = Math.min(capacity, scaledTokens + refill);
        if (scaledTokens < NANOS_PER_SECOND) {
            return false;
        }
        scaledTokens -= NANOS_PER_SECOND;
        return true;
    }

    /** The configured events per second. */
    public long perSecond() {
        return perSecond;
    }
}
