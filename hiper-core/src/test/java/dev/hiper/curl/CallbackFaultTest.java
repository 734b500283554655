package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Application callbacks that throw. Each is handled as if it had returned its error value, the
 * exception is named in {@code errorBuffer()}, nothing escapes {@code socketAction}, and the multi
 * goes on: for the per-transfer callbacks, 100 transfers beside the failing one complete; for
 * the socket and timer callbacks (whose error value aborts every transfer, CONTRACT rule 12),
 * the same multi runs 100 new transfers to completion afterwards.
 */
@Timeout(60)
class CallbackFaultTest {
    private static JettyServer jetty;

    @BeforeAll
    static void startJetty() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stopJetty() {
        jetty.close();
    }

    private static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String what) {
            super(what);
        }
    }

    private static void assertNamesTheCause(CurlEasy e, String what) {
        assertTrue(e.errorBuffer().contains("Boom") && e.errorBuffer().contains(what),
                "the error buffer names the exception: " + e.errorBuffer());
    }

    // ---- per-transfer callbacks: the transfer fails, the others go on --------------------------

    @Test
    void writeCallbackThrows() throws IOException {
        // As if it returned less than it was given: CURLE_WRITE_ERROR (23).
        try (CurlEasy bad = easy(jetty.url("/bytes?n=100000&seed=1"), null)) {
            bad.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> {
                throw new Boom("write refused");
            });
            FaultHarness.run(jetty, "write-callback-throws", bad, CurlCode.CURLE_WRITE_ERROR, 10_000);
            assertNamesTheCause(bad, "write refused");
        }
    }

    @Test
    void headerCallbackThrows() throws IOException {
        // As if it returned less than the line: CURLE_WRITE_ERROR (23).
        try (CurlEasy bad = easy(jetty.url("/bytes?n=1000&seed=2"), new Sink())) {
            bad.setopt(CURLOPT_HEADERFUNCTION, (l, u) -> {
                throw new Boom("header refused");
            });
            FaultHarness.run(jetty, "header-callback-throws", bad, CurlCode.CURLE_WRITE_ERROR, 10_000);
            assertNamesTheCause(bad, "header refused");
        }
    }

    @Test
    void readCallbackThrows() throws IOException {
        // As if it returned CURL_READFUNC_ABORT: CURLE_ABORTED_BY_CALLBACK (42).
        try (CurlEasy bad = easy(jetty.url("/echo"), new Sink())) {
            bad.setopt(CURLOPT_POST, 1L);
            bad.setopt(CURLOPT_POSTFIELDSIZE_LARGE, 100_000L);
            int[] calls = {0};
            bad.setopt(CURLOPT_READFUNCTION, (dst, u) -> {
                if (++calls[0] == 3) {
                    throw new Boom("read refused");
                }
                int n = Math.min(dst.remaining(), 1000);
                dst.put(new byte[n]);
                return n;
            });
            FaultHarness.run(jetty, "read-callback-throws", bad, CurlCode.CURLE_ABORTED_BY_CALLBACK, 10_000);
            assertNamesTheCause(bad, "read refused");
        }
    }

    @Test
    void xferInfoCallbackThrows() throws IOException {
        // As if it returned non-zero: CURLE_ABORTED_BY_CALLBACK (42).
        try (CurlEasy bad = easy(jetty.url("/bytes?n=2000000&seed=3"), new Sink())) {
            bad.setopt(CURLOPT_NOPROGRESS, 0L);
            bad.setopt(CURLOPT_XFERINFOFUNCTION, (c, dlt, dln, ult, uln) -> {
                if (dln > 0) {
                    throw new Boom("progress refused");
                }
                return 0;
            });
            FaultHarness.run(jetty, "xferinfo-callback-throws", bad, CurlCode.CURLE_ABORTED_BY_CALLBACK, 10_000);
            assertNamesTheCause(bad, "progress refused");
        }
    }

    @Test
    void debugCallbackThrowsAndIsIgnored() throws IOException {
        // libcurl ignores the debug callback's return value: the transfer succeeds (CURLE_OK).
        Sink sink = new Sink();
        try (CurlEasy odd = easy(jetty.url("/bytes?n=5000&seed=4"), sink)) {
            odd.setopt(CURLOPT_VERBOSE, 1L);
            AtomicInteger calls = new AtomicInteger();
            odd.setopt(CURLOPT_DEBUGFUNCTION, (h, type, data, u) -> {
                calls.incrementAndGet();
                throw new Boom("debug refused");
            });
            FaultHarness.run(jetty, "debug-callback-throws", odd, CurlCode.CURLE_OK, 10_000);
            assertTrue(calls.get() > 1, "called again after throwing");
        }
        assertEquals(JettyServer.crc32(5000, 4), crc(sink.bytes()));
    }

    // ---- socket and timer callbacks: abort all, then the multi is used again ---------------------

    @Test
    void socketCallbackThrows() throws IOException {
        runAbortThenReuse("socket", true);
    }

    @Test
    void timerCallbackThrows() throws IOException {
        runAbortThenReuse("timer", false);
    }

    /**
     * Starts 20 transfers to a server that holds its answers back until the test releases them,
     * so that every transfer is still under way when the socket (or timer) callback throws (with
     * a server that answers at once, a loaded machine could finish them all first). Then: the
     * call that saw it answers CURLM_ABORTED_BY_CALLBACK (no exception escapes), every transfer
     * ends with CURLE_ABORTED_BY_CALLBACK naming the exception, no channel stays open; once the
     * handles are removed the same multi runs 100 transfers to completion.
     */
    private void runAbortThenReuse(String which, boolean socket) throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer held = ScriptedServer.start()) {
            for (int i = 0; i < 20; i++) {
                held.enqueue(Action.await(release), Action.respond(200, "too late"));
            }
            try {
                runAbortThenReuse(which, socket, held);
            } finally {
                release.countDown();
            }
        }
    }

    private void runAbortThenReuse(String which, boolean socket, ScriptedServer held) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        boolean[] armed = {false};
        int throwAt = socket ? 3 : 1;
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            CurlSocketFunction innerSocket = loop.socketFunction();
            boolean[] thrown = {false};
            multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy, s, what, clientp, socketp) -> {
                int r = innerSocket.socket(easy, s, what, clientp, socketp);
                if (socket && armed[0] && calls.incrementAndGet() == throwAt) {
                    thrown[0] = true;
                    armed[0] = false;
                    throw new Boom(which + " callback failed");
                }
                return r;
            });
            if (!socket) {
                CurlTimerFunction innerTimer = loop.timerFunction();
                multi.setopt(CURLMOPT_TIMERFUNCTION, (m, ms, clientp) -> {
                    int r = innerTimer.timer(m, ms, clientp);
                    if (armed[0] && calls.incrementAndGet() == throwAt) {
                        thrown[0] = true;
                        armed[0] = false;
                        throw new Boom(which + " callback failed");
                    }
                    return r;
                });
            }
            Map<CurlEasy, CurlCode> results = new IdentityHashMap<>();
            loop.onDone(m -> assertNull(results.put(m.easy(), m.result())));
            List<CurlEasy> first = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                first.add(easy(held.url("/held/" + i), new Sink()));
            }
            boolean sawAbort = false;
            try {
                for (CurlEasy e : first) {
                    CurlMCode mc = multi.addHandle(e);
                    if (mc == CurlMCode.CURLM_ABORTED_BY_CALLBACK) {
                        sawAbort = true; // the timer callback threw inside addHandle (rule 5)
                        break;
                    }
                    assertEquals(CurlMCode.CURLM_OK, mc);
                }
                armed[0] = true; // from now on, inside socketAction
                long limit = System.nanoTime() + 30_000_000_000L;
                while (multi.runningHandles() > 0) {
                    assertTrue(System.nanoTime() < limit, "the aborted transfers end");
                    CurlMCode mc = loop.runOnce(100);
                    if (mc == CurlMCode.CURLM_ABORTED_BY_CALLBACK) {
                        sawAbort = true;
                    } else {
                        assertEquals(CurlMCode.CURLM_OK, mc);
                    }
                }
                assertTrue(sawAbort, "a call answered CURLM_ABORTED_BY_CALLBACK");
                assertTrue(thrown[0], "the callback threw");
                int aborted = 0;
                int finished = 0;
                for (CurlEasy e : first) {
                    CurlCode rc = results.get(e);
                    if (rc == null) {
                        continue; // not added: refused by addHandle after the abort
                    }
                    if (rc == CurlCode.CURLE_OK) {
                        finished++; // finished before the callback threw; its connection may be parked
                        continue;
                    }
                    assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, rc, e.errorBuffer());
                    assertNamesTheCause(e, which + " callback failed");
                    aborted++;
                }
                assertTrue(aborted > 0, "transfers were aborted");
                assertTrue(multi.engine().openChannels() <= finished,
                        "the aborted transfers' sockets were released: " + multi.engine().openChannels() + " open, "
                                + finished + " idle connections at most");
                for (CurlEasy e : first) {
                    assertEquals(CurlMCode.CURLM_OK, multi.removeHandle(e));
                }
            } finally {
                first.forEach(CurlEasy::close);
            }
            // the same multi, used again
            results.clear();
            List<CurlEasy> second = new ArrayList<>();
            List<Sink> sinks = new ArrayList<>();
            try {
                for (int i = 0; i < FaultHarness.BYSTANDERS; i++) {
                    Sink s = new Sink();
                    sinks.add(s);
                    second.add(easy(jetty.url("/bytes?n=" + (10_000 + i) + "&seed=" + (100 + i)), s));
                    assertEquals(CurlMCode.CURLM_OK, multi.addHandle(second.get(i)));
                }
                assertEquals(CurlMCode.CURLM_OK, loop.run());
                for (int i = 0; i < second.size(); i++) {
                    assertEquals(CurlCode.CURLE_OK, results.get(second.get(i)), second.get(i).errorBuffer());
                    assertEquals(JettyServer.crc32(10_000 + i, 100 + i), crc(sinks.get(i).bytes()));
                    multi.removeHandle(second.get(i));
                }
            } finally {
                second.forEach(CurlEasy::close);
            }
            assertEquals(CurlMCode.CURLM_OK, multi.cleanup());
            assertEquals(0, multi.engine().openChannels());
        }
    }
}
