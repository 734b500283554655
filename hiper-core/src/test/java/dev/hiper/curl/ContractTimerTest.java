package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.ContractKit.StuckListener;
import dev.hiper.curl.ContractKit.TimerEv;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONTRACT.md rules 1 to 6: the timer callback. */
@Timeout(60)
class ContractTimerTest {

    private static List<Long> values(ContractKit k) {
        List<Long> out = new ArrayList<>();
        for (TimerEv t : k.timerEvents) {
            out.add(t.ms);
        }
        return out;
    }

    /** Pumps socket events (no timers) until {@code n} requests reached the server. */
    private static void pumpUntilRequests(ContractKit k, ScriptedServer srv, int n) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (srv.requestCount() < n) {
            assertTrue(System.nanoTime() < end, "requests did not arrive");
            k.pumpSockets(20);
        }
    }

    // Rule 1: "With a timer callback set, addHandle calls it before returning, with 0 ("act at
    // once"): a loop that only reacts to callbacks starts by itself."
    @Test
    void rule01_addHandleCallsTimerWithZero() {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.respond(200, "hello"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CurlEasy e = ContractKit.easy(srv.url("/"), out);
            assertTrue(k.timerEvents.isEmpty());
            assertEquals(CurlMCode.CURLM_OK, k.multi.addHandle(e));
            k.added.add(e);
            assertEquals(List.of(0L), values(k), "addHandle must report 0 before it returns");
            // no explicit kick: the loop only reacts to what the callbacks said
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the transfer");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals("hello", out.toString(StandardCharsets.UTF_8));
            k.assertNoViolations();
        }
    }

    // Rule 2: "The callback is told only when the earliest deadline changes: from none to some,
    // some to none (-1, once), or to another absolute time. The same deadline is not reported
    // twice across calls that did not fire it."
    @Test
    void rule02_timerToldOnlyWhenEarliestDeadlineChanges() {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.stall());
            CurlEasy a = ContractKit.easy(srv.url("/a"));
            a.setopt(CURLOPT_TIMEOUT_MS, 5000L);
            assertEquals(CurlMCode.CURLM_OK, k.add(a));
            assertEquals(List.of(0L), values(k));
            k.kick();
            assertEquals(List.of(0L, 5000L), values(k), "none -> some: A's total timeout");
            pumpUntilRequests(k, srv, 1);
            // socket activity that moves the transfer on without changing its deadline: no call
            CurlSocket sa = k.socketsOf(a).get(0);
            k.clock.advanceMillis(1000);
            assertEquals(CurlMCode.CURLM_OK, k.action(sa, 0));
            assertEquals(CurlMCode.CURLM_OK, k.action(sa, CURL_CSELECT_IN));
            assertEquals(List.of(0L, 5000L), values(k), "same deadline reported twice");

            CurlEasy b = ContractKit.easy(srv.url("/b"));
            b.setopt(CURLOPT_TIMEOUT_MS, 3000L);
            k.add(b);
            assertEquals(List.of(0L, 5000L, 0L), values(k), "B is ready to run");
            k.kick();
            assertEquals(List.of(0L, 5000L, 0L, 3000L), values(k), "another absolute time: B's deadline");
            pumpUntilRequests(k, srv, 2);
            assertEquals(CurlMCode.CURLM_OK, k.action(sa, 0));
            assertEquals(4, k.timerEvents.size(), "same deadline reported twice: " + values(k));

            k.remove(b);
            assertEquals(List.of(0L, 5000L, 0L, 3000L, 4000L), values(k), "back to A's deadline");
            k.remove(a);
            assertEquals(List.of(0L, 5000L, 0L, 3000L, 4000L, -1L), values(k), "some -> none");
            k.kick();
            k.kick();
            assertEquals(6, k.timerEvents.size(), "-1 must be told once: " + values(k));
            k.assertNoViolations();
        }
    }

    // Rule 3: "socketAction(CURL_SOCKET_TIMEOUT, 0) called before the deadline re-reports the
    // time still left (loops whose timers fire early recover)."
    @Test
    void rule03_earlyTimeoutActionReReportsTimeLeft() {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.stall());
            CurlEasy a = ContractKit.easy(srv.url("/"));
            a.setopt(CURLOPT_TIMEOUT_MS, 5000L);
            k.add(a);
            k.kick();
            pumpUntilRequests(k, srv, 1);
            assertEquals(5000L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            int before = k.timerEvents.size();
            k.clock.advanceMillis(1200);
            assertEquals(CurlMCode.CURLM_OK, k.kick());
            assertEquals(before + 1, k.timerEvents.size(), "an early timeout must re-report");
            assertEquals(3800L, k.timerEvents.get(before).ms);
            assertEquals(CurlMCode.CURLM_OK, k.kick());
            assertEquals(before + 2, k.timerEvents.size(), "every early timeout re-reports");
            assertEquals(3800L, k.timerEvents.get(before + 1).ms);
            assertTrue(k.done.isEmpty(), "nothing expired yet");
            assertEquals(1, k.multi.runningHandles());
            k.assertNoViolations();
        }
    }

    // Rule 4: "A reported value is never below the true time left (rounded up to whole ms) and
    // never above Integer.MAX_VALUE; any transfer with work ready to run makes it 0."
    @Test
    void rule04_reportedValueRoundsUpIsCappedAndZeroWhenReady() {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.stall());
            CurlEasy a = ContractKit.easy(srv.url("/a"));
            a.setopt(CURLOPT_TIMEOUT_MS, 5000L);
            k.add(a);
            k.kick();
            pumpUntilRequests(k, srv, 1);
            long[] ms = new long[1];
            // 3999.999999 ms left: 4000, never 3999
            k.clock.advanceNanos(1_000_000_001L);
            k.kick();
            assertEquals(4000L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            assertEquals(CurlMCode.CURLM_OK, k.multi.timeout(ms));
            assertEquals(4000L, ms[0]);
            // 1 ns left: 1, never 0
            k.clock.advanceNanos(3_999_999_998L);
            k.kick();
            assertEquals(1L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            assertEquals(CurlMCode.CURLM_OK, k.multi.timeout(ms));
            assertEquals(1L, ms[0]);
            assertTrue(k.done.isEmpty(), "fired before its deadline");

            // a deadline 30 days away: capped at Integer.MAX_VALUE
            CurlEasy far = ContractKit.easy(srv.url("/far"));
            far.setopt(CURLOPT_TIMEOUT_MS, 30L * 24 * 3600 * 1000);
            k.remove(a);
            k.add(far);
            k.kick();
            pumpUntilRequests(k, srv, 2);
            long last = k.timerEvents.get(k.timerEvents.size() - 1).ms;
            assertEquals(Integer.MAX_VALUE, last, "capped value");
            assertEquals(CurlMCode.CURLM_OK, k.multi.timeout(ms));
            assertEquals(Integer.MAX_VALUE, ms[0]);

            // work ready to run: 0 at once, whatever else waits
            CurlEasy ready = ContractKit.easy(srv.url("/ready"));
            k.add(ready);
            assertEquals(0L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            assertEquals(CurlMCode.CURLM_OK, k.multi.timeout(ms));
            assertEquals(0L, ms[0]);
            for (TimerEv t : k.timerEvents) {
                assertTrue(t.ms >= -1 && t.ms <= Integer.MAX_VALUE, t.toString());
            }
            k.assertNoViolations();
        }
    }

    // Rule 5: "Returning -1 from the timer callback inside addHandle makes addHandle answer
    // CURLM_ABORTED_BY_CALLBACK and leaves the handle not added."
    @Test
    void rule05_timerMinusOneInAddHandleAbortsAndLeavesHandleOut() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real();
                ContractKit other = ContractKit.real()) {
            CurlEasy e = ContractKit.easy(srv.url("/"));
            k.timerHook = ms -> -1;
            assertEquals(CurlMCode.CURLM_ABORTED_BY_CALLBACK, k.multi.addHandle(e));
            k.timerHook = null;
            assertEquals(0, k.multi.runningHandles(), "the handle must not count as added");
            k.kick();
            Thread.sleep(100);
            assertEquals(0, srv.connectionCount(), "a handle not added must not run");
            assertTrue(k.sockEvents.isEmpty());
            // not attached to the first multi: another multi takes it
            assertEquals(CurlMCode.CURLM_OK, other.multi.addHandle(e));
            assertEquals(CurlMCode.CURLM_OK, other.multi.removeHandle(e));
            // and the first multi takes it too, now that the callback agrees
            assertEquals(CurlMCode.CURLM_OK, k.add(e));
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the transfer");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            k.assertNoViolations();
        }
    }

    // Rule 6: "Every deadline a transfer has (connect timeout, total timeout, low-speed check,
    // rate-limit pause, happy-eyeballs delay, retry of a pending transfer, DNS cache expiry that
    // matters) is a timer entry: a loop that only reacts to callbacks never misses one."
    // The loop here moves a manual clock to whatever the timer callback said, and only then.
    // (This build has no low-speed or rate-limit options, and its DNS cache is consulted only when
    // a transfer resolves, so no running transfer waits on its expiry.)
    @Test
    void rule06_everyDeadlineIsATimerEntry() throws Exception {
        // connect timeout: the handshake never completes
        try (StuckListener stuck = new StuckListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ContractKit k = ContractKit.manual()) {
            CurlEasy e = ContractKit.easy("http://127.0.0.1:" + stuck.port() + "/");
            e.setopt(CURLOPT_CONNECTTIMEOUT_MS, 700L);
            long t0 = k.clock.nanoTime();
            k.add(e);
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the connect timeout");
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, k.resultOf(e), e.errorBuffer());
            assertEquals(700L, (k.clock.nanoTime() - t0) / 1_000_000L, "fired at the connect timeout");
            k.assertNoViolations();
        }
        // total timeout while the server stalls
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.stall());
            CurlEasy e = ContractKit.easy(srv.url("/"));
            e.setopt(CURLOPT_TIMEOUT_MS, 900L);
            long t0 = k.clock.nanoTime();
            // no jump of the clock until the server holds the request (on a loaded machine an
            // "idle" loop may only be slow), then time runs to the total timeout
            k.autoJump = false;
            k.add(e);
            k.runUntil(() -> srv.requestCount() == 1, 10_000, "the request to reach the server");
            k.autoJump = true;
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the total timeout");
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, k.resultOf(e), e.errorBuffer());
            assertEquals(900L, (k.clock.nanoTime() - t0) / 1_000_000L);
            assertEquals(1, srv.requestCount());
            k.assertNoViolations();
        }
        // happy-eyeballs delay: the first family's connect hangs, the second starts after the delay
        ScriptedServer srv6 = null;
        StuckListener stuck4 = null;
        for (int i = 0; i < 5 && stuck4 == null; i++) {
            srv6 = ScriptedServer.start(InetAddress.getByName("::1"));
            try {
                stuck4 = new StuckListener(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), srv6.port()));
            } catch (java.io.IOException busy) {
                srv6.close(); // the port is taken on IPv4: try another
            }
        }
        assertNotNull(stuck4, "no port free on both ::1 and 127.0.0.1");
        try (ScriptedServer srv = srv6; StuckListener s = stuck4; ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.respond(200, "v6"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CurlEasy e = ContractKit.easy("http://he.test:" + srv.port() + "/", out);
            e.setopt(CURLOPT_RESOLVE, List.of("he.test:" + srv.port() + ":127.0.0.1,[::1]"));
            long t0 = k.clock.nanoTime();
            k.add(e);
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the happy-eyeballs fallback");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals("v6", out.toString(StandardCharsets.UTF_8));
            assertEquals(200L, (k.clock.nanoTime() - t0) / 1_000_000L, "second family after the 200 ms delay");
            k.assertNoViolations();
        }
        // waiting for 100-continue: the body goes after the wait even if the server never answers
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.noContinue(), Action.readBody(), Action.respond(200, "got it"));
            srv.setBodyLimit(0);
            byte[] body = new byte[2 * 1024 * 1024];
            Arrays.fill(body, (byte) 'x');
            CurlEasy e = ContractKit.easy(srv.url("/upload"));
            e.setopt(CURLOPT_POSTFIELDS, body);
            long t0 = k.clock.nanoTime();
            k.add(e);
            k.runUntil(() -> k.doneOf(e) != null, 20_000, "the expect-100 wait");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals(body.length, srv.takeRequest(1000).bodySize());
            assertEquals(1000L, (k.clock.nanoTime() - t0) / 1_000_000L, "the wait is CURLOPT_EXPECT_100_TIMEOUT_MS");
            k.assertNoViolations();
        }
        // retry of a pending transfer: it is woken by a timer when a connection frees up
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.respond(200, "ok"));
            k.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
            CurlEasy a = ContractKit.easy(srv.url("/1"));
            CurlEasy b = ContractKit.easy(srv.url("/2"));
            k.add(a);
            k.add(b);
            k.runUntil(() -> k.done.size() == 2, 10_000, "both transfers");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(a));
            assertEquals(CurlCode.CURLE_OK, k.resultOf(b));
            k.assertNoViolations();
        }
    }
}
