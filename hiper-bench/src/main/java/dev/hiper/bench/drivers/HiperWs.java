package dev.hiper.bench.drivers;

import static dev.hiper.curl.Curl.*;

import dev.hiper.bench.Workload;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlWsFrame;
import dev.hiper.loop.SelectorLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * hiper's WebSocket as libcurl's application-owned loop, on one thread: each session is a
 * {@code CURLOPT_CONNECT_ONLY} 2 handle whose upgrade runs on a {@link CurlMulti} driven by a
 * {@link SelectorLoop}; once it is done the session's socket ({@code CURLINFO_ACTIVESOCKET}) joins
 * the thread's own {@link Selector}, and {@code wsRecv} / {@code wsSend} do the rest: every frame
 * read as the socket is readable (into one 64 KiB buffer for all sessions), each send kept until
 * the socket takes it (OP_WRITE). While upgrades are under way the thread turns between the two
 * selectors (at most 10 ms on the multi's, then a look at its own); afterwards it waits on its own
 * alone. Work from other threads (the ping ticks, the stream request) is queued to it.
 *
 * <p>Over HTTP/2 ({@link Workload#h2}: the {@code -h2} rows) each session is asked for with
 * {@code CURLOPT_HTTP_VERSION} ({@code CURL_HTTP_VERSION_2TLS} for {@code wss://},
 * {@code 2_PRIOR_KNOWLEDGE} for {@code ws://}) and becomes one stream (RFC 8441) of a shared
 * connection: at most {@link Workload#streams} a connection ({@code CURLMOPT_MAX_CONCURRENT_STREAMS})
 * and {@link Workload#connections} connections ({@code CURLMOPT_MAX_HOST_CONNECTIONS}, no
 * {@code CURLOPT_PIPEWAIT}). A session that did not open over HTTP/2 counts as failed. The
 * sessions of one connection share its socket, so its key carries them all ({@link Shared}): when
 * it is readable each of them reads (one read queues the others' frames on their streams), in
 * passes until one finds nothing.
 */
public final class HiperWs extends WsClient {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final CurlEasy[] easy;
    private final SelectionKey[] keys;
    private final ByteBuffer[] pending;
    private final int[] pendingFlags;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private volatile boolean closing;
    private volatile Selector sel;
    private CurlMulti multi;
    private int upgrading;

    public HiperWs(Workload w) {
        super(w);
        int n = "stream".equals(w.ws) ? 1 : w.concurrency;
        easy = new CurlEasy[n];
        keys = new SelectionKey[n];
        pending = new ByteBuffer[n];
        pendingFlags = new int[n];
        thread = new Thread(this::loop, "hiper-ws");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try (CurlMulti m = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(m); Selector own = Selector.open()) {
            multi = m;
            sel = own;
            loop.onDone(this::upgraded);
            if (w.h2()) {
                m.setopt(CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
                m.setopt(CURLMOPT_MAX_CONCURRENT_STREAMS, (long) w.streams);
                if (w.connections > 0) {
                    m.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, (long) w.connections);
                }
            }
            while (!closing) {
                for (Runnable t; (t = tasks.poll()) != null;) {
                    t.run();
                }
                if (upgrading > 0) {
                    loop.runOnce(10);
                    own.selectNow(this::ready);
                } else {
                    own.select(this::ready, 100);
                }
            }
            for (CurlEasy e : easy) {
                if (e != null) {
                    e.cleanup(); // closes the session's connection
                }
            }
        } catch (IOException | RuntimeException e) {
            if (run != null) {
                run.failed("hiper ws loop: " + e);
            }
        }
    }

    private void onLoop(Runnable r) {
        if (Thread.currentThread() == thread) {
            r.run();
        } else {
            tasks.add(r);
            Selector s = sel;
            if (s != null) {
                s.wakeup();
            }
        }
    }

    @Override
    protected void connect(int id) {
        onLoop(() -> {
            CurlEasy e = CurlEasy.init();
            e.setopt(CURLOPT_URL, w.url);
            e.setopt(CURLOPT_CONNECT_ONLY, 2L);
            e.setopt(CURLOPT_PRIVATE, id);
            if (w.ca != null) {
                e.setopt(CURLOPT_CAINFO, w.ca);
            }
            if (w.h2()) {
                e.setopt(CURLOPT_HTTP_VERSION, w.https() ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            }
            easy[id] = e;
            upgrading++;
            multi.addHandle(e);
        });
    }

    private void upgraded(CurlMsg m) {
        CurlEasy e = m.easy();
        Integer boxed = (Integer) e.getinfo(CURLINFO_PRIVATE); // the key's attachment too: one object a session
        int id = boxed;
        multi.removeHandle(e);
        upgrading--;
        if (m.result() != CurlCode.CURLE_OK) {
            openFailed(id, m.result() + ": " + e.errorBuffer());
            e.cleanup();
            return;
        }
        if (w.h2() && e.getinfo(CURLINFO_HTTP_VERSION) != CURL_HTTP_VERSION_2_0) {
            openFailed(id, "not opened over HTTP/2");
            e.cleanup();
            easy[id] = null;
            return;
        }
        try {
            SelectableChannel ch = e.getinfo(CURLINFO_ACTIVESOCKET).channel();
            SelectionKey k = ch.keyFor(sel);
            if (k == null) {
                k = ch.register(sel, SelectionKey.OP_READ, boxed);
            } else if (!k.isValid()) {
                throw new IOException("the connection's other sessions ended");
            } else {
                Shared shared = k.attachment() instanceof Shared x ? x : new Shared((Integer) k.attachment(),
                        pending[(Integer) k.attachment()] != null);
                shared.add(id);
                k.attach(shared);
            }
            keys[id] = k;
        } catch (IOException | RuntimeException x) {
            openFailed(id, String.valueOf(x));
            return;
        }
        opened(id);
        drain(id); // frames that came with the 101
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Shared shared) {
            // backwards: a session that ends swaps the last one into its place, which has had its turn
            if (key.isWritable()) {
                for (int i = shared.n - 1; i >= 0; i--) {
                    if (i < shared.n && pending[shared.ids[i]] != null) {
                        flush(shared.ids[i]);
                    }
                }
            }
            // one session's read may queue frames on sessions already passed: again while any got one
            boolean got = key.isValid() && key.isReadable();
            for (int pass = 0; got && pass < 64; pass++) {
                got = false;
                for (int i = shared.n - 1; i >= 0; i--) {
                    if (i < shared.n) {
                        got |= drain(shared.ids[i]);
                    }
                }
            }
            return;
        }
        int id = (Integer) key.attachment();
        if (key.isWritable()) {
            flush(id);
        }
        if (key.isValid() && key.isReadable()) {
            drain(id);
        }
    }

    /** Reads every frame that has arrived on {@code id}; whether there was any. */
    private boolean drain(int id) {
        CurlEasy e = easy[id];
        for (boolean any = false;; any = true) {
            CurlCode c = e.wsRecv(in.clear());
            if (c == CurlCode.CURLE_AGAIN) {
                return any;
            }
            if (c != CurlCode.CURLE_OK) {
                end(id, c == CurlCode.CURLE_GOT_NOTHING ? "connection closed" : c + ": " + e.errorBuffer());
                return any;
            }
            CurlWsFrame f = e.wsMeta();
            int flags = f.flags();
            boolean last = f.bytesleft() == 0 && (flags & CURLWS_CONT) == 0;
            if ((flags & CURLWS_BINARY) != 0) {
                binary(id, in.position(), last);
            } else if ((flags & CURLWS_PONG) != 0) {
                pong(id);
            } else if ((flags & CURLWS_CLOSE) != 0) {
                end(id, "CLOSE from the server");
                return true;
            }
            // TEXT: the stream's "done", which the byte count already told
        }
    }

    private void end(int id, String why) {
        SelectionKey k = keys[id];
        if (k != null) {
            keys[id] = null;
            if (k.attachment() instanceof Shared shared) {
                if (pending[id] != null) {
                    pending[id] = null;
                    writing(k, -1);
                }
                shared.remove(id);
                if (shared.n == 0) {
                    k.cancel();
                }
            } else {
                k.cancel();
            }
        }
        closed(id, why);
    }

    /**
     * One more ({@code +1}) or one fewer ({@code -1}) send waits on {@code k}: it asks for OP_WRITE
     * while any does.
     */
    private static void writing(SelectionKey k, int change) {
        boolean any;
        if (k.attachment() instanceof Shared shared) {
            shared.waiting += change;
            any = shared.waiting > 0;
        } else {
            any = change > 0;
        }
        if (k.isValid()) {
            k.interestOps(any ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** The sessions on one HTTP/2 connection, whose socket they share: their ids, and how many wait to send. */
    private static final class Shared {
        int[] ids = new int[8];
        int n;
        int waiting;

        Shared(int first, boolean firstWaits) {
            add(first);
            waiting = firstWaits ? 1 : 0;
        }

        void add(int id) {
            if (n == ids.length) {
                ids = java.util.Arrays.copyOf(ids, n * 2);
            }
            ids[n++] = id;
        }

        /** Removes {@code id}, the last one taking its place. */
        void remove(int id) {
            for (int i = 0; i < n; i++) {
                if (ids[i] == id) {
                    ids[i] = ids[--n];
                    return;
                }
            }
        }
    }

    @Override
    protected void send(int id, ByteBuffer data) {
        onLoop(() -> write(id, data, CURLWS_BINARY));
    }

    @Override
    protected void sendText(int id, String text) {
        onLoop(() -> write(id, ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), CURLWS_TEXT));
    }

    @Override
    protected boolean ping(int id) {
        onLoop(() -> {
            if (pending[id] == null) {
                write(id, ByteBuffer.allocate(0), CURLWS_PING);
            }
        });
        return true;
    }

    private void write(int id, ByteBuffer data, int flags) {
        if (keys[id] == null) {
            return; // the session ended
        }
        if (pending[id] != null) {
            closed(id, "a send while another waits");
            return;
        }
        CurlCode c = easy[id].wsSend(data, 0, flags);
        if (c == CurlCode.CURLE_OK && !data.hasRemaining()) {
            return;
        }
        if (c == CurlCode.CURLE_OK || c == CurlCode.CURLE_AGAIN) {
            pending[id] = data; // the socket is full: the rest when it takes more
            pendingFlags[id] = flags;
            writing(keys[id], 1);
        } else {
            end(id, c + ": " + easy[id].errorBuffer());
        }
    }

    private void flush(int id) {
        ByteBuffer data = pending[id];
        if (data == null) {
            if (!(keys[id].attachment() instanceof Shared)) {
                keys[id].interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        CurlCode c = easy[id].wsSend(data, 0, pendingFlags[id]);
        if (c == CurlCode.CURLE_OK && !data.hasRemaining()) {
            pending[id] = null;
            writing(keys[id], -1);
        } else if (c != CurlCode.CURLE_OK && c != CurlCode.CURLE_AGAIN) {
            end(id, c + ": " + easy[id].errorBuffer());
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        Selector s = sel;
        if (s != null) {
            s.wakeup();
        }
        thread.join(5000);
    }
}
