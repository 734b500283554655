package dev.hiper.bench.drivers;

import static dev.hiper.curl.Curl.*;

import dev.hiper.bench.Driver;
import dev.hiper.bench.OpenLoop;
import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlDebugFunction;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlInfoType;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlWriteFunction;
import dev.hiper.loop.SelectorLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * hiper through {@link SelectorLoop} on one thread: one easy handle per slot, set up once and
 * added again after each transfer, so connections and handles are reused as a libcurl program
 * reuses them. In an open-loop cell the loop runs on its own thread ({@link SelectorLoop#start()})
 * and {@link OpenLoop} hands it each request with {@link SelectorLoop#submit}, taking a free
 * handle or making one. In the TLS churn row the handles trace ({@code CURLOPT_VERBOSE}) to a
 * debug callback that counts hiper's "SSL reusing session" lines, the resumed sessions. In the
 * HTTP/2 cells every handle asks for HTTP/2 (over TLS, or h2c with prior knowledge) with
 * {@code CURLOPT_PIPEWAIT}, as the libcurl driver does.
 */
public final class HiperClient implements Driver.Client {
    private Thread thread;
    private volatile Throwable crash;
    private SelectorLoop openLoop;

    @Override
    public void start(Run run) throws Exception {
        if (run.work.openLoop()) {
            startOpen(run);
            return;
        }
        thread = new Thread(() -> {
            try {
                loop(run);
            } catch (Throwable t) {
                crash = t;
                run.failed("hiper loop: " + t);
                while (run.slotsLeft() > 0) {
                    run.slotDone();
                }
            }
        }, "hiper-loop");
        thread.start();
    }

    private static void loop(Run run) throws Exception {
        Workload w = run.work;
        byte[] body = w.upload > 0 ? w.uploadBody() : null;
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            multi.setopt(CURLMOPT_MAXCONNECTS, (long) w.concurrency);
            http2(multi, w);
            CurlWriteFunction sink = (data, userdata) -> {
                int n = data.remaining();
                run.body(n);
                return n;
            };
            int[] live = {0};
            loop.onDone((CurlMsg m) -> {
                CurlEasy easy = m.easy();
                multi.removeHandle(easy);
                count(run, m);
                if (run.next()) {
                    multi.addHandle(easy);
                } else {
                    live[0]--;
                    run.slotDone();
                }
            });
            for (int i = 0; i < w.concurrency; i++) {
                if (!run.next()) {
                    run.slotDone();
                    continue;
                }
                multi.addHandle(handle(run, sink, body));
                live[0]++;
            }
            while (live[0] > 0) {
                loop.runOnce(100);
            }
        }
    }

    /** One easy handle set up for the cell. */
    private static CurlEasy handle(Run run, CurlWriteFunction sink, byte[] body) {
        Workload w = run.work;
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, w.url);
        easy.setopt(CURLOPT_WRITEFUNCTION, sink);
        if (w.ca != null) {
            easy.setopt(CURLOPT_CAINFO, w.ca);
        }
        if (w.proxy != null) {
            easy.setopt(CURLOPT_PROXY, w.proxy);
        }
        if (w.h2()) {
            easy.setopt(CURLOPT_HTTP_VERSION, "prior".equals(w.http2) ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
                    : CURL_HTTP_VERSION_2TLS);
            easy.setopt(CURLOPT_PIPEWAIT, w.connections > 0 ? 0L : 1L);
        }
        List<String> headers = new ArrayList<>();
        if (body != null) {
            easy.setopt(CURLOPT_POSTFIELDS, body);
            easy.setopt(CURLOPT_POSTFIELDSIZE, (long) body.length);
            headers.add("Expect:");
        }
        if (w.close) {
            headers.add("Connection: close");
            if (w.https()) {
                easy.setopt(CURLOPT_VERBOSE, 1L);
                easy.setopt(CURLOPT_DEBUGFUNCTION, resumptions(run));
            }
        }
        if (!headers.isEmpty()) {
            easy.setopt(CURLOPT_HTTPHEADER, headers);
        }
        return easy;
    }

    /**
     * HTTP/2 cells: transfers share connections (CURLPIPE_MULTIPLEX, hiper's default, said
     * anyway), at most {@code streams} on one and, when set, {@code connections} to the host, as
     * the libcurl driver sets them.
     */
    private static void http2(CurlMulti multi, Workload w) {
        if (w.h2()) {
            multi.setopt(CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
            multi.setopt(CURLMOPT_MAX_CONCURRENT_STREAMS, (long) w.streams);
            if (w.connections > 0) {
                multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, (long) w.connections);
            }
        }
    }

    /** Counts the trace's "SSL reusing session" lines and ignores the rest. */
    private static CurlDebugFunction resumptions(Run run) {
        byte[] mark = "SSL reusing session".getBytes(StandardCharsets.US_ASCII);
        return (easy, type, data, userdata) -> {
            if (type == CurlInfoType.CURLINFO_TEXT && data.remaining() >= mark.length) {
                int p = data.position();
                for (int i = 0; i < mark.length; i++) {
                    if (data.get(p + i) != mark[i]) {
                        return 0;
                    }
                }
                run.resumed();
            }
            return 0;
        };
    }

    /** Counts one finished transfer. */
    private static void count(Run run, CurlMsg m) {
        CurlEasy easy = m.easy();
        if (m.result() == CurlCode.CURLE_OK) {
            long code = easy.getinfo(CURLINFO_RESPONSE_CODE);
            if (run.work.h2() && easy.getinfo(CURLINFO_HTTP_VERSION) != CURL_HTTP_VERSION_2_0) {
                run.failed("not answered over HTTP/2");
            } else if (code == 200) {
                run.succeeded();
            } else {
                run.failed("status " + code);
            }
            if (run.work.close) {
                run.connected(easy.getinfo(CURLINFO_NUM_CONNECTS));
            }
        } else if (m.result() == CurlCode.CURLE_UNSUPPORTED_PROTOCOL) {
            run.unsupported("hiper: " + m.result() + " (" + easy.errorBuffer() + ")");
        } else {
            run.failed(m.result() + ": " + easy.errorBuffer());
        }
    }

    /** The open loop: the loop on its own thread, requests submitted to it at their times. */
    private void startOpen(Run run) throws Exception {
        Workload w = run.work;
        CurlMulti multi = CurlMulti.init();
        multi.setopt(CURLMOPT_MAXCONNECTS, (long) w.concurrency);
        http2(multi, w);
        openLoop = new SelectorLoop(multi).start();
        CurlWriteFunction sink = (data, userdata) -> {
            int n = data.remaining();
            run.body(n);
            return n;
        };
        byte[] body = w.upload > 0 ? w.uploadBody() : null;
        ConcurrentLinkedQueue<CurlEasy> free = new ConcurrentLinkedQueue<>();
        OpenLoop.start(run, System.nanoTime(), t -> {
            CurlEasy easy = free.poll();
            if (easy == null) {
                easy = handle(run, sink, body);
            }
            openLoop.submit(easy).whenComplete((m, err) -> {
                if (err != null) {
                    run.failed("hiper submit: " + err);
                } else {
                    count(run, m);
                    free.add(m.easy());
                }
                run.done(t, true);
            });
        });
    }

    @Override
    public void close() throws Exception {
        if (thread != null) {
            thread.join(5000);
        }
        if (openLoop != null) {
            openLoop.shutdownNow();
        }
    }
}
