package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.io.Clock;
import dev.hiper.internal.io.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The contract tests' own event loop, written from the seeds' eight steps: recording socket and
 * timer callbacks, a {@code java.nio} {@link Selector} registered for
 * {@link CurlSocket#interestOps}, and {@code socketAction} for every ready socket and for the
 * timer. With a {@link ManualClock} the timer is honoured by moving the clock, never by sleeping.
 *
 * <p>Invariants that hold for every rule (a {@code what} outside the four values, REMOVE of a
 * socket never announced, REMOVE after its channel closed, {@code OP_CONNECT} asked for a connected
 * socket, a timer value out of range, a timer call during cleanup) are collected in
 * {@link #violations} rather than thrown, because an exception inside a callback counts as -1.
 */
final class ContractKit implements AutoCloseable {

    /** One socket callback, as seen by the application. */
    static final class SockEv {
        final int call;
        final CurlEasy easy;
        final CurlSocket s;
        final int what;
        final Object socketp;
        final boolean channelOpen;
        final boolean connected;
        final int ops;
        final boolean duringCleanup;

        SockEv(int call, CurlEasy easy, CurlSocket s, int what, Object socketp, boolean channelOpen,
                boolean connected, int ops, boolean duringCleanup) {
            this.call = call;
            this.easy = easy;
            this.s = s;
            this.what = what;
            this.socketp = socketp;
            this.channelOpen = channelOpen;
            this.connected = connected;
            this.ops = ops;
            this.duringCleanup = duringCleanup;
        }

        @Override
        public String toString() {
            return "call " + call + ": " + s + " what=" + what + " ops=" + ops + " socketp=" + socketp
                    + (connected ? " connected" : "");
        }
    }

    /** One timer callback. */
    static final class TimerEv {
        final int call;
        final long ms;

        TimerEv(int call, long ms) {
            this.call = call;
            this.ms = ms;
        }

        @Override
        public String toString() {
            return "call " + call + ": timer " + ms;
        }
    }

    /** One finished transfer, with the kit call that queued it (when the kit drains). */
    static final class Done {
        final int call;
        final CurlEasy easy;
        final CurlCode result;

        Done(int call, CurlEasy easy, CurlCode result) {
            this.call = call;
            this.easy = easy;
            this.result = result;
        }

        @Override
        public String toString() {
            return "call " + call + ": DONE " + result + " " + easy;
        }
    }

    interface SocketHook {
        /** Runs inside the socket callback; its answer is the callback's return value. */
        int on(CurlEasy easy, CurlSocket s, int what, Object socketp);
    }

    interface TimerHook {
        /** Runs inside the timer callback; its answer is the callback's return value. */
        int on(long ms);
    }

    final CurlMulti multi;
    final ManualClock clock;
    final Selector selector;
    final List<SockEv> sockEvents = new ArrayList<>();
    final List<TimerEv> timerEvents = new ArrayList<>();
    final List<Done> done = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    /** The {@code what} currently announced per socket (REMOVEd sockets are absent). */
    final Map<CurlSocket, Integer> watched = new HashMap<>();
    /** Every channel ever announced. */
    final Set<SelectableChannel> channels = new LinkedHashSet<>();
    /** Easy handles the test added; others seen in callbacks are internal. */
    final Set<CurlEasy> added = new HashSet<>();

    SocketHook socketHook;
    TimerHook timerHook;
    /** Drain finished transfers into {@link #done} after every kit call. */
    boolean autoDrain = true;
    /** With a manual clock: move the clock to the timer when no socket is ready. */
    boolean autoJump = true;
    /** With a manual clock: how long (real ms) to wait for sockets before moving the clock. */
    long jumpAfterIdleMs = 100;
    boolean inCleanup;
    /** Drive with the deprecated {@code socket(s)} instead of {@code socketAction(s, ev)}. */
    boolean viaDeprecatedSocket;
    /** Runs after every kit call (after draining). */
    Runnable afterCall;
    /** Kit calls so far; callbacks are stamped with it. */
    int call;

    /** Timer state, in the clock's nanoseconds. */
    private boolean timerSet;
    private long timerAt;

    private ContractKit(ManualClock clock) {
        this.clock = clock;
        this.multi = clock == null ? CurlMulti.init() : CurlMulti.init(clock);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        multi.setopt(CURLMOPT_SOCKETFUNCTION, this::onSocket);
        multi.setopt(CURLMOPT_TIMERFUNCTION, this::onTimer);
    }

    /** A multi on the system clock. */
    static ContractKit real() {
        return new ContractKit(null);
    }

    /** A multi on a manual clock. */
    static ContractKit manual() {
        return new ContractKit(new ManualClock());
    }

    private long nowNanos() {
        return clock != null ? clock.nanoTime() : Clock.SYSTEM.nanoTime();
    }

    // ---- callbacks ----

    private int onSocket(CurlEasy easy, CurlSocket s, int what, Object clientp, Object socketp) {
        SelectableChannel ch = s.channel();
        boolean open = ch != null && ch.isOpen();
        boolean connected = ch instanceof SocketChannel && ((SocketChannel) ch).isConnected();
        int ops = what == CURL_POLL_REMOVE ? 0 : s.interestOps(what);
        sockEvents.add(new SockEv(call, easy, s, what, socketp, open, connected, ops, inCleanup));
        if (ch != null) {
            channels.add(ch);
        }
        if (easy == null) {
            violations.add("socket callback with a null easy: " + s);
        }
        if (what != CURL_POLL_IN && what != CURL_POLL_OUT && what != CURL_POLL_INOUT && what != CURL_POLL_REMOVE) {
            violations.add("rule 7: what=" + what + " for " + s);
        }
        if (what == CURL_POLL_REMOVE) {
            if (watched.remove(s) == null) {
                violations.add("rule 9: REMOVE of a socket not announced: " + s);
            }
            if (!open) {
                violations.add("rule 9: REMOVE after the channel closed: " + s);
            }
        } else {
            watched.put(s, what);
            if (connected && (ops & SelectionKey.OP_CONNECT) != 0) {
                violations.add("rule 8a: OP_CONNECT asked for a connected socket: " + s);
            }
        }
        if (ch != null) {
            try {
                SelectionKey key = ch.keyFor(selector);
                if (key != null && key.isValid()) {
                    key.interestOps(ops);
                } else if (ops != 0 && ch.isOpen()) {
                    ch.register(selector, ops, s);
                }
            } catch (ClosedChannelException | CancelledKeyException e) {
                violations.add("announced a closed channel: " + s + " what=" + what);
            }
        }
        return socketHook == null ? 0 : socketHook.on(easy, s, what, socketp);
    }

    private int onTimer(CurlMulti m, long ms, Object clientp) {
        timerEvents.add(new TimerEv(call, ms));
        if (m != multi) {
            violations.add("timer callback with another multi");
        }
        if (ms < -1 || ms > Integer.MAX_VALUE) {
            violations.add("rule 4: timer value out of range: " + ms);
        }
        if (inCleanup) {
            violations.add("rule 23: timer callback during cleanup: " + ms);
        }
        if (ms < 0) {
            timerSet = false;
        } else {
            timerSet = true;
            timerAt = nowNanos() + ms * 1_000_000L;
        }
        return timerHook == null ? 0 : timerHook.on(ms);
    }

    // ---- driving ----

    /** Runs one API call as a numbered kit call, then drains finished transfers (if told to). */
    CurlMCode call(Supplier<CurlMCode> c) {
        call++;
        CurlMCode mc = c.get();
        if (autoDrain) {
            drain();
        }
        if (afterCall != null) {
            afterCall.run();
        }
        return mc;
    }

    void drain() {
        CurlMsg m;
        while ((m = multi.infoRead()) != null) {
            assertEquals(CURLMSG_DONE, m.msg());
            done.add(new Done(call, m.easy(), m.result()));
        }
    }

    CurlMCode add(CurlEasy e) {
        CurlMCode mc = call(() -> multi.addHandle(e));
        if (mc == CurlMCode.CURLM_OK) {
            added.add(e);
        }
        return mc;
    }

    CurlMCode remove(CurlEasy e) {
        return call(() -> multi.removeHandle(e));
    }

    @SuppressWarnings("deprecation")
    CurlMCode action(CurlSocket s, int ev) {
        if (viaDeprecatedSocket) {
            return call(() -> multi.socket(s));
        }
        return call(() -> multi.socketAction(s, ev));
    }

    CurlMCode kick() {
        return action(CURL_SOCKET_TIMEOUT, 0);
    }

    boolean timerSet() {
        return timerSet;
    }

    /** Milliseconds until the last reported timer, rounded up; -1 when none. */
    long timerLeftMs() {
        if (!timerSet) {
            return -1;
        }
        long left = timerAt - nowNanos();
        return left <= 0 ? 0 : (left + 999_999) / 1_000_000;
    }

    /** Dispatches the sockets the selector reports ready within {@code waitMs} (0: select now). */
    int pumpSockets(long waitMs) {
        try {
            if (waitMs <= 0) {
                selector.selectNow();
            } else {
                selector.select(waitMs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = 0;
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            int ready;
            try {
                if (!key.isValid()) {
                    continue;
                }
                ready = key.readyOps();
            } catch (CancelledKeyException e) {
                continue;
            }
            int ev = 0;
            if ((ready & SelectionKey.OP_READ) != 0) {
                ev |= CURL_CSELECT_IN;
            }
            if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                ev |= CURL_CSELECT_OUT;
            }
            CurlSocket s = (CurlSocket) key.attachment();
            int evf = ev;
            CurlMCode mc = action(s, evf);
            assertEquals(CurlMCode.CURLM_OK, mc, "socketAction(" + s + ", " + ev + ")");
            n++;
        }
        return n;
    }

    /**
     * One round of the eight-step loop: wait for sockets no longer than the timer says (at most
     * {@code maxWaitMs}), act on ready sockets, then on the timer if it is due. With a manual
     * clock and {@link #autoJump}, the clock moves to the timer once no socket was ready for
     * {@link #jumpAfterIdleMs}.
     */
    void step(long maxWaitMs) {
        long left = timerLeftMs();
        if (clock == null) {
            long wait = left < 0 ? maxWaitMs : Math.min(left, maxWaitMs);
            pumpSockets(wait);
            if (timerSet && timerLeftMs() == 0) {
                timerSet = false;
                assertEquals(CurlMCode.CURLM_OK, kick());
            }
            return;
        }
        if (timerSet && left == 0) {
            pumpSockets(0);
            if (timerSet && timerLeftMs() == 0) {
                timerSet = false;
                assertEquals(CurlMCode.CURLM_OK, kick());
            }
            return;
        }
        long wait = timerSet && autoJump ? Math.min(jumpAfterIdleMs, maxWaitMs) : maxWaitMs;
        int n = pumpSockets(wait);
        if (n == 0 && timerSet && autoJump) {
            long l = timerLeftMs();
            if (l > 0) {
                clock.advanceMillis(l);
            }
            timerSet = false;
            assertEquals(CurlMCode.CURLM_OK, kick());
        }
    }

    /** Rounds until {@code cond} holds; fails after {@code realMs} of real time. */
    void runUntil(BooleanSupplier cond, long realMs, String what) {
        long end = System.nanoTime() + realMs * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("timed out waiting for " + what + "; running=" + multi.runningHandles() + " done=" + done
                        + " timer=" + timerEvents + "\nsockets=" + sockEvents);
            }
            step(50);
        }
    }

    /** The result of {@code e}'s DONE message; fails if there is none or more than one. */
    CurlCode resultOf(CurlEasy e) {
        CurlCode r = null;
        for (Done d : done) {
            if (d.easy == e) {
                assertNull(r, "two DONE messages for one transfer");
                r = d.result;
            }
        }
        assertNotNull(r, "no DONE message for " + e);
        return r;
    }

    Done doneOf(CurlEasy e) {
        for (Done d : done) {
            if (d.easy == e) {
                return d;
            }
        }
        return null;
    }

    List<SockEv> eventsFor(CurlSocket s) {
        List<SockEv> out = new ArrayList<>();
        for (SockEv e : sockEvents) {
            if (e.s == s) {
                out.add(e);
            }
        }
        return out;
    }

    /** The sockets announced for {@code e}, in first-announce order. */
    List<CurlSocket> socketsOf(CurlEasy e) {
        List<CurlSocket> out = new ArrayList<>();
        for (SockEv ev : sockEvents) {
            if (ev.easy == e && ev.what != CURL_POLL_REMOVE && !out.contains(ev.s)) {
                out.add(ev.s);
            }
        }
        return out;
    }

    int openChannels() {
        return multi.engine().openChannels();
    }

    void assertNoViolations() {
        for (CurlSocket s : watched.keySet()) {
            if (!s.channel().isOpen()) {
                violations.add("rule 9: an announced socket was closed without REMOVE: " + s);
            }
        }
        assertTrue(violations.isEmpty(), () -> "contract violations: " + violations + "\nsockets=" + sockEvents);
    }

    /** Cleans the multi up (timer calls during it are violations). */
    CurlMCode cleanup() {
        inCleanup = true;
        try {
            return call(() -> multi.cleanup());
        } finally {
            inCleanup = false;
        }
    }

    @Override
    public void close() {
        if (!multi.engine().isClosed()) {
            autoDrain = false;
            cleanup();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    // ---- easy handles ----

    /** An easy handle for {@code url} whose body goes to {@code sink} (may be null). */
    static CurlEasy easy(String url, ByteArrayOutputStream sink) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, url);
        e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
            int n = data.remaining();
            if (sink != null) {
                byte[] b = new byte[n];
                data.get(b);
                sink.write(b, 0, n);
            }
            return n;
        });
        return e;
    }

    static CurlEasy easy(String url) {
        return easy(url, null);
    }

    // ---- a listener whose handshakes stall ----

    /**
     * A listener with a full accept queue: connects to it stay pending (the SYN is dropped) until
     * {@link #release} starts accepting. The only portable way to keep a loopback TCP connect in
     * flight, since some network stacks complete loopback connects at once.
     */
    static final class StuckListener implements AutoCloseable {
        final ServerSocketChannel server;
        final List<SocketChannel> fillers = new ArrayList<>();
        private Thread acceptor;
        private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();

        StuckListener(InetSocketAddress bind) throws IOException, InterruptedException {
            server = ServerSocketChannel.open();
            server.bind(bind, 1);
            boolean stuck = false;
            for (int i = 0; i < 16 && !stuck; i++) {
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                fillers.add(c);
                if (!c.connect(server.getLocalAddress())) {
                    Thread.sleep(50);
                    stuck = !c.finishConnect();
                }
            }
            assertTrue(stuck, "could not fill the accept queue of a loopback listener");
        }

        int port() {
            return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
        }

        /** Starts accepting; each accepted connection (fillers included) goes to {@code handler} on its own thread. */
        void release(Consumer<SocketChannel> handler) {
            for (SocketChannel f : fillers) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // a filler has served its purpose
                }
            }
            acceptor = new Thread(() -> {
                try {
                    for (;;) {
                        SocketChannel c = server.accept();
                        accepted.add(c);
                        Thread t = new Thread(() -> handler.accept(c), "stuck-listener-conn");
                        t.setDaemon(true);
                        t.start();
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "stuck-listener-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel f : fillers) {
                f.close();
            }
            for (SocketChannel c : accepted) {
                c.close();
            }
        }
    }
}
