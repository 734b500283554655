package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exact bytes of the requests hiper sends, against curl's own order and framing. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http1RequestTest {
    private ScriptedServer server;
    private String hostLine;
    private static final String UA = "User-Agent: " + Curl.version() + "\r\n";
    private static final String ACCEPT = "Accept: */*\r\n";

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        hostLine = "Host: 127.0.0.1:" + server.port() + "\r\n";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Performs, asserts success, returns the one request the server recorded. */
    private RecordedRequest performAndTake(CurlEasy easy) throws InterruptedException {
        CurlCode rc = easy.perform();
        assertEquals(CurlCode.CURLE_OK, rc, easy.errorBuffer());
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server got a request");
        return r;
    }

    private static String raw(RecordedRequest r) {
        return ascii(r.raw());
    }

    @Test
    void versionIsTheProductToken() {
        assertEquals("hiper/0.1.0", Curl.version());
        assertEquals("hiper/" + Curl.VERSION, Curl.version());
    }

    @Test
    void defaultGetHeadersInCurlOrder() throws Exception {
        try (CurlEasy easy = easy(server.url("/path/to?q=1&r=2"), new Sink())) {
            RecordedRequest r = performAndTake(easy);
            String expected = "GET /path/to?q=1&r=2 HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "\r\n";
            assertEquals(expected, raw(r));
            assertEquals((long) expected.length(), easy.getinfo(CURLINFO_REQUEST_SIZE));
        }
    }

    @Test
    void rootPathAndFragmentNotSent() throws Exception {
        try (CurlEasy easy = easy(server.url("") + "#frag", new Sink())) {
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET / HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "\r\n", raw(r));
        }
    }

    @Test
    void userAgentOption() throws Exception {
        try (CurlEasy easy = easy(server.url("/ua"), new Sink())) {
            easy.setopt(CURLOPT_USERAGENT, "MyAgent/2.0");
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /ua HTTP/1.1\r\n" + hostLine + "User-Agent: MyAgent/2.0\r\n" + ACCEPT + "\r\n", raw(r));
        }
    }

    @Test
    void postFieldsWithLengthAndFormType() throws Exception {
        try (CurlEasy easy = easy(server.url("/post"), new Sink())) {
            easy.setopt(CURLOPT_POSTFIELDS, ascii("field=data"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("POST /post HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 10\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\nfield=data", raw(r));
            assertEquals(10L, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
    }

    @Test
    void copyPostFieldsSendsUtf8AndPostFieldSizeLimits() throws Exception {
        try (CurlEasy easy = easy(server.url("/p"), new Sink())) {
            easy.setopt(CURLOPT_COPYPOSTFIELDS, "grüße");
            RecordedRequest r = performAndTake(easy);
            byte[] utf8 = "grüße".getBytes(StandardCharsets.UTF_8);
            assertEquals(String.valueOf(utf8.length), r.header("Content-Length"));
            assertArrayEquals(utf8, r.body());

            easy.setopt(CURLOPT_POSTFIELDS, ascii("abcdefghij"));
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, 4L);
            r = performAndTake(easy);
            assertEquals("POST /p HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 4\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\nabcd", raw(r));
        }
    }

    @Test
    void emptyPostFieldsSendContentLengthZero() throws Exception {
        try (CurlEasy easy = easy(server.url("/empty"), new Sink())) {
            easy.setopt(CURLOPT_POSTFIELDS, new byte[0]);
            RecordedRequest r = performAndTake(easy);
            assertEquals("POST /empty HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 0\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\n", raw(r));
        }
    }

    @Test
    void largePostFieldsSentWhole() throws Exception {
        byte[] body = randomBytes(300_000, 5);
        try (CurlEasy easy = easy(server.url("/big"), new Sink())) {
            easy.setopt(CURLOPT_POSTFIELDS, body);
            RecordedRequest r = performAndTake(easy);
            assertEquals("300000", r.header("Content-Length"));
            assertNull(r.header("Expect"), "no Expect below 1 MiB");
            assertTrue(r.complete());
            assertArrayEquals(body, r.body());
            assertEquals(300_000L, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
    }

    @Test
    void expectThresholdIsAboveOneMiB() throws Exception {
        try (CurlEasy easy = easy(server.url("/limit"), new Sink())) {
            easy.setopt(CURLOPT_POSTFIELDS, new byte[1024 * 1024]);
            RecordedRequest r = performAndTake(easy);
            assertNull(r.header("Expect"), "exactly 1 MiB: no Expect");
            assertEquals(1024 * 1024, r.body().length);
            easy.setopt(CURLOPT_POSTFIELDS, new byte[1024 * 1024 + 1]);
            r = performAndTake(easy);
            assertEquals("POST /limit HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 1048577\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n\r\n",
                    ascii(r.head()));
            assertEquals(1024 * 1024 + 1, r.body().length);
        }
    }

    @Test
    void applicationExpectOnASmallPostIsHonoured() throws Exception {
        HeaderSink headers = new HeaderSink();
        try (CurlEasy easy = easy(server.url("/exp"), new Sink())) {
            easy.setopt(CURLOPT_POSTFIELDS, ascii("small"));
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Expect: 100-continue"));
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            RecordedRequest r = performAndTake(easy);
            assertEquals("POST /exp HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Expect: 100-continue\r\n"
                    + "Content-Length: 5\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nsmall", raw(r));
        }
        assertEquals("HTTP/1.1 100 Continue\r\n", headers.lines.get(0), "the body waited for the 100");
    }

    @Test
    void putWithKnownSize() throws Exception {
        String text = "Weird\n     file\n         to\n   upload\nfor\n   testing\nthe\n   PUT\n      feature\n";
        assertEquals(78, text.length());
        try (CurlEasy easy = easy(server.url("/we/want/10"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, 78L);
            easy.setopt(CURLOPT_READFUNCTION, reader(ascii(text), 7));
            RecordedRequest r = performAndTake(easy);
            assertEquals("PUT /we/want/10 HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 78\r\n\r\n" + text,
                    raw(r));
            assertEquals((long) r.raw().length, easy.getinfo(CURLINFO_REQUEST_SIZE), "head and body sent");
            assertEquals(78L, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
    }

    @Test
    void postFromReadFunctionWithKnownSize() throws Exception {
        byte[] body = randomBytes(100_000, 3);
        try (CurlEasy easy = easy(server.url("/rpost"), new Sink())) {
            easy.setopt(CURLOPT_POST, 1L);
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) body.length);
            easy.setopt(CURLOPT_READFUNCTION, reader(body, 9000));
            RecordedRequest r = performAndTake(easy);
            assertEquals("POST /rpost HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 100000\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\n", ascii(r.head()));
            assertArrayEquals(body, r.body());
        }
    }

    @Test
    void chunkedUploadFraming() throws Exception {
        try (CurlEasy easy = easy(server.url("/bzz/1068"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, reader(ascii("more than one byte\n"), 1000));
            RecordedRequest r = performAndTake(easy);
            // curl's test 1068, byte for byte
            assertEquals("PUT /bzz/1068 HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Transfer-Encoding: chunked\r\n"
                    + "Expect: 100-continue\r\n\r\n" + "13\r\nmore than one byte\n\r\n0\r\n\r\n", raw(r));
            assertEquals((long) r.raw().length, easy.getinfo(CURLINFO_REQUEST_SIZE), "head and framed body sent");
        }
    }

    @Test
    void chunkedUploadOneChunkPerRead() throws Exception {
        // the read callback decides the chunk sizes: 1, 300, 5000, 17 bytes, then EOF
        int[] sizes = {1, 300, 5000, 17};
        byte[] all = randomBytes(1 + 300 + 5000 + 17, 8);
        List<Integer> asked = new ArrayList<>();
        int[] state = {0, 0};
        try (CurlEasy easy = easy(server.url("/chunks"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                asked.add(dst.remaining());
                if (state[0] == sizes.length) {
                    return 0;
                }
                int n = sizes[state[0]++];
                dst.put(all, state[1], n);
                state[1] += n;
                return n;
            });
            RecordedRequest r = performAndTake(easy);
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertEquals("100-continue", r.header("Expect"));
            assertNull(r.header("Content-Length"));
            StringBuilder expected = new StringBuilder();
            int off = 0;
            for (int n : sizes) {
                expected.append(Integer.toHexString(n)).append("\r\n").append(ascii(java.util.Arrays.copyOfRange(all, off,
                        off + n))).append("\r\n");
                off += n;
            }
            expected.append("0\r\n\r\n");
            assertEquals(expected.toString(), ascii(r.body()));
            assertArrayEquals(all, r.decodedBody());
            assertTrue(asked.size() >= sizes.length + 1);
            for (int a : asked) {
                assertTrue(a >= 5000, "the read callback is offered room for a chunk: " + a);
            }
            assertEquals((long) all.length, easy.getinfo(CURLINFO_SIZE_UPLOAD_T),
                    "SIZE_UPLOAD counts payload bytes, not chunk framing");
        }
    }

    @Test
    void emptyChunkedUpload() throws Exception {
        try (CurlEasy easy = easy(server.url("/none"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> 0);
            RecordedRequest r = performAndTake(easy);
            assertEquals("0\r\n\r\n", ascii(r.body()));
        }
    }

    /** A read callback that pauses before every other piece; {@code sizes} records each piece it gives. */
    private static CurlReadFunction pausingReader(byte[] data, int piece, boolean[] paused, List<Integer> sizes) {
        int[] pos = {0};
        int[] calls = {0};
        return (dst, ud) -> {
            assertFalse(paused[0], "read callback called while paused");
            if (++calls[0] % 2 == 1 && pos[0] < data.length) {
                paused[0] = true;
                return CURL_READFUNC_PAUSE;
            }
            int n = Math.min(Math.min(piece, dst.remaining()), data.length - pos[0]);
            dst.put(data, pos[0], n);
            pos[0] += n;
            if (n > 0) {
                sizes.add(n);
            }
            return n;
        };
    }

    @Test
    void readPauseKeepsAKnownSizeBodyExact() throws Exception {
        byte[] data = randomBytes(200_000, 61);
        boolean[] paused = {false};
        List<Integer> sizes = new ArrayList<>();
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(server.url("/put"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, (long) data.length);
            easy.setopt(CURLOPT_READFUNCTION, pausingReader(data, 30_000, paused, sizes));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
        }
        RecordedRequest r = server.takeRequest(5000);
        assertEquals("PUT /put HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 200000\r\n\r\n",
                ascii(r.head()));
        assertTrue(r.complete());
        assertEquals(200_000L, r.bodySize(), "not a byte more than announced");
        assertArrayEquals(data, r.body());
    }

    @Test
    void readPauseKeepsTheChunkFramingExact() throws Exception {
        byte[] data = randomBytes(100_000, 62);
        boolean[] paused = {false};
        List<Integer> sizes = new ArrayList<>();
        try (PauseDriver d = new PauseDriver(); CurlEasy easy = easy(server.url("/chunkpause"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, pausingReader(data, 7_000, paused, sizes));
            assertEquals(CurlCode.CURLE_OK, d.run(easy, paused), easy.errorBuffer());
        }
        RecordedRequest r = server.takeRequest(5000);
        StringBuilder expected = new StringBuilder();
        int off = 0;
        for (int n : sizes) {
            expected.append(Integer.toHexString(n)).append("\r\n")
                    .append(ascii(java.util.Arrays.copyOfRange(data, off, off + n))).append("\r\n");
            off += n;
        }
        expected.append("0\r\n\r\n");
        assertEquals(data.length, off);
        assertEquals(expected.toString(), ascii(r.body()));
        assertArrayEquals(data, r.decodedBody());
    }

    @Test
    void customRequestMethod() throws Exception {
        try (CurlEasy easy = easy(server.url("/res"), new Sink())) {
            easy.setopt(CURLOPT_CUSTOMREQUEST, "DELETE");
            RecordedRequest r = performAndTake(easy);
            assertEquals("DELETE /res HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "\r\n", raw(r));

            // a custom method with a body keeps the POST framing
            easy.setopt(CURLOPT_CUSTOMREQUEST, "PATCH");
            easy.setopt(CURLOPT_POSTFIELDS, ascii("x=1"));
            r = performAndTake(easy);
            assertEquals("PATCH /res HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 3\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\nx=1", raw(r));
        }
    }

    @Test
    void headAsksWithHeadMethod() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
        try (CurlEasy easy = easy(server.url("/h"), new Sink())) {
            easy.setopt(CURLOPT_NOBODY, 1L);
            RecordedRequest r = performAndTake(easy);
            assertEquals("HEAD /h HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "\r\n", raw(r));
        }
    }

    @Test
    void addedHeadersFollowTheDefaultsInOrder() throws Exception {
        try (CurlEasy easy = easy(server.url("/add"), new Sink())) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("One: 1", "Two: 2", "X-Multi: a", "X-Multi: b"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /add HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "One: 1\r\nTwo: 2\r\nX-Multi: a\r\n"
                    + "X-Multi: b\r\n\r\n", raw(r));
        }
    }

    @Test
    void replacedDefaultsGoWhereTheApplicationPutThem() throws Exception {
        try (CurlEasy easy = easy(server.url("/rep"), new Sink())) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("X-First: 1", "Accept: text/plain", "User-Agent: Other/1"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /rep HTTP/1.1\r\n" + hostLine + "X-First: 1\r\nAccept: text/plain\r\n"
                    + "User-Agent: Other/1\r\n\r\n", raw(r));
        }
    }

    @Test
    void replacedHostKeepsFirstPlace() throws Exception {
        try (CurlEasy easy = easy(server.url("/host"), new Sink())) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("X-A: a", "Host: example.com:81"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /host HTTP/1.1\r\nHost: example.com:81\r\n" + UA + ACCEPT + "X-A: a\r\n\r\n", raw(r));
        }
    }

    @Test
    void severalHostHeadersTheFirstWins() throws Exception {
        // curl's test 1121
        try (CurlEasy easy = easy(server.url("/1121"), new Sink())) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Host: host1", "Host: host2", "Host: host3"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /1121 HTTP/1.1\r\nHost: host1\r\n" + UA + ACCEPT + "\r\n", raw(r));
        }
    }

    @Test
    void removedDefaults() throws Exception {
        try (CurlEasy easy = easy(server.url("/rm"), new Sink())) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Accept:", "User-Agent:", "X-Gone:"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /rm HTTP/1.1\r\n" + hostLine + "\r\n", raw(r));

            easy.setopt(CURLOPT_HTTPHEADER, List.of("Host:"));
            r = performAndTake(easy);
            assertEquals("GET /rm HTTP/1.1\r\n" + UA + ACCEPT + "\r\n", raw(r));
        }
    }

    @Test
    void emptyValueWithSemicolon() throws Exception {
        // curl's test 1292
        try (CurlEasy easy = easy(server.url("/1292"), new Sink())) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Host;", "Accept;", "X-Empty;"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("GET /1292 HTTP/1.1\r\nHost:\r\n" + UA + "Accept:\r\nX-Empty:\r\n\r\n", raw(r));
        }
    }

    @Test
    void removingContentTypeAndExpectOnPost() throws Exception {
        try (CurlEasy easy = easy(server.url("/post2"), new Sink())) {
            easy.setopt(CURLOPT_POSTFIELDS, ascii("{}"));
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Content-Type: application/json"));
            RecordedRequest r = performAndTake(easy);
            assertEquals("POST /post2 HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}", raw(r));

            easy.setopt(CURLOPT_HTTPHEADER, List.of("Content-Type:"));
            r = performAndTake(easy);
            assertEquals("POST /post2 HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 2\r\n\r\n{}", raw(r));
        }
    }

    @Test
    void chunkedUploadWithoutExpect() throws Exception {
        try (CurlEasy easy = easy(server.url("/noexp"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Expect:"));
            easy.setopt(CURLOPT_READFUNCTION, reader(ascii("abc"), 100));
            RecordedRequest r = performAndTake(easy);
            assertEquals("PUT /noexp HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Transfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n", raw(r));
        }
    }

    @Test
    void requestsOnOneConnectionAreEachExact() throws Exception {
        try (CurlEasy easy = easy(server.url("/a"), new Sink())) {
            RecordedRequest r1 = performAndTake(easy);
            easy.setopt(CURLOPT_URL, server.url("/b"));
            easy.setopt(CURLOPT_POSTFIELDS, ascii("q"));
            RecordedRequest r2 = performAndTake(easy);
            assertEquals(r1.connectionIndex(), r2.connectionIndex());
            assertEquals(1, r2.sequenceOnConnection());
            assertEquals("GET /a HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "\r\n", raw(r1));
            assertEquals("POST /b HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Content-Length: 1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\nq", raw(r2));
        }
    }
}
