package dev.hiper.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.MultiEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A handle added again restarts its last transfer object instead of making a new one
 * ({@link TransferReuse#transferFor}); {@link Transfer#restart} must leave every field as the
 * constructor does, including fields added later: this test finds each one by reflection.
 */
class TransferRestartTest {
    private final MultiEngine engine = new MultiEngine(null, e -> null, Clock.SYSTEM);

    @Test
    void restartLeavesEveryFieldAsANewTransferHasIt() throws Exception {
        EasyHandle easy = new EasyHandle(null);
        Map<Field, Object> fresh = values(new Transfer(engine, easy));
        Transfer t = new Transfer(engine, easy);
        List<String> changed = new ArrayList<>();
        for (Field f : fresh.keySet()) {
            f.set(t, other(f, fresh.get(f), t));
            changed.add(f.getName());
        }
        assertTrue(changed.size() >= 10, "the transfer's own state was changed: " + changed);
        for (Field f : fresh.keySet()) {
            assertNotEquals(fresh.get(f), f.get(t), f.getName() + " was changed before the restart");
        }
        t.restart();
        for (Map.Entry<Field, Object> e : fresh.entrySet()) {
            Object now = e.getKey().get(t);
            assertTrue(Objects.equals(e.getValue(), now), "restart() leaves " + e.getKey().getName() + " at " + now
                    + ", a new transfer has " + e.getValue());
        }
    }

    @Test
    void onlyASpentTransferIsKeptAndOnlyForItsOwnEngine() {
        EasyHandle easy = new EasyHandle(null);
        Transfer first = new Transfer(engine, easy);
        TransferReuse.removed(first); // INIT: not spent, the engine may still hold it
        assertFalse(first.spent());
        assertNotSame(first, TransferReuse.transferFor(engine, easy), "a transfer not yet ended is not kept");

        first.abandon(); // COMPLETED and holding nothing
        assertTrue(first.spent());
        TransferReuse.removed(first);
        MultiEngine other = new MultiEngine(null, e -> null, Clock.SYSTEM);
        Transfer elsewhere = TransferReuse.transferFor(other, easy);
        assertNotSame(first, elsewhere, "another multi's engine gets a transfer of its own");
        assertEquals(other, elsewhere.engine);
        Transfer again = TransferReuse.transferFor(engine, easy);
        assertSame(first, again, "the kept transfer is restarted for its own engine");
        assertEquals(TransferState.INIT, again.state());
        assertNotSame(first, TransferReuse.transferFor(engine, easy), "it is handed out once");
    }

    /** The instance fields a restart must reset: every one that is not final. */
    private static Map<Field, Object> values(Transfer t) throws IllegalAccessException {
        Map<Field, Object> out = new LinkedHashMap<>();
        for (Field f : Transfer.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) || Modifier.isFinal(m)) {
                continue;
            }
            f.setAccessible(true);
            out.put(f, f.get(t));
        }
        return out;
    }

    /** A value of {@code f}'s type different from {@code v}. */
    private static Object other(Field f, Object v, Transfer t) throws Exception {
        Class<?> type = f.getType();
        if (type == boolean.class) {
            return !(Boolean) v;
        }
        if (type == int.class) {
            return (Integer) v + 7;
        }
        if (type == long.class) {
            return (Long) v + 7;
        }
        if (type.isEnum()) {
            Object[] all = type.getEnumConstants();
            return all[(((Enum<?>) v).ordinal() + 1) % all.length];
        }
        if (v != null) {
            return null;
        }
        if (type.isInstance(t)) {
            return t;
        }
        Field u = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        u.setAccessible(true);
        Object unsafe = u.get(null);
        return unsafe.getClass().getMethod("allocateInstance", Class.class).invoke(unsafe, type);
    }
}
