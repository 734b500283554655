package dev.hiper.internal.io;

/**
 * The engine's one source of time, so that tests of timeouts can move time by hand instead of
 * sleeping (DESIGN.md, rules of the house).
 */
public interface Clock {
    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    Clock SYSTEM = System::nanoTime;
}
