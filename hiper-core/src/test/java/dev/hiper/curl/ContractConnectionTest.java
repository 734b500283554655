package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.ContractKit.SockEv;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.nio.channels.SelectableChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONTRACT.md rules 24 to 30: connections, and the typical usage end to end. */
@Timeout(60)
class ContractConnectionTest {

    /** Records every moment the multi has more than {@code max} channels open. */
    private static final class OpenLimit {
        final ContractKit k;
        final int max;
        final List<String> over = new ArrayList<>();

        OpenLimit(ContractKit k, int max) {
            this.k = k;
            this.max = max;
        }

        void check(String where) {
            int n = k.openChannels();
            if (n > max) {
                over.add(where + ": " + n + " channels open");
            }
        }

        /** An easy handle whose progress, header and write callbacks check the limit mid-call. */
        CurlEasy easy(String url) {
            CurlEasy e = ContractKit.easy(url);
            e.setopt(CURLOPT_NOPROGRESS, 0L);
            e.setopt(CURLOPT_XFERINFOFUNCTION, (cp, dt, dn, ut, un) -> {
                check("progress of " + url);
                return 0;
            });
            e.setopt(CURLOPT_HEADERFUNCTION, (line, ud) -> {
                check("header of " + url);
                return line.remaining();
            });
            return e;
        }

        void install() {
            k.afterCall = () -> check("after call " + k.call);
            k.socketHook = (easy, s, what, socketp) -> {
                check("socket callback");
                return 0;
            };
        }
    }

    // Rule 24: "CURLMOPT_MAX_HOST_CONNECTIONS = 1 with three HTTP/1.1 transfers to one host: at
    // most one connection at any time; the others wait (pending) and start one after another on
    // the reused connection."
    @Test
    void rule24_maxHostConnectionsOneSerializesOnOneConnection() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(30), Action.respond(200, "ok"));
            assertEquals(CurlMCode.CURLM_OK, k.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 1L));
            OpenLimit limit = new OpenLimit(k, 1);
            limit.install();
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CurlEasy e = limit.easy(srv.url("/" + i));
                all.add(e);
                k.add(e);
            }
            k.kick();
            assertEquals(2, k.multi.engine().pendingCount(), "the others wait");
            k.runUntil(() -> k.done.size() == 3, 10_000, "every transfer");
            assertEquals(List.of(), limit.over);
            for (CurlEasy e : all) {
                assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            }
            assertEquals(1, srv.connectionCount(), "one connection in all");
            Set<Integer> sequences = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                RecordedRequest r = srv.takeRequest(1000);
                assertEquals(0, r.connectionIndex());
                sequences.add(r.sequenceOnConnection());
            }
            assertEquals(Set.of(0, 1, 2), sequences, "one after another on the reused connection");
            assertEquals(1L, all.get(0).getinfo(CURLINFO_NUM_CONNECTS));
            assertEquals(0L, all.get(1).getinfo(CURLINFO_NUM_CONNECTS));
            assertEquals(0L, all.get(2).getinfo(CURLINFO_NUM_CONNECTS));
            k.assertNoViolations();
        }
    }

    // Rule 25: "CURLMOPT_MAX_TOTAL_CONNECTIONS = N: never more than N connections open."
    @Test
    void rule25_maxTotalConnectionsIsNeverExceeded() throws Exception {
        // many transfers to one host: only N connections are ever made
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(20), Action.respond(200, "ok"));
            k.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 2L);
            OpenLimit limit = new OpenLimit(k, 2);
            limit.install();
            for (int i = 0; i < 6; i++) {
                k.add(limit.easy(srv.url("/" + i)));
            }
            k.runUntil(() -> k.done.size() == 6, 10_000, "every transfer");
            for (ContractKit.Done d : k.done) {
                assertEquals(CurlCode.CURLE_OK, d.result);
            }
            assertEquals(List.of(), limit.over);
            assertTrue(srv.connectionCount() <= 2, "connections made: " + srv.connectionCount());
            k.assertNoViolations();
        }
        // one host after another: a new connection must not be opened before an idle one is closed
        try (ScriptedServer s1 = ScriptedServer.start(); ScriptedServer s2 = ScriptedServer.start();
                ScriptedServer s3 = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            for (ScriptedServer s : List.of(s1, s2, s3)) {
                s.setDefault(Action.respond(200, "ok"));
            }
            k.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 2L);
            OpenLimit limit = new OpenLimit(k, 2);
            limit.install();
            for (ScriptedServer s : List.of(s1, s2, s3, s1, s2, s3)) {
                CurlEasy e = limit.easy(s.url("/"));
                k.add(e);
                k.runUntil(() -> k.doneOf(e) != null, 10_000, "a transfer");
                assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
                limit.check("between transfers");
            }
            assertEquals(List.of(), limit.over);
            k.assertNoViolations();
        }
        // connections that close (no reuse) while others wait for room: close first, then connect
        try (ScriptedServer s1 = ScriptedServer.start(); ScriptedServer s2 = ScriptedServer.start();
                ScriptedServer s3 = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            for (ScriptedServer s : List.of(s1, s2, s3)) {
                s.setDefault(Action.sleep(20), Action.respond(200, "ok"));
            }
            k.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 2L);
            OpenLimit limit = new OpenLimit(k, 2);
            limit.install();
            for (ScriptedServer s : List.of(s1, s2, s3, s1, s2, s3)) {
                CurlEasy e = limit.easy(s.url("/"));
                e.setopt(CURLOPT_FORBID_REUSE, 1L);
                k.add(e);
            }
            k.runUntil(() -> k.done.size() == 6, 10_000, "every transfer");
            for (ContractKit.Done d : k.done) {
                assertEquals(CurlCode.CURLE_OK, d.result);
            }
            assertEquals(List.of(), limit.over);
            k.assertNoViolations();
        }
    }

    // Rule 26: "CURLMOPT_MAXCONNECTS = 1: a second idle connection closes the oldest idle one."
    @Test
    void rule26_maxConnectsOneClosesTheOldestIdle() throws Exception {
        try (ScriptedServer s1 = ScriptedServer.start(); ScriptedServer s2 = ScriptedServer.start();
                ContractKit k = ContractKit.real()) {
            s1.setDefault(Action.sleep(30), Action.respond(200, "one"));
            s2.setDefault(Action.sleep(30), Action.respond(200, "two"));
            k.multi.setopt(CURLMOPT_MAXCONNECTS, 1L);
            CurlEasy a = ContractKit.easy(s1.url("/"));
            k.add(a);
            k.runUntil(() -> k.doneOf(a) != null, 10_000, "the first transfer");
            SelectableChannel first = k.socketsOf(a).get(0).channel();
            assertTrue(first.isOpen(), "the first connection is kept idle");
            CurlEasy b = ContractKit.easy(s2.url("/"));
            k.add(b);
            k.runUntil(() -> k.doneOf(b) != null, 10_000, "the second transfer");
            SelectableChannel second = k.socketsOf(b).get(0).channel();
            assertFalse(first.isOpen(), "the oldest idle connection must close");
            assertTrue(second.isOpen(), "the newest idle connection stays");
            assertEquals(1, k.openChannels());
            assertEquals(1, k.multi.engine().cache().idleCount());
            // the kept one is reused, the closed one is not
            CurlEasy c = ContractKit.easy(s2.url("/again"));
            k.add(c);
            k.runUntil(() -> k.doneOf(c) != null, 10_000, "the third transfer");
            assertEquals(1, s2.connectionCount());
            CurlEasy d = ContractKit.easy(s1.url("/again"));
            k.add(d);
            k.runUntil(() -> k.doneOf(d) != null, 10_000, "the fourth transfer");
            assertEquals(2, s1.connectionCount());
            k.assertNoViolations();
        }
    }

    // Rule 27: "CURLOPT_TIMEOUT_MS running out while a transfer is still pending ends it with
    // CURLE_OPERATION_TIMEDOUT."
    @Test
    void rule27_timeoutWhilePendingEndsWithOperationTimedOut() {
        try (ScriptedServer stall = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            stall.setDefault(Action.stall());
            k.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
            CurlEasy hog = ContractKit.easy(stall.url("/hog"));
            CurlEasy waiter = ContractKit.easy(stall.url("/waiter"));
            waiter.setopt(CURLOPT_TIMEOUT_MS, 500L);
            k.add(hog);
            k.add(waiter);
            k.kick();
            assertEquals(1, k.multi.engine().pendingCount(), "the second transfer is pending");
            assertTrue(k.timerLeftMs() >= 0 && k.timerLeftMs() <= 500, "the pending transfer's deadline is a timer");
            long t0 = k.clock.nanoTime();
            k.runUntil(() -> k.doneOf(waiter) != null, 10_000, "the pending transfer's timeout");
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, k.resultOf(waiter), waiter.errorBuffer());
            assertEquals(500L, (k.clock.nanoTime() - t0) / 1_000_000L);
            assertEquals(0, k.multi.engine().pendingCount());
            assertNull(k.doneOf(hog), "the running transfer goes on");
            assertEquals(1, k.multi.runningHandles());
            assertEquals(1, stall.connectionCount(), "the pending transfer never connected");
            k.assertNoViolations();
        }
    }

    // Rule 28: "Pausing removes the transfer's interest (REMOVE if it was the socket's only user);
    // unpausing re-announces it and reports timeout 0."
    @Test
    void rule28_pauseRemovesInterestUnpauseReannouncesWithTimeoutZero() throws Exception {
        // paused from outside, while waiting for the answer
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(200), Action.respond(200, "late"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CurlEasy e = ContractKit.easy(srv.url("/"), out);
            k.add(e);
            k.runUntil(() -> !k.watched.isEmpty() && k.watched.containsValue(CURL_POLL_IN), 10_000, "the request");
            CurlSocket s = k.socketsOf(e).get(0);
            int n = k.eventsFor(s).size();
            k.call++;
            assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_RECV));
            List<SockEv> evs = k.eventsFor(s);
            assertEquals(n + 1, evs.size(), "pausing must tell the socket callback: " + evs);
            assertEquals(CURL_POLL_REMOVE, evs.get(n).what);
            long end = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < end) {
                k.step(20);
            }
            assertEquals(n + 1, k.eventsFor(s).size(), "a paused transfer's socket is not watched");
            assertEquals(0, out.size(), "nothing delivered while paused");
            int timers = k.timerEvents.size();
            k.call++;
            assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_CONT));
            evs = k.eventsFor(s);
            assertEquals(n + 2, evs.size(), "unpausing must re-announce: " + evs);
            assertEquals(CURL_POLL_IN, evs.get(n + 1).what);
            assertNull(evs.get(n + 1).socketp);
            assertTrue(k.timerEvents.size() > timers);
            assertEquals(0L, k.timerEvents.get(k.timerEvents.size() - 1).ms, "unpausing reports timeout 0");
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the transfer");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals("late", out.toString(StandardCharsets.UTF_8));
            k.assertNoViolations();
        }
        // paused by the write callback, in the middle of the body
        byte[] half = new byte[20_000];
        Arrays.fill(half, (byte) 'h');
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 40000\r\n\r\n";
        byte[] first = new byte[head.length() + half.length];
        System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, first, 0, head.length());
        System.arraycopy(half, 0, first, head.length(), half.length);
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(50), Action.respond(first), Action.sleep(300), Action.respond(half));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] paused = {false};
            int[] pauseCall = {-1};
            CurlEasy e = ContractKit.easy(srv.url("/"));
            e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                if (!paused[0]) {
                    paused[0] = true;
                    pauseCall[0] = k.call;
                    return CURL_WRITEFUNC_PAUSE;
                }
                int len = data.remaining();
                byte[] b = new byte[len];
                data.get(b);
                out.write(b, 0, len);
                return len;
            });
            k.add(e);
            k.runUntil(() -> paused[0], 10_000, "the pause");
            CurlSocket s = k.socketsOf(e).get(0);
            List<SockEv> evs = k.eventsFor(s);
            SockEv last = evs.get(evs.size() - 1);
            assertEquals(CURL_POLL_REMOVE, last.what, "pausing in the write callback removes the interest: " + evs);
            assertEquals(pauseCall[0], last.call, "in the call that paused");
            int n = evs.size();
            int timers = k.timerEvents.size();
            k.call++;
            assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_CONT));
            assertTrue(k.timerEvents.size() > timers);
            assertEquals(0L, k.timerEvents.get(k.timerEvents.size() - 1).ms, "unpausing reports timeout 0");
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the transfer");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals(40_000, out.size());
            evs = k.eventsFor(s);
            assertTrue(evs.size() > n && evs.get(n).what == CURL_POLL_IN, "re-announced after the unpause: " + evs);
            k.assertNoViolations();
        }
    }

    private static void runMany(JettyServer jetty, boolean kickStart) {
        final int count = 20;
        final int size = 100_000;
        try (ContractKit k = ContractKit.real()) {
            List<ByteArrayOutputStream> outs = new ArrayList<>();
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                outs.add(out);
                CurlEasy e = ContractKit.easy(jetty.url("/bytes?n=" + size + "&seed=" + i), out);
                all.add(e);
                assertEquals(CurlMCode.CURLM_OK, k.add(e));
            }
            if (kickStart) {
                assertEquals(CurlMCode.CURLM_OK, k.kick());
            }
            k.runUntil(() -> k.done.size() == count, 30_000, "every transfer");
            for (int i = 0; i < count; i++) {
                assertEquals(CurlCode.CURLE_OK, k.resultOf(all.get(i)), all.get(i).errorBuffer());
                CRC32 crc = new CRC32();
                crc.update(outs.get(i).toByteArray());
                assertEquals(size, outs.get(i).size());
                assertEquals(JettyServer.crc32(size, i), crc.getValue(), "transfer " + i);
            }
            assertEquals(0, k.multi.runningHandles());
            assertTrue(k.watched.isEmpty(), "sockets still watched after every transfer ended: " + k.watched);
            k.assertNoViolations();
        }
    }

    // Rule 29: "A loop written only from the seeds' eight steps (socket callback, timer callback,
    // add handles, kick-start with CURL_SOCKET_TIMEOUT, wait, act, repeat) completes many
    // concurrent transfers, and so does one that skips the explicit kick-start (rule 1 starts
    // it)."
    @Test
    void rule29_eightStepLoopCompletesManyTransfersWithAndWithoutKickStart() {
        try (JettyServer jetty = JettyServer.start()) {
            runMany(jetty, true);
            runMany(jetty, false);
        }
    }

    // Rule 30: "The deprecated socket(s) behaves exactly as socketAction(s, 0); socketAll() runs
    // every transfer once and still reports changes through the callbacks."
    @Test
    @SuppressWarnings("deprecation")
    void rule30_deprecatedSocketAndSocketAll() throws Exception {
        // socket(s): a whole run driven by it, and its answers match socketAction(s, 0)
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer stall = ScriptedServer.start();
                ContractKit k = ContractKit.manual()) {
            srv.setDefault(Action.sleep(30), Action.respond(200, "ok"));
            stall.setDefault(Action.stall());
            k.viaDeprecatedSocket = true;
            CurlEasy a = ContractKit.easy(srv.url("/a"));
            CurlEasy b = ContractKit.easy(srv.url("/b"));
            k.add(a);
            k.add(b);
            k.runUntil(() -> k.done.size() == 2, 10_000, "transfers driven by socket(s)");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(a));
            assertEquals(CurlCode.CURLE_OK, k.resultOf(b));
            CurlSocket parked = k.socketsOf(a).get(0);
            assertEquals(CurlMCode.CURLM_BAD_SOCKET, k.multi.socket(null));
            assertEquals(k.multi.socketAction(null, 0), k.multi.socket(null));
            assertEquals(CurlMCode.CURLM_OK, k.multi.socket(parked), "an unwatched socket is ignored");
            // early timeout: re-reports the time left, as socketAction(CURL_SOCKET_TIMEOUT, 0) does
            k.viaDeprecatedSocket = false;
            CurlEasy t = ContractKit.easy(stall.url("/t"));
            t.setopt(CURLOPT_TIMEOUT_MS, 3000L);
            k.add(t);
            k.kick();
            int n = k.timerEvents.size();
            k.clock.advanceMillis(1000);
            k.call++;
            assertEquals(CurlMCode.CURLM_OK, k.multi.socket(CURL_SOCKET_TIMEOUT));
            assertEquals(n + 1, k.timerEvents.size());
            assertEquals(2000L, k.timerEvents.get(n).ms);
            k.call++;
            assertEquals(CurlMCode.CURLM_OK, k.multi.socketAction(CURL_SOCKET_TIMEOUT, 0));
            assertEquals(2000L, k.timerEvents.get(n + 1).ms);
            // and fires like it
            k.clock.advanceMillis(2000);
            k.call++;
            assertEquals(CurlMCode.CURLM_OK, k.multi.socket(CURL_SOCKET_TIMEOUT));
            k.drain();
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, k.resultOf(t));
            k.assertNoViolations();
        }
        // socketAll(): every transfer runs once, changes go through the callbacks
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(50), Action.respond(200, "ok"));
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CurlEasy e = ContractKit.easy(srv.url("/" + i));
                all.add(e);
                k.add(e);
            }
            int timers = k.timerEvents.size();
            assertEquals(CurlMCode.CURLM_OK, k.call(() -> k.multi.socketAll()));
            for (CurlEasy e : all) {
                assertEquals(1, k.socketsOf(e).size(), "socketAll did not run " + e);
            }
            assertTrue(k.timerEvents.size() > timers, "the timer change after socketAll must be told");
            assertNotEquals(0L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            long end = System.nanoTime() + 10_000_000_000L;
            while (k.done.size() < 3) {
                assertTrue(System.nanoTime() < end, "socketAll did not finish the transfers");
                k.selector.select(20);
                k.selector.selectedKeys().clear();
                assertEquals(CurlMCode.CURLM_OK, k.call(() -> k.multi.socketAll()));
            }
            for (CurlEasy e : all) {
                assertEquals(CurlCode.CURLE_OK, k.resultOf(e));
                List<SockEv> evs = k.eventsFor(k.socketsOf(e).get(0));
                assertEquals(CURL_POLL_REMOVE, evs.get(evs.size() - 1).what, "REMOVE told through the callback");
            }
            assertTrue(k.watched.isEmpty());
            k.assertNoViolations();
        }
    }
}
