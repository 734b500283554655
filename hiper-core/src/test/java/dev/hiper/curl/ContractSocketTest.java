package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.curl.ContractKit.SockEv;
import dev.hiper.curl.ContractKit.StuckListener;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONTRACT.md rules 7 to 13: the socket callback. */
@Timeout(60)
class ContractSocketTest {

    /** Rule 8: per socket, no two calls in a row with the same what, but for rule 8a's one exception. */
    static void assertNoRepeatedInterest(ContractKit k) {
        Set<CurlSocket> seen = new HashSet<>();
        for (SockEv ev : k.sockEvents) {
            if (!seen.add(ev.s)) {
                continue;
            }
            List<SockEv> evs = k.eventsFor(ev.s);
            for (int i = 1; i < evs.size(); i++) {
                SockEv prev = evs.get(i - 1);
                SockEv cur = evs.get(i);
                if (prev.what != cur.what) {
                    continue;
                }
                boolean rule8a = cur.what == CURL_POLL_OUT && (prev.ops & SelectionKey.OP_CONNECT) != 0
                        && !prev.connected && cur.connected && (cur.ops & SelectionKey.OP_WRITE) != 0;
                assertTrue(rule8a, "the same interest told twice in a row: " + prev + " then " + cur);
            }
        }
    }

    // Rule 7: "what is one of CURL_POLL_IN, CURL_POLL_OUT, CURL_POLL_INOUT, CURL_POLL_REMOVE;
    // never 0."
    @Test
    void rule07_whatIsAlwaysOneOfTheFourValues() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer closed = ScriptedServer.start();
                StuckListener stuck = new StuckListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ContractKit k = ContractKit.real()) {
            int closedPort = closed.port();
            closed.close();
            srv.setDefault(Action.respond(200, "ok"));
            List<CurlEasy> all = new ArrayList<>();
            all.add(ContractKit.easy(srv.url("/get")));
            CurlEasy post = ContractKit.easy(srv.url("/post"));
            post.setopt(CURLOPT_POSTFIELDS, new byte[3 * 1024 * 1024]);
            all.add(post);
            CurlEasy byName = ContractKit.easy("http://v4.a.hiper.test:" + srv.port() + "/name");
            all.add(byName);
            CurlEasy refused = ContractKit.easy("http://127.0.0.1:" + closedPort + "/");
            all.add(refused);
            CurlEasy hanging = ContractKit.easy("http://127.0.0.1:" + stuck.port() + "/");
            hanging.setopt(CURLOPT_CONNECTTIMEOUT_MS, 300L);
            all.add(hanging);
            CurlEasy once = ContractKit.easy(srv.url("/once"));
            once.setopt(CURLOPT_FORBID_REUSE, 1L);
            all.add(once);
            for (CurlEasy e : all) {
                k.add(e);
            }
            k.runUntil(() -> k.done.size() == all.size(), 20_000, "every transfer");
            Set<Integer> whats = new HashSet<>();
            for (SockEv ev : k.sockEvents) {
                assertTrue(ev.what == CURL_POLL_IN || ev.what == CURL_POLL_OUT || ev.what == CURL_POLL_INOUT
                        || ev.what == CURL_POLL_REMOVE, ev.toString());
                whats.add(ev.what);
            }
            assertTrue(whats.containsAll(List.of(CURL_POLL_IN, CURL_POLL_OUT, CURL_POLL_REMOVE)), whats.toString());
            k.assertNoViolations();
        }
    }

    // Rule 8: "It fires only when a socket's combined interest changes; the same interest twice in
    // a row is one call. Interest is counted over every transfer and connection using the socket
    // (HTTP/2 shares one socket among many transfers): one stream finishing lowers the mask, it
    // does not REMOVE."
    // HTTP/1.1 has one shared socket: the resolver's wake channel, watched for every transfer that
    // waits on a name.
    @Test
    void rule08_socketCallbackOnlyWhenCombinedInterestChanges() throws Exception {
        try (JettyServer jetty = JettyServer.start(); ContractKit k = ContractKit.real()) {
            CurlEasy a = ContractKit.easy("http://v4.a.hiper.test:" + jetty.port() + "/bytes?n=1000");
            CurlEasy b = ContractKit.easy("http://v4.b.hiper.test:" + jetty.port() + "/bytes?n=1000");
            k.add(a);
            k.add(b);
            k.kick(); // both now wait on the wake channel; its readiness is not delivered yet
            assertEquals(1, k.sockEvents.size(), "two users wanting IN on one socket is one call: " + k.sockEvents);
            SockEv wake = k.sockEvents.get(0);
            assertEquals(CURL_POLL_IN, wake.what);
            int callsBefore = k.sockEvents.size();
            k.remove(a);
            assertEquals(callsBefore, k.sockEvents.size(), "one user leaving a shared socket must not REMOVE it");
            k.remove(b);
            assertEquals(callsBefore + 1, k.sockEvents.size());
            assertEquals(CURL_POLL_REMOVE, k.sockEvents.get(callsBefore).what, "the last user left");
            assertSame(wake.s, k.sockEvents.get(callsBefore).s);

            // whole transfers: per socket, never the same interest twice in a row
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String host = i % 2 == 0 ? "v4.a.hiper.test" : "v4.b.hiper.test";
                CurlEasy e = ContractKit.easy("http://" + host + ":" + jetty.port() + "/bytes?n=" + (200_000 + i)
                        + "&seed=" + i);
                all.add(e);
                k.add(e);
            }
            CurlEasy echo = ContractKit.easy("http://127.0.0.1:" + jetty.port() + "/echo");
            echo.setopt(CURLOPT_POSTFIELDS, new byte[2 * 1024 * 1024]);
            all.add(echo);
            k.add(echo);
            k.runUntil(() -> k.done.size() == all.size(), 20_000, "every transfer");
            for (CurlEasy e : all) {
                assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            }
            assertNoRepeatedInterest(k);
            k.assertNoViolations();
        }
    }

    // Rule 8a: "when a socket's TCP connect completes while hiper still wants CURL_POLL_OUT on it,
    // hiper announces the socket again (the one exception to rule 8), and a loop that registers
    // s.interestOps(what) never waits on OP_CONNECT for a connected socket (a large upload right
    // after connect must not stall)."
    @Test
    void rule08a_connectedSocketIsAnnouncedAgainForOut() throws Exception {
        final long size = 24L * 1024 * 1024;
        AtomicLong serverGot = new AtomicLong(-1);
        try (StuckListener srv = new StuckListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ContractKit k = ContractKit.real()) {
            CurlEasy e = ContractKit.easy("http://127.0.0.1:" + srv.port() + "/up");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
                int n = data.remaining();
                byte[] b = new byte[n];
                data.get(b);
                out.write(b, 0, n);
                return n;
            });
            e.setopt(CURLOPT_UPLOAD, 1L);
            e.setopt(CURLOPT_INFILESIZE_LARGE, size);
            e.setopt(CURLOPT_HTTPHEADER, List.of("Expect:"));
            long[] sent = new long[1];
            e.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                int n = (int) Math.min(dst.remaining(), size - sent[0]);
                for (int i = 0; i < n; i++) {
                    dst.put((byte) (sent[0] + i));
                }
                sent[0] += n;
                return n;
            });
            k.add(e);
            // not reading the answer: while the body goes out, OUT is all the transfer wants
            assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_RECV));
            k.kick();
            CurlSocket s = k.socketsOf(e).get(0);
            SockEv first = k.eventsFor(s).get(0);
            assertEquals(CURL_POLL_OUT, first.what);
            assertEquals(SelectionKey.OP_CONNECT, first.ops, "a connect in flight is watched for OP_CONNECT");

            srv.release(ch -> serveSlowUpload(ch, serverGot));
            k.runUntil(() -> serverGot.get() >= 0, 20_000, "the upload to arrive (a stalled loop never gets here)");
            assertEquals(size, serverGot.get());
            List<SockEv> evs = k.eventsFor(s);
            assertTrue(evs.size() >= 2, evs.toString());
            SockEv again = evs.get(1);
            assertTrue(again.connected, evs.toString());
            if (again.what == CURL_POLL_REMOVE) {
                // The run that saw the connect complete sent the whole body (the kernel took it
                // all): OUT is no longer wanted, so there is nothing to announce again.
                assertEquals(size, sent[0], "REMOVE only once the body is all out: " + evs);
            } else {
                assertEquals(CURL_POLL_OUT, again.what, "announced again with OUT once connected: " + evs);
                assertEquals(SelectionKey.OP_WRITE, again.ops);
            }
            for (SockEv ev : evs) {
                if (ev.connected) {
                    assertEquals(0, ev.ops & SelectionKey.OP_CONNECT, "OP_CONNECT for a connected socket: " + ev);
                }
            }
            assertEquals(CurlCode.CURLE_OK, e.pause(CURLPAUSE_CONT));
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the answer");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(e), e.errorBuffer());
            assertEquals("up", out.toString(StandardCharsets.UTF_8));
            assertNoRepeatedInterest(k);
            k.assertNoViolations();
        }
    }

    /** Reads a request head, waits so that the client's send buffer fills, reads the body, answers. */
    private static void serveSlowUpload(SocketChannel ch, AtomicLong got) {
        try {
            ch.configureBlocking(true);
            InputStream in = ch.socket().getInputStream();
            OutputStream os = ch.socket().getOutputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n")) {
                c = in.read();
                if (c < 0) {
                    return; // a filler
                }
                head.append((char) c);
            }
            long length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            Thread.sleep(300);
            byte[] buf = new byte[64 * 1024];
            long n = 0;
            while (n < length) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, length - n));
                if (r < 0) {
                    return;
                }
                n += r;
            }
            os.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nup".getBytes(StandardCharsets.ISO_8859_1));
            os.flush();
            got.set(n);
            while (in.read(buf) >= 0) {
                // until the client closes
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    // Rule 9: "CURL_POLL_REMOVE is sent only for a socket that was announced, and always before
    // its channel is closed. After REMOVE the socket's socketp is forgotten: assign on it answers
    // CURLM_BAD_SOCKET, and if the same connection is announced again later, socketp starts as
    // null."
    @Test
    void rule09_removeOnlyForAnnouncedSocketsBeforeCloseAndForgetsSocketp() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(50), Action.respond(200, "ok"));
            List<CurlMCode> codes = new ArrayList<>();
            k.socketHook = (easy, s, what, socketp) -> {
                if (what != CURL_POLL_REMOVE && socketp == null) {
                    codes.add(k.multi.assign(s, "tag-" + s.id()));
                }
                return 0;
            };
            CurlEasy first = ContractKit.easy(srv.url("/1"));
            k.add(first);
            k.runUntil(() -> k.doneOf(first) != null, 10_000, "the first transfer");
            assertEquals(List.of(CurlMCode.CURLM_OK), codes);
            CurlSocket s = k.socketsOf(first).get(0);
            List<SockEv> evs = k.eventsFor(s);
            SockEv last = evs.get(evs.size() - 1);
            assertEquals(CURL_POLL_REMOVE, last.what, "the parked connection is removed");
            assertEquals("tag-" + s.id(), last.socketp, "REMOVE still carries socketp");
            assertTrue(last.channelOpen);
            assertEquals(CurlMCode.CURLM_BAD_SOCKET, k.multi.assign(s, "late"), "socketp after REMOVE");

            k.socketHook = null;
            CurlEasy second = ContractKit.easy(srv.url("/2"));
            k.add(second);
            k.runUntil(() -> k.doneOf(second) != null, 10_000, "the second transfer");
            assertEquals(1, srv.connectionCount(), "the connection was reused");
            assertEquals(List.of(s), k.socketsOf(second), "the same socket is announced again");
            List<SockEv> again = k.eventsFor(s).subList(evs.size(), k.eventsFor(s).size());
            assertFalse(again.isEmpty());
            for (SockEv ev : again) {
                assertNull(ev.socketp, "socketp must start as null after REMOVE: " + ev);
            }

            // a connection that closes: REMOVE first, then the close
            CurlEasy third = ContractKit.easy(srv.url("/3"));
            third.setopt(CURLOPT_FORBID_REUSE, 1L);
            k.add(third);
            k.runUntil(() -> k.doneOf(third) != null, 10_000, "the third transfer");
            SockEv end = k.eventsFor(s).get(k.eventsFor(s).size() - 1);
            assertEquals(CURL_POLL_REMOVE, end.what);
            assertTrue(end.channelOpen, "REMOVE must come before the close");
            assertFalse(s.channel().isOpen());
            assertEquals(0, k.openChannels());
            k.assertNoViolations(); // REMOVE never for an unannounced socket, never after a close
        }
    }

    // Rule 10: "An idle connection parked in the cache is not watched (REMOVE was sent when its
    // last transfer left it)."
    @Test
    void rule10_idleCachedConnectionIsNotWatched() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ScriptedServer slow = ScriptedServer.start();
                ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(50), Action.respond(200, "ok"));
            slow.setDefault(Action.sleep(300), Action.respond(200, "slow"));
            CurlEasy a = ContractKit.easy(srv.url("/"));
            k.add(a);
            k.runUntil(() -> k.doneOf(a) != null, 10_000, "the transfer");
            CurlSocket s = k.socketsOf(a).get(0);
            List<SockEv> evs = k.eventsFor(s);
            SockEv last = evs.get(evs.size() - 1);
            assertEquals(CURL_POLL_REMOVE, last.what, "REMOVE when the last transfer left the connection");
            assertEquals(k.doneOf(a).call, last.call, "in the call that finished the transfer");
            assertFalse(k.watched.containsKey(s));
            assertTrue(s.channel().isOpen(), "the connection is kept");
            assertEquals(1, k.multi.engine().cache().idleCount());
            // other work goes on, the server even closes the idle connection: still not watched
            CurlEasy b = ContractKit.easy(slow.url("/"));
            k.add(b);
            srv.close();
            k.runUntil(() -> k.doneOf(b) != null, 10_000, "the other transfer");
            assertEquals(evs.size(), k.eventsFor(s).size(), "an idle connection was told about: " + k.eventsFor(s));
            k.assertNoViolations();
        }
    }

    // Rule 11: "assign made inside the socket callback applies to the next call for that socket;
    // the last value wins."
    @Test
    void rule11_assignInsideCallbackAppliesToNextCallLastWins() {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.sleep(100), Action.respond(200, "ok"));
            List<CurlMCode> codes = new ArrayList<>();
            k.socketHook = (easy, s, what, socketp) -> {
                if (socketp == null) {
                    codes.add(k.multi.assign(s, "first"));
                    codes.add(k.multi.assign(s, "second"));
                }
                return 0;
            };
            CurlEasy e = ContractKit.easy(srv.url("/"));
            k.add(e);
            k.runUntil(() -> k.doneOf(e) != null, 10_000, "the transfer");
            CurlSocket s = k.socketsOf(e).get(0);
            List<SockEv> evs = k.eventsFor(s);
            assertTrue(evs.size() >= 2, evs.toString());
            assertNull(evs.get(0).socketp);
            for (SockEv ev : evs.subList(1, evs.size())) {
                assertEquals("second", ev.socketp, "the last assign wins: " + ev);
            }
            assertEquals(List.of(CurlMCode.CURLM_OK, CurlMCode.CURLM_OK), codes);
            k.assertNoViolations();
        }
    }

    // Rule 12: "Returning -1 aborts all transfers: the call answers CURLM_ABORTED_BY_CALLBACK and
    // every transfer ends with a DONE message carrying CURLE_ABORTED_BY_CALLBACK. hiper: they are
    // failed at once and their sockets released, not left in limbo; no further timer callbacks
    // while the multi is in this state; addHandle is refused until every old handle has been
    // removed."
    @Test
    void rule12_minusOneAbortsEveryTransfer() throws Exception {
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.stall());
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CurlEasy e = ContractKit.easy(srv.url("/" + i));
                e.setopt(CURLOPT_TIMEOUT_MS, 60_000L);
                all.add(e);
                k.add(e);
            }
            boolean[] once = {true};
            k.socketHook = (easy, s, what, socketp) -> {
                if (once[0] && what != CURL_POLL_REMOVE) {
                    once[0] = false;
                    return -1;
                }
                return 0;
            };
            int timersBefore = k.timerEvents.size();
            assertEquals(CurlMCode.CURLM_ABORTED_BY_CALLBACK, k.kick());
            int abortCall = k.call;
            assertEquals(3, k.done.size(), "every transfer ends at once: " + k.done);
            for (ContractKit.Done d : k.done) {
                assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, d.result);
                assertEquals(abortCall, d.call);
            }
            assertEquals(0, k.multi.runningHandles());
            assertTrue(k.watched.isEmpty(), "sockets left watched: " + k.watched);
            assertEquals(0, k.openChannels(), "sockets not released");
            for (java.nio.channels.SelectableChannel ch : k.channels) {
                assertFalse(ch.isOpen());
            }
            // no timer callbacks in this state
            assertEquals(CurlMCode.CURLM_OK, k.kick());
            CurlEasy fresh = ContractKit.easy(srv.url("/fresh"));
            assertEquals(CurlMCode.CURLM_ABORTED_BY_CALLBACK, k.add(fresh), "addHandle while aborted");
            assertEquals(CurlMCode.CURLM_OK, k.remove(all.get(0)));
            assertEquals(CurlMCode.CURLM_OK, k.remove(all.get(1)));
            assertEquals(CurlMCode.CURLM_ABORTED_BY_CALLBACK, k.add(fresh), "an old handle is still added");
            assertEquals(timersBefore, k.timerEvents.size(), "timer callbacks while aborted: " + k.timerEvents);
            assertEquals(CurlMCode.CURLM_OK, k.remove(all.get(2)));
            // every old handle removed: back to work
            srv.setDefault(Action.respond(200, "ok"));
            assertEquals(CurlMCode.CURLM_OK, k.add(fresh));
            assertEquals(0L, k.timerEvents.get(k.timerEvents.size() - 1).ms);
            k.runUntil(() -> k.doneOf(fresh) != null, 10_000, "a transfer after the abort");
            assertEquals(CurlCode.CURLE_OK, k.resultOf(fresh), fresh.errorBuffer());
            k.assertNoViolations();
        }
        // the same for the timer callback's -1 (outside addHandle)
        try (ScriptedServer srv = ScriptedServer.start(); ContractKit k = ContractKit.real()) {
            srv.setDefault(Action.stall());
            List<CurlEasy> all = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CurlEasy e = ContractKit.easy(srv.url("/" + i));
                e.setopt(CURLOPT_TIMEOUT_MS, 60_000L);
                all.add(e);
                k.add(e);
            }
            k.timerHook = ms -> ms > 0 ? -1 : 0;
            assertEquals(CurlMCode.CURLM_ABORTED_BY_CALLBACK, k.kick());
            int n = k.timerEvents.size();
            assertEquals(2, k.done.size());
            for (ContractKit.Done d : k.done) {
                assertEquals(CurlCode.CURLE_ABORTED_BY_CALLBACK, d.result);
            }
            assertEquals(0, k.openChannels());
            assertTrue(k.watched.isEmpty());
            k.timerHook = null;
            k.kick();
            assertEquals(CurlMCode.CURLM_ABORTED_BY_CALLBACK, k.add(ContractKit.easy(srv.url("/x"))));
            assertEquals(n, k.timerEvents.size(), "timer callbacks while aborted");
            k.assertNoViolations();
        }
    }

    // Rule 13: "The easy argument may be an internal handle that the application never added
    // (connection shutdown during cleanup() uses one); its CURLINFO_PRIVATE is null."
    @Test
    void rule13_internalEasyHandleHasNullPrivate() {
        try (ScriptedServer srv = ScriptedServer.start()) {
            srv.setDefault(Action.stall());
            ContractKit k = ContractKit.real();
            List<Object> privates = new ArrayList<>();
            List<CurlEasy> internal = new ArrayList<>();
            k.socketHook = (easy, s, what, socketp) -> {
                if (!k.added.contains(easy)) {
                    internal.add(easy);
                    privates.add(easy == null ? "null easy" : easy.getinfo(CURLINFO_PRIVATE));
                }
                return 0;
            };
            CurlEasy a = ContractKit.easy(srv.url("/a"));
            a.setopt(CURLOPT_PRIVATE, "mine-a");
            CurlEasy b = ContractKit.easy(srv.url("/b"));
            b.setopt(CURLOPT_PRIVATE, "mine-b");
            k.add(a);
            k.add(b);
            k.runUntil(() -> k.watched.size() == 2, 10_000, "both transfers to wait for the answer");
            assertTrue(internal.isEmpty(), "an application handle's socket reported for another easy");
            k.cleanup();
            k.close();
            long inCleanup = k.sockEvents.stream().filter(ev -> ev.duringCleanup).count();
            assertEquals(2, inCleanup, "cleanup shuts both connections down: " + k.sockEvents);
            assertFalse(internal.isEmpty(), "cleanup reports through its internal handle");
            for (int i = 0; i < internal.size(); i++) {
                assertNotNull(internal.get(i));
                assertNull(privates.get(i), "an internal handle's CURLINFO_PRIVATE");
            }
            assertEquals("mine-a", a.getinfo(CURLINFO_PRIVATE));
            k.assertNoViolations();
        }
    }
}
