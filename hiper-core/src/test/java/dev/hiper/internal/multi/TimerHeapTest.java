package dev.hiper.internal.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer heap against a plain list: the same earliest deadline after every operation. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerHeapTest {
    static final class Item implements Timed {
        long deadline;
        int index = -1;

        Item(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public int heapIndex() {
            return index;
        }

        @Override
        public void heapIndex(int i) {
            index = i;
        }
    }

    @Test
    void emptyHeapHasNoTop() {
        TimerHeap h = new TimerHeap();
        assertNull(h.peek());
        h.remove(new Item(5)); // not in it: nothing happens
        assertEquals(0, h.size());
    }

    @Test
    void movedDeadlinesKeepTheEarliestOnTop() {
        TimerHeap h = new TimerHeap();
        Item a = new Item(30);
        Item b = new Item(20);
        Item c = new Item(10);
        h.upsert(a);
        h.upsert(b);
        h.upsert(c);
        assertSame(c, h.peek());
        c.deadline = 40; // later: sinks
        h.upsert(c);
        assertSame(b, h.peek());
        a.deadline = 5; // earlier: rises
        h.upsert(a);
        assertSame(a, h.peek());
        h.remove(a);
        assertEquals(-1, a.heapIndex());
        assertSame(b, h.peek());
        assertEquals(2, h.size());
    }

    @Test
    void randomOperationsMatchAList() {
        Random r = new Random(7);
        TimerHeap h = new TimerHeap();
        List<Item> in = new ArrayList<>();
        List<Item> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(new Item(r.nextInt(1000)));
        }
        for (int step = 0; step < 50_000; step++) {
            Item it = all.get(r.nextInt(all.size()));
            switch (r.nextInt(3)) {
                case 0:
                case 1:
                    it.deadline = r.nextInt(1000);
                    h.upsert(it);
                    if (!in.contains(it)) {
                        in.add(it);
                    }
                    break;
                default:
                    h.remove(it);
                    in.remove(it);
                    assertEquals(-1, it.heapIndex());
                    break;
            }
            assertEquals(in.size(), h.size());
            if (in.isEmpty()) {
                assertNull(h.peek());
            } else {
                long min = in.stream().mapToLong(Item::deadline).min().getAsLong();
                assertEquals(min, h.peek().deadline());
                assertTrue(h.peek().heapIndex() == 0);
            }
        }
    }

    @Test
    void drainsInDeadlineOrder() {
        Random r = new Random(11);
        TimerHeap h = new TimerHeap();
        for (int i = 0; i < 5000; i++) { // grows past its first capacity
            h.upsert(new Item(r.nextInt(100_000)));
        }
        long last = Long.MIN_VALUE;
        while (h.peek() != null) {
            Timed top = h.peek();
            assertTrue(top.deadline() >= last);
            last = top.deadline();
            h.remove(top);
        }
        assertEquals(0, h.size());
    }
}
