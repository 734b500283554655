package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.ContractKit.Done;
import dev.hiper.curl.ContractKit.SockEv;
import dev.hiper.curl.ContractKit.StuckListener;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONTRACT.md rules 14 to 23: socketAction, messages, handles and re-entrancy. */
@Timeout(60)
class ContractHandleTest {

    private static String body(int n, char c) {
        char[] b = new char[n];
        Arrays.fill(b, c);
        return new String(b);
    }

    /** Waits (real time) until the selector says {@code s} is readable, without acting on it. */
    private static void awaitReadable(ContractKit k, CurlSocket s) throws Exception {
        SelectionKey key = s.channel().keyFor(k.selector);
        assertNotNull(key);
        long end = System.nanoTime() + 10_000_000_000L;
        for (;;) {
            k.selector.select(20);
            boolean ready = k.selector.selectedKeys().contains(key) && key.isReadable();
            k.selector.selectedKeys().clear();
            if (ready) {
                return;
            }
            assertTrue(System.nanoTime() < end, "the answer did not arrive");
        }
    }

    private static void pumpUntil(ContractKit k, java.util.function.BooleanSupplier cond) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            k.pumpSockets(20);
        }
    }

    // Rule 14: "A known socket with any evBitmask (0, IN, OUT, ERR or a mix) runs the transfers
    // using that socket, plus every transfer whose deadline passed. The bitmask is a hint: with 0,
    // hiper checks the socket itself."
    @Test
    void rule14_knownSocketWithAnyBitmaskRunsItsTransfersAndDueTimers() throws Exception {
        int[] masks = {0, CURL_CSELECT_IN, CURL_CSELECT_OUT, CURL_CSELECT_ERR,
            CURL_CSELECT_IN | CURL_CSELECT_OUT | CURL_CSELECT_ERR};
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer stall = ScriptedServer.start()) {
            srv.setDefault(Action.sleep(200), Action.respond(200, "answer"));
            stall.setDefault(Action.stall());
            for (int mask : masks) {
                try (ContractKit k = ContractKit.manual()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    CurlEasy a = ContractKit.easy(srv.url("/a"), out);
                    CurlEasy b = ContractKit.easy(stall.url("/b"));
                    b.setopt(CURLOPT_TIMEOUT_MS, 1000L);
                    k.add(a);
                    k.add(b);
                    k.kick();
                    pumpUntil(k, () -> k.watched.values().stream().filter(w -> w == CURL_POLL_IN).count() == 2);
                    CurlSocket sa = k.socketsOf(a).get(0);
                    awaitReadable(k, sa);
                    k.clock.advanceMillis(1500);
                    assertEquals(CurlMCode.CURLM_OK, k.action(sa, mask));
                    int c = k.call;
                    Done da = k.doneOf(a);
                    Done db = k.doneOf(b);
                    assertNotNull(da, "mask " + mask + ": the socket's transfer did not run");
                    assertEquals(c, da.call);
                    assertEquals(CurlCode.CURLE_OK, da.result, a.errorBuffer());
                    assertEquals("answer", out.toString(StandardCharsets.UTF_8));
                    assertNotNull(db, "mask " + mask + ": the expired transfer did not run");
                    assertEquals(c, db.call);
                    assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, db.result);
                    k.assertNoViolations();
                }
            }
        }
    }

    // Rule 15: "A socket the multi does not know (already removed, or stray) is ignored:
    // CURLM_OK, due timers still run. An argument that is not a socket at all (null) answers
    // CURLM_BAD_SOCKET."
    @Test
    void rule15_unknownSocketIsIgnoredButTimersRunNullIsBadSocket() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer stall = ScriptedServer.start();
                ContractKit k = ContractKit.manual(); ContractKit other = ContractKit.real()) {
            srv.setDefault(Action.sleep(50), Action.respond(200, "ok"));
            stall.setDefault(Action.stall());
            // a socket that was removed and closed
            CurlEasy gone = ContractKit.easy(srv.url("/gone"));
            gone.setopt(CURLOPT_FORBID_REUSE, 1L);
            // a socket that was removed and parked
            CurlEasy parked = ContractKit.easy(srv.url("/parked"));
            k.add(gone);
            k.runUntil(() -> k.doneOf(gone) != null, 10_000, "the first transfer");
            CurlSocket closed = k.socketsOf(gone).get(0);
            assertFalse(closed.channel().isOpen());
            k.add(parked);
            k.runUntil(() -> k.doneOf(parked) != null, 10_000, "the second transfer");
            CurlSocket idle = k.socketsOf(parked).get(0);
            assertTrue(idle.channel().isOpen());
            assertFalse(k.watched.containsKey(idle));
            // a stray: another multi's socket
            CurlEasy foreign = ContractKit.easy(stall.url("/foreign"));
            other.add(foreign);
            other.runUntil(() -> !other.watched.isEmpty(), 10_000, "the other multi's socket");
            CurlSocket stray = other.watched.keySet().iterator().next();

            List<CurlEasy> timed = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                CurlEasy t = ContractKit.easy(stall.url("/t" + i));
                t.setopt(CURLOPT_TIMEOUT_MS, 1000L * i);
                timed.add(t);
                k.add(t);
            }
            k.kick();
            CurlSocket[] unknown = {closed, idle, stray};
            for (int i = 0; i < 3; i++) {
                int eventsBefore = k.sockEvents.size();
                k.clock.advanceMillis(1000);
                assertEquals(CurlMCode.CURLM_OK, k.action(unknown[i], CURL_CSELECT_IN), unknown[i].toString());
                Done d = k.doneOf(timed.get(i));
                assertNotNull(d, "due timer did not run for a call on " + unknown[i]);
                assertEquals(k.call, d.call);
                assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, d.result);
                for (SockEv ev : k.sockEvents.subList(eventsBefore, k.sockEvents.size())) {
                    assertNotSame(idle, ev.s, "the parked connection was acted on");
                }
            }
            assertEquals(1, k.multi.engine().cache().idleCount(), "the parked connection must stay parked");
            assertEquals(1, other.multi.runningHandles(), "the other multi is untouched");
            assertEquals(CurlMCode.CURLM_BAD_SOCKET, k.multi.socketAction(null, 0));
            assertEquals(CurlMCode.CURLM_BAD_SOCKET, k.multi.socketAction(null, CURL_CSELECT_IN));
            k.assertNoViolations();
        }
    }

    // Rule 16: "Data already buffered inside hiper (TLS, decoders) after a read marks the transfer
    // ready and reports timeout 0; progress never waits for a new readiness event that will not
    // come."
    @Test
    void rule16_bufferedDataMarksTransferReady() throws Exception {
        String content = body(40_000, 'q');
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.respond(200, content));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] pausedOnce = {false};
            CurlEasy e = ContractKit.easy(srv.url("/"));
            e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                if (!pausedOnce[0]) {
                    pausedOnce[0] = true;
                    return CURL_WRITEFUNC_PAUSE; // what was read stays inside hiper
                }
                int n = data.remaining();
                byte[] b = new byte[n];
                data.get(b);
                out.write(b, 0, n);
                return n;
            });
            k.add(e);
            k.runUntil(() -> pausedOnce[0], 10_000, "the first write");
            Thread.sleep(100); // everything the server sent has arrived
            k.pumpSockets(20);
            int timers = k.timerEvents.size();
            k.call++;
            assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_CONT));
            assertTrue(k.timerEvents.size() > timers, "unpausing over buffered data must report a timer");
            assertEquals(0L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            assertEquals(0L, k.multi.timeout());
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the buffered data to be delivered");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals(content, out.toString(StandardCharsets.UTF_8));
            k.assertNoViolations();
        }
    }

    // Rule 17: "runningHandles() counts transfers added and not yet done, pending ones included,
    // internal ones excluded; it drops in the call that queues their DONE message."
    @Test
    void rule17_runningHandlesCountsAddedNotDoneAndDropsWithDone() {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(50), Action.respond(200, "ok"));
            k.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CurlEasy e = ContractKit.easy(srv.url("/" + i));
                all.add(e);
                k.add(e);
                assertEquals(i + 1, k.multi.runningHandles(), "counted from addHandle on");
            }
            List<String> wrong = new ArrayList<>();
            k.afterCall = () -> {
                if (k.multi.runningHandles() != 3 - k.done.size()) {
                    wrong.add("call " + k.call + ": running=" + k.multi.runningHandles() + " done=" + k.done.size());
                }
            };
            k.kick();
            assertEquals(2, k.multi.engine().pendingCount(), "two transfers wait for the one connection");
            assertEquals(3, k.multi.runningHandles(), "pending transfers count as running");
            k.runUntil(() -> k.done.size() == 3, 10_000, "every transfer");
            assertEquals(List.of(), wrong);
            assertEquals(0, k.multi.runningHandles());
            for (CurlEasy e : all) {
                assertEquals(CurlCode.CURLE_OK, k.resultOf(e));
            }
            // cleanup's internal handle never counts
            k.afterCall = null;
            k.cleanup();
            assertEquals(0, k.multi.runningHandles());
            k.assertNoViolations();
        }
    }

    // Rule 18: "Exactly one CURLMSG_DONE per transfer, first in first out; msgsInQueue() counts
    // what is left; removeHandle drops an unread message. Finished transfers stay added until
    // removed."
    @Test
    void rule18_oneDoneMessagePerTransferInOrder() {
        try (ScriptedServer stall = ScriptedServer.start(); ContractKit k = ContractKit.manual()) {
            stall.setDefault(Action.stall());
            k.autoDrain = false;
            CurlEasy a = ContractKit.easy(stall.url("/a"));
            a.setopt(CURLOPT_TIMEOUT_MS, 1000L);
            CurlEasy b = ContractKit.easy(stall.url("/b"));
            b.setopt(CURLOPT_TIMEOUT_MS, 2000L);
            CurlEasy c = ContractKit.easy(stall.url("/c"));
            c.setopt(CURLOPT_TIMEOUT_MS, 3000L);
            // added in another order than they finish
            k.add(b);
            k.add(c);
            k.add(a);
            k.kick();
            for (int i = 0; i < 4; i++) {
                k.clock.advanceMillis(1000);
                k.kick();
            }
            assertEquals(0, k.multi.runningHandles());
            // finished transfers stay added
            assertEquals(CurlMCode.CURLM_ADDED_ALREADY, k.multi.addHandle(a));
            CurlMsg m = k.multi.infoRead();
            assertNotNull(m);
            assertEquals(CURLMSG_DONE, m.msg());
            assertSame(a, m.easy(), "first in, first out");
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, m.result());
            assertEquals(2, m.msgsInQueue());
            // an unread message goes with its handle
            assertEquals(CurlMCode.CURLM_OK, k.multi.removeHandle(b));
            m = k.multi.infoRead();
            assertNotNull(m);
            assertSame(c, m.easy());
            assertEquals(0, m.msgsInQueue());
            assertNull(k.multi.infoRead());
            // and no second message, whatever happens next
            k.clock.advanceMillis(10_000);
            k.kick();
            assertNull(k.multi.infoRead());
            k.assertNoViolations();
        }
    }

    // Rule 19: "A transfer that fails and closes its connection sends REMOVE for that socket in
    // the same call that queues its DONE."
    @Test
    void rule19_failingTransferRemovesItsSocketInTheDoneCall() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), Action.sleep(50),
                    Action.reset());
            srv.enqueue(Action.sleep(50), Action.close());
            srv.enqueue(Action.sleep(50), Action.respond("HTTP/1.1 abc nonsense\r\n\r\n"), Action.close());
            for (int i = 0; i < 3; i++) {
                CurlEasy e = ContractKit.easy(srv.url("/" + i));
                k.add(e);
                k.runUntil(() -> k.doneOf(e) != null, 10_000, "the failure");
                Done d = k.doneOf(e);
                assertNotEquals(CurlCode.CURLE_OK, d.result, "transfer " + i + " should fail");
                CurlSocket s = k.socketsOf(e).get(0);
                List<SockEv> evs = k.eventsFor(s);
                SockEv last = evs.get(evs.size() - 1);
                assertEquals(CURL_POLL_REMOVE, last.what, "transfer " + i + ": " + evs);
                assertEquals(d.call, last.call, "REMOVE in the call that queued DONE: " + evs + " " + d);
                assertFalse(s.channel().isOpen());
            }
            assertEquals(0, k.openChannels());
            k.assertNoViolations();
        }
        // failing while connecting: the connect timeout
        try (StuckListener stuck = new StuckListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ContractKit k = ContractKit.real()) {
            CurlEasy e = ContractKit.easy("http://127.0.0.1:" + stuck.port() + "/");
            e.setopt(CURLOPT_CONNECTTIMEOUT_MS, 200L);
            k.add(e);
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the connect timeout");
            Done d = k.doneOf(e);
            assertEquals(CurlCode.CURLE_OPERATION_TIMEDOUT, d.result);
            CurlSocket s = k.socketsOf(e).get(0);
            List<SockEv> evs = k.eventsFor(s);
            SockEv last = evs.get(evs.size() - 1);
            assertEquals(CURL_POLL_REMOVE, last.what, evs.toString());
            assertEquals(d.call, last.call, "REMOVE in the call that queued DONE: " + evs + " " + d);
            assertFalse(s.channel().isOpen());
            k.assertNoViolations();
        }
    }

    // Rule 20: "Adding an added handle answers CURLM_ADDED_ALREADY, to this multi or another.
    // Removing a handle that was never added is CURLM_OK; removing another multi's handle is
    // CURLM_BAD_EASY_HANDLE."
    @Test
    void rule20_addAndRemoveAnswers() {
        try (CurlMulti one = CurlMulti.init(); CurlMulti two = CurlMulti.init()) {
            CurlEasy e = ContractKit.easy("http://127.0.0.1:9/");
            CurlEasy never = ContractKit.easy("http://127.0.0.1:9/");
            assertEquals(CurlMCode.CURLM_OK, one.addHandle(e));
            assertEquals(CurlMCode.CURLM_ADDED_ALREADY, one.addHandle(e));
            assertEquals(CurlMCode.CURLM_ADDED_ALREADY, two.addHandle(e));
            assertEquals(1, one.runningHandles());
            assertEquals(0, two.runningHandles());
            assertEquals(CurlMCode.CURLM_OK, one.removeHandle(never));
            assertEquals(CurlMCode.CURLM_OK, two.removeHandle(never));
            assertEquals(CurlMCode.CURLM_BAD_EASY_HANDLE, two.removeHandle(e));
            assertEquals(1, one.runningHandles(), "still added to its own multi");
            assertEquals(CurlMCode.CURLM_OK, one.removeHandle(e));
            assertEquals(CurlMCode.CURLM_OK, two.addHandle(e));
            assertEquals(CurlMCode.CURLM_OK, two.removeHandle(e));
        }
    }

    /** Every call rule 21 refuses inside a callback, with its answer. */
    @SuppressWarnings("deprecation")
    private static List<String> refusedCalls(CurlMulti m, CurlEasy someAdded, CurlEasy notAdded, CurlSocket s) {
        List<String> wrong = new ArrayList<>();
        check(wrong, "socketAction(TIMEOUT)", m.socketAction(CURL_SOCKET_TIMEOUT, 0));
        if (s != null) {
            check(wrong, "socketAction(s)", m.socketAction(s, CURL_CSELECT_IN));
            check(wrong, "socket(s)", m.socket(s));
        }
        check(wrong, "socket(TIMEOUT)", m.socket(CURL_SOCKET_TIMEOUT));
        check(wrong, "socketAll", m.socketAll());
        check(wrong, "addHandle", m.addHandle(notAdded));
        check(wrong, "removeHandle", m.removeHandle(someAdded));
        check(wrong, "setopt", m.setopt(CURLMOPT_MAXCONNECTS, 3L));
        check(wrong, "timeout(long[])", m.timeout(new long[1]));
        try {
            m.timeout();
            wrong.add("timeout() did not throw");
        } catch (CurlMultiException ex) {
            // the documented way timeout() refuses
        }
        check(wrong, "perform", m.perform());
        check(wrong, "poll", m.poll(0));
        check(wrong, "await", m.await(0));
        check(wrong, "cleanup", m.cleanup());
        return wrong;
    }

    private static void check(List<String> wrong, String what, CurlMCode got) {
        if (got != CurlMCode.CURLM_RECURSIVE_API_CALL) {
            wrong.add(what + " answered " + got);
        }
    }

    // Rule 21: "From inside a socket or timer callback: socketAction, socket, socketAll, addHandle,
    // removeHandle, setopt, timeout, perform, poll, await and cleanup answer
    // CURLM_RECURSIVE_API_CALL; assign and infoRead work. Inside a write or header callback,
    // CurlEasy.pause and getinfo work."
    @Test
    void rule21_reentrancyTable() {
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer stall = ScriptedServer.start();
                ScriptedServer slow = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.respond(200, "ok"));
            stall.setDefault(Action.stall());
            slow.setDefault(Action.sleep(100), Action.respond(200, "ok"));
            k.autoDrain = false;
            // two finished transfers with unread messages, one waiting transfer with a watched socket
            CurlEasy x1 = ContractKit.easy(srv.url("/x1"));
            CurlEasy x2 = ContractKit.easy(srv.url("/x2"));
            x2.setopt(CURLOPT_FRESH_CONNECT, 1L);
            CurlEasy y = ContractKit.easy(stall.url("/y"));
            k.add(x1);
            k.add(x2);
            k.add(y);
            k.runUntil(() -> k.multi.runningHandles() == 1 && !k.socketsOf(y).isEmpty(), 10_000, "the setup");
            CurlSocket sy = k.socketsOf(y).get(0);
            CurlEasy z = ContractKit.easy(slow.url("/z"));
            CurlEasy outsider = ContractKit.easy(srv.url("/never"));

            List<String> timerWrong = new ArrayList<>();
            List<Object> timerOk = new ArrayList<>();
            k.timerHook = ms -> {
                timerWrong.addAll(refusedCalls(k.multi, y, outsider, sy));
                timerOk.add(k.multi.assign(sy, "from-timer"));
                timerOk.add(k.multi.infoRead());
                k.timerHook = null;
                return 0;
            };
            assertEquals(CurlMCode.CURLM_OK, k.add(z));
            assertEquals(List.of(), timerWrong, "inside the timer callback");
            assertEquals(CurlMCode.CURLM_OK, timerOk.get(0), "assign inside the timer callback");
            assertTrue(timerOk.get(1) instanceof CurlMsg, "infoRead inside the timer callback: " + timerOk.get(1));

            List<String> socketWrong = new ArrayList<>();
            List<Object> socketOk = new ArrayList<>();
            k.socketHook = (easy, s, what, socketp) -> {
                if (easy == z && socketOk.isEmpty()) {
                    socketWrong.addAll(refusedCalls(k.multi, y, outsider, s));
                    socketOk.add(k.multi.assign(s, "from-socket"));
                    socketOk.add(k.multi.infoRead());
                }
                return 0;
            };
            k.runUntil(() -> !socketOk.isEmpty(), 10_000, "z's socket");
            assertEquals(List.of(), socketWrong, "inside the socket callback");
            assertEquals(CurlMCode.CURLM_OK, socketOk.get(0), "assign inside the socket callback");
            assertTrue(socketOk.get(1) instanceof CurlMsg, "infoRead inside the socket callback: " + socketOk.get(1));
            k.socketHook = null;
            // nothing refused took effect: y is still added, the multi still works
            assertEquals(CurlMCode.CURLM_ADDED_ALREADY, k.multi.addHandle(y));
            assertFalse(k.multi.engine().isClosed());
            k.runUntil(() -> k.multi.runningHandles() == 1, 10_000, "z");
            List<SockEv> ys = k.eventsFor(sy);
            assertEquals(1, ys.size(), ys.toString());

            // inside write and header callbacks: pause and getinfo
            List<Object> inHeader = new ArrayList<>();
            List<Object> inWrite = new ArrayList<>();
            int[] writes = {0};
            srv.setDefault(Action.respond(200, body(40_000, 'w')));
            CurlEasy w = ContractKit.easy(srv.url("/w"));
            w.setopt(CURLOPT_HEADERFUNCTION, (line, ud) -> {
                if (inHeader.isEmpty()) {
                    inHeader.add(w.getinfo(CURLINFO_RESPONSE_CODE));
                }
                return line.remaining();
            });
            w.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                if (writes[0]++ == 0) {
                    inWrite.add(w.pause(CURLPAUSE_RECV));
                    inWrite.add(w.getinfo(CURLINFO_RESPONSE_CODE));
                }
                return data.remaining();
            });
            k.autoDrain = true;
            k.add(w);
            k.runUntil(() -> writes[0] > 0, 10_000, "w's first write");
            assertEquals(List.of(200L), inHeader, "getinfo inside the header callback");
            assertEquals(List.of(CurlCode.CURLE_OK, 200L), inWrite, "pause and getinfo inside the write callback");
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                k.step(20);
            }
            assertEquals(1, writes[0], "pause inside the write callback must take effect");
            assertNull(k.doneOf(w));
            assertEquals(CurlCode.CURLE_OK, w.pause(CURLPAUSE_CONT));
            k.runUntil(() -> k.doneOf(w) != null, 10_000, "w");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(w), w.errorBuffer());
            assertEquals(40_000L, w.getinfo(CURLINFO_SIZE_DOWNLOAD_T));
            k.assertNoViolations();
        }
    }

    // Rule 22: "An unknown option answers CURLM_UNKNOWN_OPTION / CURLE_UNKNOWN_OPTION. A negative
    // limit answers CURLM_BAD_FUNCTION_ARGUMENT."
    @Test
    void rule22_unknownOptionsAndNegativeLimits() {
        try (CurlMulti m = CurlMulti.init(); CurlEasy e = CurlEasy.init()) {
            // keys this build does not know (the documented unsupported ones may arrive one day)
            MultiOption<Long> bogusMulti = new MultiOption<>("CURLMOPT_BOGUS", 99_999, Long.class);
            EasyOption<Long> bogusEasy = new EasyOption<>("CURLOPT_BOGUS", 99_999, Long.class);
            assertEquals(CurlMCode.CURLM_UNKNOWN_OPTION, m.setopt(bogusMulti, 1L));
            assertEquals(CurlMCode.CURLM_UNKNOWN_OPTION, m.setopt(null, 1L));
            assertEquals(CurlCode.CURLE_UNKNOWN_OPTION, e.setopt(bogusEasy, 1L));
            assertEquals(CurlCode.CURLE_UNKNOWN_OPTION, e.setopt(null, 1L));
            assertEquals(CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT, m.setopt(CURLMOPT_MAXCONNECTS, -1L));
            assertEquals(CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT, m.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, -1L));
            assertEquals(CurlMCode.CURLM_OK, m.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 4L));
            assertEquals(CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT, m.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, -5L));
            assertEquals(4L, m.engine().cache().maxTotal, "a refused value must not be kept");
        }
    }

    // Rule 23: "cleanup() may call the socket callback (connections shutting down, then REMOVE) but
    // never the timer callback; assign works during it; handles still added are detached, not
    // freed; afterwards no channel the multi opened is still open."
    @Test
    void rule23_cleanupRemovesClosesDetachesAndNeverCallsTheTimer() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer stall = ScriptedServer.start();
                JettyServer jetty = JettyServer.start()) {
            srv.setDefault(Action.respond(200, "ok"));
            stall.setDefault(Action.stall());
            ContractKit k = ContractKit.real();
            List<CurlMCode> assigns = new ArrayList<>();
            k.socketHook = (easy, s, what, socketp) -> {
                if (k.inCleanup) {
                    assigns.add(k.multi.assign(s, "bye"));
                }
                return 0;
            };
            CurlEasy idle = ContractKit.easy(srv.url("/idle"));
            k.add(idle);
            k.runUntil(() -> k.doneOf(idle) != null, 10_000, "a transfer that leaves an idle connection");
            CurlEasy a = ContractKit.easy(stall.url("/a"));
            a.setopt(CURLOPT_PRIVATE, "a");
            a.setopt(CURLOPT_TIMEOUT_MS, 60_000L); // a deadline is pending when cleanup comes
            CurlEasy b = ContractKit.easy("http://v4.a.hiper.test:" + stall.port() + "/b");
            k.add(a);
            k.add(b);
            k.runUntil(() -> stall.requestCount() == 2 && k.watched.size() == 2, 10_000, "two waiting transfers");
            int timers = k.timerEvents.size();
            assertTrue(k.timerLeftMs() > 0, "the total timeout is the timer");
            List<SelectableChannel> seen = new ArrayList<>(k.channels);
            assertEquals(CurlMCode.CURLM_OK, k.cleanup());
            assertEquals(timers, k.timerEvents.size(), "cleanup called the timer callback");
            List<SockEv> during = new ArrayList<>();
            for (SockEv ev : k.sockEvents) {
                if (ev.duringCleanup) {
                    during.add(ev);
                }
            }
            assertEquals(2, during.size(), "one REMOVE per watched socket: " + during);
            for (SockEv ev : during) {
                assertEquals(CURL_POLL_REMOVE, ev.what);
            }
            assertEquals(List.of(CurlMCode.CURLM_OK, CurlMCode.CURLM_OK), assigns, "assign during cleanup");
            assertTrue(k.watched.isEmpty());
            for (SelectableChannel ch : seen) {
                assertFalse(ch.isOpen(), "a channel the multi opened is still open");
            }
            assertEquals(0, k.openChannels());
            long end = System.nanoTime() + 5_000_000_000L;
            while ((srv.openConnections() > 0 || stall.openConnections() > 0) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(0, srv.openConnections(), "the idle connection was not closed");
            assertEquals(0, stall.openConnections(), "a transfer's connection was not closed");
            k.assertNoViolations();
            k.close();

            // detached, not freed: the handles work in another multi
            assertEquals("a", a.getinfo(CURLINFO_PRIVATE));
            try (ContractKit k2 = ContractKit.real()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                a.setopt(CURLOPT_URL, jetty.url("/bytes?n=5000&seed=3"));
                a.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                    int n = data.remaining();
                    byte[] bb = new byte[n];
                    data.get(bb);
                    out.write(bb, 0, n);
                    return n;
                });
                assertEquals(CurlMCode.CURLM_OK, k2.add(a), "a detached handle can be added again");
                k2.runUntil(() -> k2.doneOf(a) != null, 10_000, "the detached handle's new transfer");
                assertEquals(CurlCode.CURLE_OK, k2.resultOf(a), a.errorBuffer());
                assertArrayEquals(JettyServer.expectedBytes(5000, 3), out.toByteArray());
                k2.assertNoViolations();
            }
        }
    }
}
