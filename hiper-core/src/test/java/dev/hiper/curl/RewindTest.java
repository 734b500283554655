package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No upload byte lost or sent twice when a reused connection dies in the middle of an upload:
 * the request goes again on a fresh connection only if its body can be rewound
 * ({@code CURLOPT_SEEKFUNCTION} answering {@code CURL_SEEKFUNC_OK}, or a {@code POSTFIELDS} body,
 * which hiper holds); otherwise the transfer ends with {@code CURLE_SEND_FAIL_REWIND} (65), as
 * in libcurl. The server's record of the bytes it received on each connection is the proof.
 */
@Timeout(60)
class RewindTest {
    private static final int SIZE = 1 << 20; // under the Expect: 100-continue threshold: sent at once
    private static final int TAKEN = 100_000; // what the dying connection takes before the reset
    private ScriptedServer server;
    private final byte[] data = randomBytes(SIZE, 77);

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A read callback over {@link #data} that a seek callback can move, counting what it gave. */
    private final class Source implements CurlReadFunction, CurlSeekFunction {
        int pos;
        long given;
        final List<String> seeks = new ArrayList<>();
        int answer = CURL_SEEKFUNC_OK;
        RuntimeException toThrow;

        @Override
        public int read(ByteBuffer dst, Object userdata) {
            int n = Math.min(dst.remaining(), data.length - pos);
            dst.put(data, pos, n);
            pos += n;
            given += n;
            return n;
        }

        @Override
        public int seek(Object userdata, long offset, int origin) {
            seeks.add(offset + "/" + origin + "/" + userdata);
            if (toThrow != null) {
                throw toThrow;
            }
            if (answer == CURL_SEEKFUNC_OK) {
                pos = (int) offset;
            }
            return answer;
        }
    }

    /**
     * Warms a connection with a GET, then uploads on it while the server takes {@link #TAKEN}
     * bytes of the body and resets. Returns the upload's result.
     */
    private CurlCode uploadOverADyingConnection(CurlEasy easy, boolean fromReader) {
        server.enqueue(Action.respond(200, "warm"));
        server.enqueue(Action.noContinue(), Action.readBodyPart(TAKEN), Action.reset());
        server.enqueue(Action.respond(200, "stored"));
        easy.setopt(CURLOPT_URL, server.url("/warm"));
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        easy.setopt(CURLOPT_URL, server.url("/upload"));
        if (fromReader) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, (long) SIZE);
        } else {
            easy.setopt(CURLOPT_POSTFIELDS, data);
        }
        return easy.perform();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server recorded the request");
        return r;
    }

    /** The warm-up, then the cut-off upload: only {@link #TAKEN} bytes, on the first connection. */
    private void assertCutOffUpload() throws InterruptedException {
        RecordedRequest warm = take();
        assertEquals("/warm", warm.target());
        RecordedRequest cut = take();
        assertEquals("/upload", cut.target());
        assertEquals(warm.connectionIndex(), cut.connectionIndex(), "the upload went on the reused connection");
        assertFalse(cut.complete());
        assertEquals(TAKEN, cut.bodySize());
        assertArrayEquals(Arrays.copyOf(data, TAKEN), cut.body());
    }

    @Test
    void seekFunctionRewindsAndTheBodyArrivesWholeOnce() throws Exception {
        Source src = new Source();
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/"), sink)) {
            easy.setopt(CURLOPT_READFUNCTION, src);
            easy.setopt(CURLOPT_SEEKFUNCTION, src);
            easy.setopt(CURLOPT_SEEKDATA, "seek-data");
            assertEquals(CurlCode.CURLE_OK, uploadOverADyingConnection(easy, true), easy.errorBuffer());
            assertEquals(SIZE, easy.getinfo(CURLINFO_SIZE_UPLOAD_T), "counted once, from the rewind");
        }
        assertEquals("warmstored", sink.text());
        assertEquals(List.of("0/" + SEEK_SET + "/seek-data"), src.seeks, "one rewind to the start");
        assertCutOffUpload();
        RecordedRequest again = take();
        assertEquals("/upload", again.target());
        assertTrue(again.complete());
        assertEquals(SIZE, again.bodySize(), "the whole body, once");
        assertArrayEquals(data, again.body());
        assertEquals(3, server.requestCount());
        assertEquals(2, server.connectionCount());
    }

    @Test
    void withoutSeekFunctionTheUploadFailsWith65AndIsNotSentAgain() throws Exception {
        Source src = new Source();
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_READFUNCTION, src);
            CurlCode rc = uploadOverADyingConnection(easy, true);
            assertEquals(CurlCode.CURLE_SEND_FAIL_REWIND, rc, easy.errorBuffer());
            assertEquals(65, rc.code());
            assertTrue(easy.errorBuffer().contains("rewind"), easy.errorBuffer());
        }
        assertCutOffUpload();
        assertNull(server.takeRequest(300), "no second attempt with a body that lost its start");
        assertEquals(1, server.connectionCount());
    }

    @Test
    void seekFunctionThatCannotSeekOrFailsEndsWith65() throws Exception {
        for (int answer : new int[] {CURL_SEEKFUNC_CANTSEEK, CURL_SEEKFUNC_FAIL}) {
            Source src = new Source();
            src.answer = answer;
            try (CurlEasy easy = easy(server.url("/"), new Sink())) {
                easy.setopt(CURLOPT_READFUNCTION, src);
                easy.setopt(CURLOPT_SEEKFUNCTION, src);
                assertEquals(CurlCode.CURLE_SEND_FAIL_REWIND, uploadOverADyingConnection(easy, true),
                        easy.errorBuffer());
                assertTrue(easy.errorBuffer().contains("seek callback returned error " + answer), easy.errorBuffer());
            }
            assertEquals(1, src.seeks.size());
            assertCutOffUpload();
            assertNull(server.takeRequest(300), "not sent again");
            server.close();
            server = ScriptedServer.start();
        }
    }

    @Test
    void seekFunctionThatThrowsEndsWith65NamingTheException() throws Exception {
        Source src = new Source();
        src.toThrow = new IllegalStateException("tape jammed");
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_READFUNCTION, src);
            easy.setopt(CURLOPT_SEEKFUNCTION, src);
            assertEquals(CurlCode.CURLE_SEND_FAIL_REWIND, uploadOverADyingConnection(easy, true), easy.errorBuffer());
            assertTrue(easy.errorBuffer().contains("tape jammed"), easy.errorBuffer());
        }
        assertCutOffUpload();
        assertNull(server.takeRequest(300));
    }

    @Test
    void postFieldsAreHeldByHiperAndAlwaysRewind() throws Exception {
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/"), sink)) {
            assertEquals(CurlCode.CURLE_OK, uploadOverADyingConnection(easy, false), easy.errorBuffer());
        }
        assertEquals("warmstored", sink.text());
        assertCutOffUpload();
        RecordedRequest again = take();
        assertTrue(again.complete());
        assertArrayEquals(data, again.body(), "the whole body, once");
        assertEquals(3, server.requestCount());
    }

    @Test
    void seekOptionsAreCopiedAndReset() {
        Source src = new Source();
        try (CurlEasy easy = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_SEEKFUNCTION, src));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_SEEKDATA, "x"));
            try (CurlEasy dup = easy.duphandle()) {
                assertSame(src, dup.handle().seldom.seekFunction);
                assertEquals("x", dup.handle().seldom.seekData);
            }
            easy.reset();
            assertNull(easy.handle().seldom.seekFunction);
        }
    }
}
