package dev.hiper.internal.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The engine's list of open sockets: insertion order, idempotent add and remove, removal while iterating. */
class SocketListTest {
    private static SocketEntry entry() {
        return new SocketEntry(null, null, null);
    }

    private static List<SocketEntry> items(SocketList l) {
        List<SocketEntry> out = new ArrayList<>();
        for (SocketEntry e : l) {
            out.add(e);
        }
        return out;
    }

    @Test
    void keepsTheOrderOfAddingAndTakesOutFromAnyPlace() {
        SocketList l = new SocketList();
        SocketEntry a = entry();
        SocketEntry b = entry();
        SocketEntry c = entry();
        SocketEntry d = entry();
        l.add(a);
        l.add(b);
        l.add(c);
        l.add(b); // listed already: no second place
        assertEquals(List.of(a, b, c), items(l));
        assertEquals(3, l.size());
        l.remove(b); // the middle
        assertEquals(List.of(a, c), items(l));
        l.remove(b); // not listed: nothing
        assertEquals(2, l.size());
        l.remove(a); // the first
        l.add(d);
        l.add(b);
        assertEquals(List.of(c, d, b), items(l));
        l.remove(b); // the last
        l.add(a);
        assertEquals(List.of(c, d, a), items(l));
        assertEquals(List.of(c, d, a), l.snapshot());
        l.remove(c);
        l.remove(d);
        l.remove(a);
        assertEquals(List.of(), items(l));
        assertEquals(0, l.size());
        l.add(a);
        assertEquals(List.of(a), items(l), "usable again once empty");
    }

    @Test
    void theEntryAnIterationIsAtMayBeRemoved() {
        SocketList l = new SocketList();
        List<SocketEntry> all = List.of(entry(), entry(), entry(), entry());
        all.forEach(l::add);
        List<SocketEntry> seen = new ArrayList<>();
        for (SocketEntry e : l) {
            seen.add(e);
            l.remove(e);
        }
        assertEquals(all, seen);
        assertEquals(0, l.size());
        Iterator<SocketEntry> it = l.iterator();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }
}
