package dev.hiper.internal.http;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hiper.internal.http.Http1ResponseParser.Event;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link Http1ResponseParser} the way a transfer drives it. The first input byte picks
 * the mode (bit 0: the request was HEAD; bit 1: the peer closes after the last byte; the rest:
 * how many bytes arrive per read and how much of each body piece the caller takes); the rest of
 * the input is what the server sent, up to three responses on one connection.
 *
 * <p>Every input must end in events and DONE, NEED_MORE with nothing left, or an
 * {@link HttpParseException} with a code; any other exception fails. Progress is checked (each
 * event consumes input or asks for more, so the steps are bounded by the input's length), and so
 * are the limits that bound memory (header bytes, body bytes never beyond the input).
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/http/Http1ResponseParserFuzzTestInputs/parse}.
 */
class Http1ResponseParserFuzzTest {

    // Per input: in regression mode JUnit enforces it on each seed; in fuzzing mode Jazzer turns
    // it into libFuzzer's -timeout, so an input that loops is a finding (the fuzz profile turns
    // JUnit's own timeouts off there, as they would count the whole fuzzing run).
    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        boolean noBody = (mode & 1) != 0;
        boolean eof = (mode & 2) != 0;
        int piece = 1 + (mode >>> 2); // 1..64
        Http1ResponseParser p = new Http1ResponseParser();
        p.reset(noBody);
        ByteBuffer buf = ByteBuffer.allocate(input.length);
        buf.flip();
        int fed = 1;
        int responses = 0;
        long steps = 0;
        long bound = 4L * input.length + 64;
        while (true) {
            assertTrue(++steps <= bound, "no progress after " + steps + " steps");
            Event ev;
            try {
                ev = p.next(buf);
            } catch (HttpParseException e) {
                assertNotNull(e.code());
                assertNotNull(e.getMessage());
                return;
            }
            assertTrue(p.headerBytes() <= Http1ResponseParser.MAX_HEADERS_TOTAL, "header bytes bounded");
            switch (ev) {
                case NEED_MORE:
                    if (fed == input.length) {
                        if (eof) {
                            try {
                                assertEquals(Event.DONE, p.endOfInput());
                            } catch (HttpParseException e) {
                                assertNotNull(e.code());
                            }
                        }
                        return;
                    }
                    int k = Math.min(piece, input.length - fed);
                    buf.compact();
                    buf.put(input, fed, k);
                    buf.flip();
                    fed += k;
                    break;
                case STATUS_LINE:
                    assertTrue(p.statusCode() >= 100 && p.statusCode() <= 999, "status " + p.statusCode());
                    assertTrue(p.line().remaining() > 0);
                    break;
                case HEADER:
                case TRAILER:
                    assertNotNull(p.headerName());
                    assertNotNull(p.headerValue());
                    // a folded continuation line (obs-fold) is passed on as it came, without a name, as libcurl does
                    byte first = p.line().get(0);
                    assertTrue(!p.headerName().isEmpty() || first == ' ' || first == '\t', "a field has a name");
                    break;
                case HEADERS_DONE:
                    assertNotNull(p.bodyMode());
                    assertTrue(p.contentLength() >= -1);
                    break;
                case BODY:
                    int avail = p.bodyAvailable();
                    assertTrue(avail > 0 && avail <= buf.remaining(), "body piece within the buffer");
                    p.consumeBody(buf, Math.min(avail, piece));
                    assertTrue(p.bodyBytes() <= input.length);
                    break;
                case DONE:
                    if (++responses == 3) {
                        return;
                    }
                    p.reset(noBody); // the next response on the same connection
                    break;
                default:
                    fail("unknown event " + ev);
            }
        }
    }
}
