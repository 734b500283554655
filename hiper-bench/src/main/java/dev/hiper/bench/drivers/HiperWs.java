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
            easy[id] = e;
            upgrading++;
            multi.addHandle(e);
        });
    }

    private void upgraded(CurlMsg m) {
        CurlEasy e = m.easy();
        int id = (Integer) e.getinfo(CURLINFO_PRIVATE);
        multi.removeHandle(e);
        upgrading--;
        if (m.result() != CurlCode.CURLE_OK) {
            openFailed(id, m.result() + ": " + e.errorBuffer());
            e.cleanup();
            return;
        }
        try {
            SelectableChannel ch = e.getinfo(CURLINFO_ACTIVESOCKET).channel();
            keys[id] = ch.register(sel, SelectionKey.OP_READ, id);
        } catch (IOException | RuntimeException x) {
            openFailed(id, String.valueOf(x));
            return;
        }
        opened(id);
        drain(id); // frames that came with the 101
    }

    private void ready(SelectionKey key) {
        int id = (Integer) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (key.isWritable()) {
            flush(id);
        }
        if (key.isValid() && key.isReadable()) {
            drain(id);
        }
    }

    /** Reads every frame that has arrived on {@code id}. */
    private void drain(int id) {
        CurlEasy e = easy[id];
        for (;;) {
            CurlCode c = e.wsRecv(in.clear());
            if (c == CurlCode.CURLE_AGAIN) {
                return;
            }
            if (c != CurlCode.CURLE_OK) {
                end(id, c == CurlCode.CURLE_GOT_NOTHING ? "connection closed" : c + ": " + e.errorBuffer());
                return;
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
                return;
            }
            // TEXT: the stream's "done", which the byte count already told
        }
    }

    private void end(int id, String why) {
        if (keys[id] != null) {
            keys[id].cancel();
        }
        closed(id, why);
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
            keys[id].interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            end(id, c + ": " + easy[id].errorBuffer());
        }
    }

    private void flush(int id) {
        ByteBuffer data = pending[id];
        if (data == null) {
            keys[id].interestOps(SelectionKey.OP_READ);
            return;
        }
        CurlCode c = easy[id].wsSend(data, 0, pendingFlags[id]);
        if (c == CurlCode.CURLE_OK && !data.hasRemaining()) {
            pending[id] = null;
            keys[id].interestOps(SelectionKey.OP_READ);
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
