package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.http2.Http2Frames;
import dev.hiper.testkit.H2ScriptedServer;
import dev.hiper.testkit.JettyH2Server;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Expect: 100-continue} over HTTP/2, as libcurl: never added by itself (it adds it over
 * HTTP/1.1 only), but one the application sets goes with the HEADERS and the body waits for the
 * 100, a final response, or {@code CURLOPT_EXPECT_100_TIMEOUT_MS}.
 */
@Timeout(60)
class Http2ExpectTest {
    /**
     * The server answers the HEADERS with a PING and reads until its ACK: a body that did not
     * wait would have come before it, in the same write as the HEADERS.
     */
    static boolean dataBeforePingAck(H2ScriptedServer.Conn c) throws Exception {
        c.writer.ping(42, false);
        c.flush();
        boolean data = false;
        for (;;) {
            H2ScriptedServer.Frame f = c.read();
            if (f.type() == Http2Frames.TYPE_DATA) {
                data = true;
            } else if (f.type() == Http2Frames.TYPE_PING && (f.flags() & Http2Frames.FLAG_ACK) != 0) {
                return data;
            }
        }
    }

    /** Reads the request body's DATA frames to END_STREAM; returns their payload length. */
    static int readBody(H2ScriptedServer.Conn c) throws Exception {
        int n = 0;
        for (;;) {
            H2ScriptedServer.Frame f = c.await(Http2Frames.TYPE_DATA);
            n += f.payload().length;
            if (f.endStream()) {
                return n;
            }
        }
    }

    @Test
    void theBodyWaitsForThe100() throws Exception {
        AtomicReference<String> expect = new AtomicReference<>();
        AtomicBoolean early = new AtomicBoolean(true);
        AtomicReference<Integer> received = new AtomicReference<>();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            H2ScriptedServer.Frame req = c.requests(1).get(0);
            expect.set(req.field("expect"));
            early.set(dataBeforePingAck(c));
            c.respond(1, 100, false);
            c.flush();
            received.set(readBody(c));
            c.respond(1, 200, false);
            c.data(1, "got it".getBytes(StandardCharsets.US_ASCII), true);
            c.flush();
            c.drainUntilClosed();
        })) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CurlEasy e = Http2FaultTest.easy(server, "/up", body)) {
                List<String> lines = new ArrayList<>();
                e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                    int n = line.remaining();
                    lines.add(StandardCharsets.ISO_8859_1.decode(line).toString());
                    return n;
                });
                e.setopt(CURLOPT_POSTFIELDS, new byte[5000]);
                e.setopt(CURLOPT_HTTPHEADER, List.of("Expect: 100-continue"));
                e.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 10_000L);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertEquals("got it", body.toString(StandardCharsets.US_ASCII));
                assertEquals("HTTP/2 100 \r\n", lines.get(0), lines.toString());
                assertTrue(lines.contains("HTTP/2 200 \r\n"), lines.toString());
            }
            Http2FaultTest.awaitScripts(server);
            assertEquals(List.of(), server.errors());
            assertEquals("100-continue", expect.get());
            assertFalse(early.get(), "the body waited for the 100");
            assertEquals(5000, received.get());
        }
    }

    @Test
    void withoutA100TheBodyGoesAfterTheTimeout() throws Exception {
        AtomicBoolean early = new AtomicBoolean(true);
        AtomicReference<Integer> received = new AtomicReference<>();
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            c.requests(1);
            early.set(dataBeforePingAck(c));
            received.set(readBody(c));
            c.respond(1, 204, true);
            c.flush();
            c.drainUntilClosed();
        })) {
            try (CurlEasy e = Http2FaultTest.easy(server, "/up", null)) {
                e.setopt(CURLOPT_POSTFIELDS, new byte[3000]);
                e.setopt(CURLOPT_HTTPHEADER, List.of("Expect: 100-continue"));
                e.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 300L);
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertEquals(204L, e.getinfo(CURLINFO_RESPONSE_CODE));
            }
            Http2FaultTest.awaitScripts(server);
            assertEquals(List.of(), server.errors());
            assertFalse(early.get(), "the body waited");
            assertEquals(3000, received.get());
        }
    }

    @Test
    void noExpectIsAddedByItself() throws Exception {
        AtomicReference<String> expect = new AtomicReference<>("unset");
        try (H2ScriptedServer server = H2ScriptedServer.start(c -> {
            c.handshake(null);
            expect.set(c.requests(1).get(0).field("expect"));
            readBody(c);
            c.respond(1, 204, true);
            c.flush();
            c.drainUntilClosed();
        })) {
            try (CurlEasy e = Http2FaultTest.easy(server, "/up", null)) {
                // a body of unknown size: over HTTP/1.1 it would go chunked, announced by Expect
                java.nio.ByteBuffer src = java.nio.ByteBuffer.wrap(new byte[100]);
                e.setopt(CURLOPT_POST, 1L);
                e.setopt(CURLOPT_READFUNCTION, (buf, u) -> {
                    int n = Math.min(buf.remaining(), src.remaining());
                    buf.put(src.slice(src.position(), n));
                    src.position(src.position() + n);
                    return n;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            }
            Http2FaultTest.awaitScripts(server);
            assertEquals(List.of(), server.errors());
            assertNull(expect.get());
        }
    }

    /** Jetty's HTTP/2 server sends the 100 when its handler reads the body: the echo comes back whole. */
    @Test
    void jettyAnswersThe100() throws Exception {
        byte[] up = new byte[400_000];
        new Random(4).nextBytes(up);
        try (JettyH2Server jetty = JettyH2Server.start(SSLContext.getDefault(), 100)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (CurlEasy e = ContractKit.easy("http://127.0.0.1:" + jetty.plainPort() + "/echo", body)) {
                e.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
                e.setopt(CURLOPT_POSTFIELDS, up);
                e.setopt(CURLOPT_HTTPHEADER, List.of("Expect: 100-continue"));
                e.setopt(CURLOPT_EXPECT_100_TIMEOUT_MS, 20_000L);
                List<String> lines = new ArrayList<>();
                e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                    int n = line.remaining();
                    lines.add(StandardCharsets.ISO_8859_1.decode(line).toString());
                    return n;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertArrayEquals(up, body.toByteArray());
                assertEquals("HTTP/2 100 \r\n", lines.get(0), lines.toString());
                assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            }
        }
    }
}
