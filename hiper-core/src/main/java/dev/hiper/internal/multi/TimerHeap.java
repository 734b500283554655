package dev.hiper.internal.multi;

import java.util.Arrays;

/**
 * A binary min-heap of transfers ordered by their earliest deadline, with each element's index
 * kept in the element so that a changed deadline is moved in O(log n) (STYLE: timers in an
 * O(log n) structure). Deadlines are engine-relative nanoseconds, never negative.
 */
final class TimerHeap {
    private Timed[] heap = new Timed[64];
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
        if (i < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = t;
            t.heapIndex(size);
            size++;
            siftUp(size - 1);
        } else {
            siftUp(i);
            siftDown(t.heapIndex());
        }
    }

    void remove(Timed t) {
        int i = t.heapIndex();
        if (i < 0) {
            return;
        }
        size--;
        Timed last = heap[size];
        heap[size] = null;
        t.heapIndex(-1);
        if (i != size) {
            heap[i] = last;
            last.heapIndex(i);
            siftUp(i);
            siftDown(last.heapIndex());
        }
    }

    private void siftUp(int i) {
        Timed t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timed p = heap[parent];
            if (p.deadline() <= t.deadline()) {
                break;
            }
            heap[i] = p;
            p.heapIndex(i);
            i = parent;
        }
        heap[i] = t;
        t.heapIndex(i);
    }

    private void siftDown(int i) {
        Timed t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timed c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].deadline() < c.deadline()) {
                child = right;
                c = heap[child];
            }
            if (t.deadline() <= c.deadline()) {
                break;
            }
            heap[i] = c;
            c.heapIndex(i);
            i = child;
        }
        heap[i] = t;
        t.heapIndex(i);
    }
}
