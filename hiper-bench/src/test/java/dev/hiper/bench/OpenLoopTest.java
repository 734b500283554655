package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hiper.bench.drivers.HiperClient;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The open loop's schedule, and hiper's open-loop driver against a loopback server for a short
 * window at a low rate: every request meant for the window is issued and ends, from the loop's
 * own thread, and a request sent late is charged from its intended time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenLoopTest {
    private static final long MS = 1_000_000L;
    private static final byte[] BODY = new byte[1024];

    private HttpServer server;
    private ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger mostActive = new AtomicInteger();
    private final AtomicBoolean issuerThreadSeen = new AtomicBoolean();

    /** A server answering 1 KiB after {@code delayMs}, counting requests and how many at once. */
    private String serve(long delayMs) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        pool = Executors.newFixedThreadPool(8);
        server.setExecutor(pool);
        server.createContext("/1k", ex -> {
            int now = active.incrementAndGet();
            mostActive.accumulateAndGet(now, Math::max);
            if (requests.incrementAndGet() % 10 == 1) {
                // the thread-based issuer is named "open-loop": hiper's driver must not start one
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().equals("open-loop")) {
                        issuerThreadSeen.set(true);
                    }
                }
            }
            try {
                if (delayMs > 0) {
                    Thread.sleep(delayMs); // the server's service time, not an ordering of events
                }
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(200, BODY.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(BODY);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.close();
            } finally {
                active.decrementAndGet();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/1k";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    private static Workload work(String url, double rate, int cap, double warmup, double seconds) {
        return Workload.parse(new String[] {"tool=hiper", "scenario=open-test", "url=" + url, "rate=" + rate,
            "concurrency=" + cap, "warmup=" + warmup, "seconds=" + seconds});
    }

    @Test
    void theScheduleGivesEachRequestItsTimeAndHoldsTheCap() {
        Run run = new Run(work("http://127.0.0.1:1/", 1000, 2, 0, 1));
        run.window(MS, 6 * MS); // requests at 1 to 5 ms are measured; the one at 0 is not
        OpenLoop.Schedule s = new OpenLoop.Schedule(run, 0);
        assertFalse(s.ended());
        assertEquals(0, s.due());
        assertTrue(s.take());
        assertEquals(MS, s.due());
        assertTrue(s.take());
        assertEquals(2 * MS, s.due());
        assertFalse(s.take(), "two in flight: the cap");
        assertEquals(2 * MS, s.due(), "the refused request keeps its time");
        run.done(0, true);
        assertTrue(s.take());
        run.done(MS, true);
        run.done(2 * MS, true);
        assertTrue(s.take());
        assertTrue(s.take());
        assertEquals(5 * MS, s.due());
        assertFalse(s.take(), "the requests at 3 and 4 ms are in flight");
        run.done(3 * MS, true);
        assertTrue(s.take());
        assertEquals(2, run.work.concurrency);
        assertEquals(2, run.slotsLeft(), "the issuer's slot is held until the window is passed");
        assertTrue(s.ended(), "the request at 6 ms is after the window");
        assertFalse(s.take());
        assertEquals(1, run.slotsLeft(), "the issuer's slot is given back once");
        s.end();
        assertTrue(s.ended());
        assertEquals(1, run.slotsLeft());
        assertEquals(5, run.windowIssued(), "requests at 1 to 5 ms");
        assertEquals(3, run.windowDone(), "those at 1 to 3 ms ended; 0 ms was before the window");
    }

    @Test
    void hiperIssuesEveryRequestOfTheWindowFromItsLoop() throws Exception {
        String url = serve(0);
        Run run = new Run(work(url, 200, 8, 0.1, 0.5));
        Map<String, Object> line;
        try (HiperClient client = new HiperClient()) {
            line = Json.parse(OpenLoop.measure(run, client));
        }
        assertNull(line.get("error"), line.toString());
        assertEquals(100, Json.num(line, "requests"), "every request meant for the window ended: " + line);
        assertEquals(0, Json.num(line, "failures"), line.toString());
        assertEquals(100, run.windowIssued());
        assertTrue(requests.get() >= 100, "the server answered " + requests.get());
        assertTrue(Json.num(line, "p50_us") > 0, line.toString());
        assertTrue(Json.num(line, "late_p99_us") >= 0, "the issuer's lateness is reported: " + line);
        assertFalse(issuerThreadSeen.get(), "no issuing thread besides the loop's");
    }

    @Test
    void aRequestSentLateIsChargedFromItsIntendedTime() throws Exception {
        // 50 a second (every 20 ms), one in flight at most, each answered after 40 ms at least:
        // the m-th request of the window cannot go out before m answers of 40 ms have come, so it
        // goes out at least 20 m ms late, and its latency is at least 20 m + 40 ms.
        String url = serve(40);
        Run run = new Run(work(url, 50, 1, 0, 0.4));
        Map<String, Object> line;
        try (HiperClient client = new HiperClient()) {
            line = Json.parse(OpenLoop.measure(run, client));
        }
        assertEquals(20, Json.num(line, "requests"), line.toString());
        assertEquals(0, Json.num(line, "failures"), line.toString());
        assertEquals(1, mostActive.get(), "the cap: one request in flight at a time");
        // sorted, the k-th latency (from 0) is at least 20 k + 40 ms: p50 is the 10th of 20 (k = 9)
        assertTrue(Json.num(line, "p50_us") >= 220_000, "p50 from the intended times: " + line);
        assertTrue(Json.num(line, "max_us") >= 420_000, "the last, 380 ms late, answered after 40: " + line);
        assertEquals(false, line.get("sustained"), line.toString());
        // the issuer's lateness is reported apart, and the latency includes it: the latest request
        // was handed to the client at least 380 ms late, and then waited 40 ms for its answer
        double late = Json.num(line, "late_max_us");
        assertTrue(late >= 380_000, "handed over late: " + line);
        assertTrue(Json.num(line, "max_us") >= (late + 40_000) * 0.998, "latency includes lateness: " + line);
    }
}
