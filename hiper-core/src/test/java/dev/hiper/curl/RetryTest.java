package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pooled connection that the server closed is detected, or the request is retried once on a
 * fresh connection when no response byte had arrived; never otherwise.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RetryTest {
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server got a request");
        return r;
    }

    /** Lets a request the client might still send arrive, then asserts how many the server saw. */
    private void assertRequestCount(int n) throws InterruptedException {
        Thread.sleep(300);
        assertEquals(n, server.requestCount(), "requests the server received");
    }

    @Test
    void idleConnectionClosedByServerIsDetected() throws Exception {
        server.enqueue(Action.respond(200, "a"), Action.close());
        server.enqueue(Action.respond(200, "b"));
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/idle"), sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            Thread.sleep(200); // the server's FIN reaches the parked connection
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("ab", sink.text());
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS), "a fresh connection");
        }
        assertEquals(0, take().connectionIndex());
        RecordedRequest second = take();
        assertEquals(1, second.connectionIndex());
        assertEquals(0, second.sequenceOnConnection());
        assertRequestCount(2);
    }

    @Test
    void serverClosingRightAfterTheResponseNeverFailsTheNextRequest() throws Exception {
        // the close races the reuse: either the dead connection is seen at once, or the request
        // sent on it gets no answer and goes again on a fresh one
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/race"), sink)) {
            for (int i = 0; i < 15; i++) {
                server.enqueue(Action.respond(200, "x"), Action.close());
                assertEquals(CurlCode.CURLE_OK, easy.perform(), "round " + i + ": " + easy.errorBuffer());
            }
            assertEquals("x".repeat(15), sink.text());
        }
    }

    @Test
    void closedWithoutResponseOnReusedConnectionIsRetried() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.close());
        server.enqueue(Action.respond(200, "b"));
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/retry"), sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("ab", sink.text());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
        RecordedRequest first = take();
        RecordedRequest onDead = take();
        RecordedRequest retried = take();
        assertEquals(0, first.connectionIndex());
        assertEquals(0, onDead.connectionIndex());
        assertEquals(1, onDead.sequenceOnConnection());
        assertEquals(1, retried.connectionIndex());
        assertEquals(0, retried.sequenceOnConnection());
        assertEquals(ascii(onDead.raw()), ascii(retried.raw()), "the same request again");
        assertRequestCount(3);
    }

    @Test
    void resetWithoutResponseOnReusedConnectionIsRetried() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.reset());
        server.enqueue(Action.respond(200, "b"));
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/rst"), sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("ab", sink.text());
        }
        take();
        take();
        assertEquals(1, take().connectionIndex());
        assertRequestCount(3);
    }

    @Test
    void retriedPostSendsTheSameBody() throws Exception {
        byte[] body = randomBytes(20_000, 77);
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.close());
        server.enqueue(Action.respond(200, "b"));
        try (CurlEasy easy = easy(server.url("/post"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            easy.setopt(CURLOPT_POSTFIELDS, body);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals((long) body.length, easy.getinfo(CURLINFO_SIZE_UPLOAD_T), "counted once");
        }
        take();
        RecordedRequest onDead = take();
        RecordedRequest retried = take();
        assertEquals("POST", retried.method());
        assertEquals(1, retried.connectionIndex());
        assertArrayEquals(body, retried.body());
        assertArrayEquals(onDead.raw(), retried.raw());
    }

    @Test
    void retryHappensOnlyOnce() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.close());
        server.enqueue(Action.close());
        try (CurlEasy easy = easy(server.url("/twice"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.perform());
            assertFalse(easy.errorBuffer().isEmpty());
        }
        assertRequestCount(3);
    }

    @Test
    void freshConnectionIsNotRetried() throws Exception {
        server.enqueue(Action.close());
        try (CurlEasy easy = easy(server.url("/fresh"), new Sink())) {
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.perform());
        }
        assertRequestCount(1);
    }

    @Test
    void noRetryWhenPartOfTheStatusLineArrived() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.respond("HTTP/1.1 200 O"), Action.close());
        server.enqueue(Action.respond(200, "must not be asked"));
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/partial"), sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            // a head cut off counts as an empty reply, as in libcurl 8
            assertEquals(CurlCode.CURLE_GOT_NOTHING, easy.perform());
            assertFalse(easy.errorBuffer().isEmpty());
            assertEquals("a", sink.text());
        }
        assertRequestCount(2);
    }

    @Test
    void noRetryWhenHeadersArrivedThenClose() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), Action.close());
        server.enqueue(Action.respond(200, "must not be asked"));
        try (CurlEasy easy = easy(server.url("/short"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_PARTIAL_FILE, easy.perform());
        }
        assertRequestCount(2);
    }

    @Test
    void noRetryWhenAByteArrivedThenReset() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.respond("H"), Action.sleep(100), Action.reset());
        server.enqueue(Action.respond(200, "must not be asked"));
        try (CurlEasy easy = easy(server.url("/byte"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_RECV_ERROR, easy.perform());
            assertFalse(easy.errorBuffer().isEmpty());
        }
        assertRequestCount(2);
    }

    @Test
    void retryBesideOtherTransfersOnOneMulti() throws Exception {
        server.enqueue(Action.respond(200, "a"));
        server.enqueue(Action.close());
        server.enqueue(Action.respond(200, "b"));
        Sink sink = new Sink();
        try (JettyServer jetty = JettyServer.start(); CurlMulti multi = CurlMulti.init();
                SelectorLoop loop = new SelectorLoop(multi); CurlEasy easy = easy(server.url("/multi"), sink)) {
            Map<CurlEasy, CurlCode> results = new IdentityHashMap<>();
            loop.onDone(m -> results.put(m.easy(), m.result()));
            multi.addHandle(easy);
            assertEquals(CurlMCode.CURLM_OK, loop.run());
            multi.removeHandle(easy);
            assertEquals(CurlCode.CURLE_OK, results.remove(easy), easy.errorBuffer());
            // again on the kept connection, which the server drops on the request, beside others
            Bystanders others = new Bystanders(jetty);
            try {
                multi.addHandle(easy);
                for (CurlEasy e : others.handles) {
                    multi.addHandle(e);
                }
                assertEquals(CurlMCode.CURLM_OK, loop.run());
                assertEquals(CurlCode.CURLE_OK, results.get(easy), easy.errorBuffer());
                others.assertAllGood(results);
                for (CurlEasy e : others.handles) {
                    multi.removeHandle(e);
                }
                multi.removeHandle(easy);
            } finally {
                others.close();
            }
            assertEquals("ab", sink.text());
        }
        take();
        RecordedRequest onDead = take();
        assertEquals(0, onDead.connectionIndex());
        assertEquals(1, take().connectionIndex());
    }
}
