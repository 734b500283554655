package dev.hiper.bench.drivers;

import static dev.hiper.curl.Curl.*;

import dev.hiper.bench.Driver;
import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.curl.CurlWriteFunction;
import dev.hiper.loop.SelectorLoop;
import java.util.List;

/**
 * hiper through {@link SelectorLoop} on one thread: one easy handle per slot, set up once and
 * added again after each transfer, so connections and handles are reused as a libcurl program
 * reuses them.
 */
public final class HiperClient implements Driver.Client {
    private Thread thread;
    private volatile Throwable crash;

    @Override
    public void start(Run run) throws Exception {
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
            CurlWriteFunction sink = (data, userdata) -> {
                int n = data.remaining();
                run.body(n);
                return n;
            };
            int[] live = {0};
            loop.onDone((CurlMsg m) -> {
                CurlEasy easy = m.easy();
                multi.removeHandle(easy);
                if (m.result() == CurlCode.CURLE_OK) {
                    long code = easy.getinfo(CURLINFO_RESPONSE_CODE);
                    if (code == 200) {
                        run.succeeded();
                    } else {
                        run.failed("status " + code);
                    }
                } else if (m.result() == CurlCode.CURLE_UNSUPPORTED_PROTOCOL) {
                    run.unsupported("hiper: " + m.result() + " (" + easy.errorBuffer() + ")");
                } else {
                    run.failed(m.result() + ": " + easy.errorBuffer());
                }
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
                CurlEasy easy = CurlEasy.init();
                easy.setopt(CURLOPT_URL, w.url);
                easy.setopt(CURLOPT_WRITEFUNCTION, sink);
                if (w.ca != null) {
                    easy.setopt(CURLOPT_CAINFO, w.ca);
                }
                if (body != null) {
                    easy.setopt(CURLOPT_POSTFIELDS, body);
                    easy.setopt(CURLOPT_POSTFIELDSIZE, (long) body.length);
                    easy.setopt(CURLOPT_HTTPHEADER, List.of("Expect:"));
                }
                multi.addHandle(easy);
                live[0]++;
            }
            while (live[0] > 0) {
                loop.runOnce(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (thread != null) {
            thread.join(5000);
        }
    }
}
