package dev.hiper.internal.io;

/** A clock that moves only when told to: for tests of deadlines. */
public final class ManualClock implements Clock {
    private long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    public void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    public void advanceNanos(long ns) {
        now += ns;
    }
}
