package dev.hiper.internal.multi;

import java.util.Arrays;

/**
 * A binary min-heap of transfers ordered by their earliest deadline, with each element's index
 * kept in the element so that a changed deadline is moved in O(log n) (STYLE: timers in an
 * O(log n) structure). Deadlines are engine-relative nanoseconds, never negative.
 */
final class TimerHeap {
    private Timed[] heap = new Timed[64];
    /**
     * {@code keys[i]} is {@code heap[i].deadline()} as of its last upsert: the sifts compare
     * these longs, side by side in one array, instead of calling into every element they pass
     * (a cache miss each, with thousands of transfers).
     */
    private long[] keys = new long[64];
    private int size;

    int size() {
        return size;
    }

    Timed peek() {
        return size == 0 ? null : heap[0];
    }

    /** Adds {@code t}, or moves it if it is already in the heap. */
    void upsert(Timed t) {
        int i = t.heapIndex();
        long key = t.deadline();
        if (i < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
            }
            size++;
            siftUp(size - 1, t, key);
        } else if (i > 0 && key < keys[(i - 1) >>> 1]) {
            siftUp(i, t, key);
        } else {
            siftDown(i, t, key);
        }
    }

    void remove(Timed t) {
        int i = t.heapIndex();
        if (i < 0) {
            return;
        }
        size--;
        Timed last = heap[size];
        long lastKey = keys[size];
        heap[size] = null;
        t.heapIndex(-1);
        if (i != size) {
            if (i > 0 && lastKey < keys[(i - 1) >>> 1]) {
                siftUp(i, last, lastKey);
            } else {
                siftDown(i, last, lastKey);
            }
        }
    }

    /** Places {@code t} (deadline {@code key}) at {@code i} or above. */
    private void siftUp(int i, Timed t, long key) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pk = keys[parent];
            if (pk <= key) {
                break;
            }
            Timed p = heap[parent];
            heap[i] = p;
            keys[i] = pk;
            p.heapIndex(i);
            i = parent;
        }
        heap[i] = t;
        keys[i] = key;
        t.heapIndex(i);
    }

    /** Places {@code t} (deadline {@code key}) at {@code i} or below. */
    private void siftDown(int i, Timed t, long key) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long ck = keys[child];
            int right = child + 1;
            if (right < size && keys[right] < ck) {
                child = right;
                ck = keys[right];
            }
            if (key <= ck) {
                break;
            }
            Timed c = heap[child];
            heap[i] = c;
            keys[i] = ck;
            c.heapIndex(i);
            i = child;
        }
        heap[i] = t;
        keys[i] = key;
        t.heapIndex(i);
    }
}
