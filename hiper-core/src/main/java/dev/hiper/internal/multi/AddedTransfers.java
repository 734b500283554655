package dev.hiper.internal.multi;

import dev.hiper.internal.transfer.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * The transfers of a multi, in the order they were added: a list through the transfers' own
 * links ({@link Transfer#addedPrev}, {@link Transfer#addedNext}). Adding and removing a handle
 * happens once per request on a busy multi; a {@code LinkedHashSet} made an entry object each
 * time, this makes none.
 *
 * <p>Walks over all of them ({@link #snapshot}) copy the list first, because what they call may
 * add or remove handles.
 */
final class AddedTransfers {
    private Transfer head;
    private Transfer tail;
    private int size;

    /** Appends {@code t}; false when it is in the list already. */
    boolean add(Transfer t) {
        if (t.addedIn) {
            return false;
        }
        t.addedIn = true;
        t.addedPrev = tail;
        t.addedNext = null;
        if (tail == null) {
            head = t;
        } else {
            tail.addedNext = t;
        }
        tail = t;
        size++;
        return true;
    }

    /** Takes {@code t} out; false when it was not in the list. */
    boolean remove(Transfer t) {
        if (!t.addedIn) {
            return false;
        }
        if (t.addedPrev == null) {
            head = t.addedNext;
        } else {
            t.addedPrev.addedNext = t.addedNext;
        }
        if (t.addedNext == null) {
            tail = t.addedPrev;
        } else {
            t.addedNext.addedPrev = t.addedPrev;
        }
        t.addedPrev = null;
        t.addedNext = null;
        t.addedIn = false;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Every transfer, oldest first, in a list of its own. */
    List<Transfer> snapshot() {
        List<Transfer> all = new ArrayList<>(size);
        for (Transfer t = head; t != null; t = t.addedNext) {
            all.add(t);
        }
        return all;
    }

    /** Takes every transfer out. */
    void clear() {
        while (head != null) {
            remove(head);
        }
    }
}
