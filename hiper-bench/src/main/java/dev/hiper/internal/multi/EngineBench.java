package dev.hiper.internal.multi;

import dev.hiper.internal.io.Clock;
import java.nio.channels.Pipe;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's bookkeeping per event: the socket table's interest diff
 * ({@link SocketTable#applyPollset}) and the timer heap ({@link TimerHeap}) with many transfers.
 * In this package so that the package-private pieces are reachable (class path, not module path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBench {
    @Param({"10000"})
    public int transfers;

    private MultiEngine engine;
    private Pipe pipe;
    private SocketEntry socket;
    private final SocketEntry[] oldEntries = new SocketEntry[4];
    private final int[] oldMasks = new int[4];
    private int oldCount;
    private final SocketEntry[] in = new SocketEntry[4];
    private final int[] inMask = {1, 0, 0, 0};
    private final int[] outMask = {2, 0, 0, 0};
    private boolean flip;

    private TimerHeap heap;
    private Item[] items;
    private long clock;
    private int next;

    /** A heap element with a settable deadline. */
    static final class Item implements Timed {
        long deadline;
        int index = -1;

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

    @Setup(Level.Trial)
    public void setup() throws Exception {
        engine = new MultiEngine(null, e -> null, Clock.SYSTEM);
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        socket = engine.openSocket(pipe.source(), null);
        in[0] = socket;
        heap = new TimerHeap();
        items = new Item[transfers];
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < transfers; i++) {
            items[i] = new Item();
            items[i].deadline = r.nextInt(1_000_000_000);
            heap.upsert(items[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        pipe.source().close();
        pipe.sink().close();
    }

    /** A transfer that keeps waiting for the same thing: the diff finds nothing to do. */
    @Benchmark
    public int pollsetUnchanged() {
        in[0] = socket; // the diff clears what it took
        oldCount = engine.table.applyPollset(oldEntries, oldMasks, oldCount, in, inMask, 1, null);
        return oldCount;
    }

    /** A transfer that turns from sending to receiving and back: counts move, the socket is marked. */
    @Benchmark
    public int pollsetFlip() {
        flip = !flip;
        in[0] = socket;
        oldCount = engine.table.applyPollset(oldEntries, oldMasks, oldCount, in, flip ? inMask : outMask, 1, null);
        socket.dirty = false; // as the flush at the end of an engine call leaves it
        engine.table.clearDirty();
        return oldCount;
    }

    /** One transfer's deadline moves later among many (a progress or timeout re-arm). */
    @Benchmark
    public Object timerReschedule() {
        Item it = items[next];
        next = next + 1 == items.length ? 0 : next + 1;
        clock += 1000;
        it.deadline = clock + 1_000_000_000L;
        heap.upsert(it);
        return heap.peek();
    }

    /** The earliest transfer fires and re-arms later (a run-now timer taken and put back). */
    @Benchmark
    public Object timerPopAndReinsert() {
        Timed top = heap.peek();
        heap.remove(top);
        Item it = (Item) top;
        it.deadline += 1_000_000_000L;
        heap.upsert(it);
        return heap.peek();
    }
}
