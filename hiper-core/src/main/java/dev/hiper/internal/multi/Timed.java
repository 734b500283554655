package dev.hiper.internal.multi;

/** What the engine's timer heap holds: something with an earliest deadline. */
public interface Timed {
    /** Engine-relative nanoseconds; {@link Long#MAX_VALUE} when there is none. */
    long deadline();

    int heapIndex();

    void heapIndex(int index);
}
