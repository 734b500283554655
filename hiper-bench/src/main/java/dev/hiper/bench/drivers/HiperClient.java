package dev.hiper.bench.drivers;

import static dev.hiper.curl.Curl.*;

import dev.hiper.bench.Driver;
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

/**
 * hiper through {@link SelectorLoop} on one thread: one easy handle per slot, set up once and
 * added again after each transfer, so connections and handles are reused as a libcurl program
 * reuses them. In an open-loop cell the same thread issues the requests from its loop at their
 * intended times ({@link HiperOpenLoop}). In the TLS churn row the handles trace
 * ({@code CURLOPT_VERBOSE}) to a debug callback that counts hiper's "SSL reusing session" lines,
 * the resumed sessions. In the HTTP/2 cells every handle asks for HTTP/2 (over TLS, or h2c with
 * prior knowledge) with {@code CURLOPT_PIPEWAIT}, as the libcurl driver does.
 */
public final class HiperClient implements Driver.Client {
    private Thread thread;
    private volatile Throwable crash;
    private HiperOpenLoop openLoop;

    @Override
    public void start(Run run) throws Exception {
        HiperOpenLoop open = run.work.openLoop() ? new HiperOpenLoop(run, System.nanoTime()) : null;
        openLoop = open;
        thread = new Thread(() -> {
            try {
                if (open != null) {
                    open.run();
                } else {
                    loop(run);
                }
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
    static CurlEasy handle(Run run, CurlWriteFunction sink, byte[] body) {
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
    static void http2(CurlMulti multi, Workload w) {
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
    static void count(Run run, CurlMsg m) {
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

    @Override
    public void close() throws Exception {
        if (openLoop != null) {
            openLoop.stop();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }
}
