package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.resolve.Resolver;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.LoopbackOnlyResolver;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The share interface: a cookie jar, the DNS cache, TLS sessions and perform()'s connections
 * used by handles that run on different multis; the option rules (nothing changes while a handle
 * uses the share); the lock callbacks.
 */
@Timeout(60)
class ShareTest {
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String cookieLine() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server recorded the request");
        for (String line : ascii(r.head()).split("\r\n")) {
            if (line.regionMatches(true, 0, "Cookie:", 0, 7)) {
                return line.substring(7).trim();
            }
        }
        return null;
    }

    private void cookieRoundTrip(CurlShare share, String expected) throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nSet-Cookie: sid=42\r\nContent-Length: 2\r\n\r\nok"));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy a = easy(server.url("/login"), new Sink()); CurlEasy b = easy(server.url("/page"), new Sink())) {
            if (share != null) {
                assertEquals(CurlCode.CURLE_OK, a.setopt(CURLOPT_SHARE, share));
                assertEquals(CurlCode.CURLE_OK, b.setopt(CURLOPT_SHARE, share));
            } else {
                a.setopt(CURLOPT_COOKIEFILE, "");
                b.setopt(CURLOPT_COOKIEFILE, "");
            }
            assertEquals(CurlCode.CURLE_OK, a.perform(), a.errorBuffer()); // a's private multi
            assertNull(cookieLine());
            assertEquals(CurlCode.CURLE_OK, b.perform(), b.errorBuffer()); // b's, another multi
            assertEquals(expected, cookieLine());
            if (share != null) {
                assertEquals(1, b.<List<String>>getinfo(CURLINFO_COOKIELIST).size(), "b lists the shared jar");
            }
        }
    }

    @Test
    void aSharedJarCarriesACookieFromOneHandleToAnotherOnAnotherMulti() throws Exception {
        cookieRoundTrip(null, null); // without a share each handle has its own jar
        try (CurlShare share = CurlShare.init()) {
            assertEquals(CurlSHCode.CURLSHE_OK, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE));
            cookieRoundTrip(share, "sid=42");
        }
    }

    @Test
    void aSharedDnsCacheAnswersTheSecondMultiWithoutALookUp() throws Exception {
        String host = "v4.sharedns.hiper.test";
        try {
            assertEquals(2, lookUpsForTwoMultis(host, null), "each multi asks without a share");
            try (CurlShare share = CurlShare.init()) {
                assertEquals(CurlSHCode.CURLSHE_OK, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
                assertEquals(1, lookUpsForTwoMultis(host, share), "the second multi found the answer in the share");
            }
        } finally {
            Resolver.setDefaultLookup(LoopbackOnlyResolver.INSTANCE);
        }
    }

    private int lookUpsForTwoMultis(String host, CurlShare share) {
        AtomicInteger count = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            try (CurlEasy e = easy("http://" + host + ":" + server.port() + "/", new Sink())) {
                e.setopt(CURLOPT_VERBOSE, 1L);
                e.setopt(CURLOPT_DEBUGFUNCTION, (h, type, data, u) -> 0);
                if (share != null) {
                    assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SHARE, share));
                }
                Resolver.setDefaultLookup(name -> { // read by the multi that perform() makes next
                    if (name.equalsIgnoreCase(host)) {
                        count.incrementAndGet();
                    }
                    return LoopbackOnlyResolver.INSTANCE.lookup(name);
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            }
        }
        return count.get();
    }

    @Test
    void sharedTlsSessionsResumeOnAnotherMulti() {
        TlsFixture fx = TlsFixture.get();
        try (CurlShare share = CurlShare.init()) {
            assertEquals(CurlSHCode.CURLSHE_OK, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION));
            String host = "share.wild.hiper.test";
            long first;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CurlEasy a = fx.easy(TlsFixture.RESUME, host, "/tls", body)) {
                a.setopt(CURLOPT_SHARE, share);
                assertEquals(CurlCode.CURLE_OK, a.perform(), a.errorBuffer());
                first = HttpsTransferTest.serverSession(body);
            }
            body.reset();
            try (CurlEasy b = fx.easy(TlsFixture.RESUME, host, "/tls", body)) {
                List<String> trace = TlsFixture.traceText(b);
                b.setopt(CURLOPT_SHARE, share);
                assertEquals(CurlCode.CURLE_OK, b.perform(), b.errorBuffer());
                assertTrue(trace.contains("SSL reusing session"), String.join("\n", trace));
                assertEquals(first, HttpsTransferTest.serverSession(body), "the server resumed a's session");
            }
            body.reset();
            try (CurlEasy c = fx.easy(TlsFixture.RESUME, host, "/tls", body)) {
                List<String> trace = TlsFixture.traceText(c);
                assertEquals(CurlCode.CURLE_OK, c.perform(), c.errorBuffer());
                assertFalse(trace.contains("SSL reusing session"), "a handle outside the share has no session to resume");
            }
        }
    }

    @Test
    void sharedConnectionsServeTheNextHandlesPerform() throws Exception {
        try (CurlShare share = CurlShare.init()) {
            assertEquals(CurlSHCode.CURLSHE_OK, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT));
            List<Long> connects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                server.enqueue(Action.respond(200, "ok"));
                try (CurlEasy e = easy(server.url("/" + i), new Sink())) {
                    e.setopt(CURLOPT_SHARE, share);
                    assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                    connects.add(e.getinfo(CURLINFO_NUM_CONNECTS));
                }
            }
            assertEquals(List.of(1L, 0L, 0L), connects, "the handles after the first reused its connection");
        }
        server.enqueue(Action.respond(200, "ok"));
        server.enqueue(Action.respond(200, "ok"));
        for (int i = 0; i < 2; i++) {
            try (CurlEasy e = easy(server.url("/x"), new Sink())) {
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertEquals(1L, e.getinfo(CURLINFO_NUM_CONNECTS), "without a share each handle connects");
            }
        }
    }

    @Test
    void optionsAreFixedWhileAHandleUsesTheShare() {
        CurlShare share = CurlShare.init();
        assertEquals(CurlSHCode.CURLSHE_NOT_BUILT_IN, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_HSTS));
        assertEquals(CurlSHCode.CURLSHE_BAD_OPTION, share.setopt(CURLSHOPT_SHARE, 99));
        assertEquals(CurlSHCode.CURLSHE_BAD_OPTION, share.setopt(null, 1));
        assertEquals(CurlSHCode.CURLSHE_OK, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE));
        CurlEasy e = CurlEasy.init();
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SHARE, share));
        assertEquals(CurlSHCode.CURLSHE_IN_USE, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
        assertEquals(CurlSHCode.CURLSHE_IN_USE, share.cleanup());
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SHARE, null));
        assertEquals(CurlSHCode.CURLSHE_OK, share.setopt(CURLSHOPT_UNSHARE, CURL_LOCK_DATA_COOKIE));
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_SHARE, share));
        e.cleanup(); // leaves the share
        assertEquals(CurlSHCode.CURLSHE_OK, share.cleanup());
        assertEquals(CurlSHCode.CURLSHE_INVALID, share.cleanup());
        assertEquals(CurlSHCode.CURLSHE_INVALID, share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
        try (CurlEasy late = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, late.setopt(CURLOPT_SHARE, share));
        }
    }

    @Test
    void lockCallbacksAreCalledInPairsAroundTheSharedData() throws Exception {
        List<String> calls = new ArrayList<>();
        Object token = new Object();
        try (CurlShare share = CurlShare.init()) {
            share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
            share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
            share.setopt(CURLSHOPT_USERDATA, token);
            share.setopt(CURLSHOPT_LOCKFUNC, (easy, data, access, u) -> {
                assertSame(token, u);
                calls.add("lock " + data);
            });
            share.setopt(CURLSHOPT_UNLOCKFUNC, (easy, data, u) -> calls.add("unlock " + data));
            server.enqueue(Action.respond(200, "ok"));
            try (CurlEasy e = easy("http://v4.sharelock.hiper.test:" + server.port() + "/", new Sink())) {
                e.setopt(CURLOPT_SHARE, share);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            }
        }
        assertTrue(calls.contains("lock " + CURL_LOCK_DATA_COOKIE), calls.toString());
        assertTrue(calls.contains("lock " + CURL_LOCK_DATA_DNS), calls.toString());
        int depth = 0;
        for (String c : calls) {
            depth += c.startsWith("lock") ? 1 : -1;
            assertTrue(depth >= 0 && depth <= 2, "unlock without lock, or locks left held: " + calls);
        }
        assertEquals(0, depth, "every lock released: " + calls);
    }
}
