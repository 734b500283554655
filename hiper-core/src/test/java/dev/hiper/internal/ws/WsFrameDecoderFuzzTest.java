package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_PONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a WebSocket server sends: {@link WsFrameDecoder} over any bytes. The first input
 * byte picks how many bytes arrive per read; the rest is the server's stream. Every input must
 * end in frames, a wait for more, or a {@link WsException} with {@code CURLE_RECV_ERROR} and
 * libcurl's {@code [WS]} message; never another exception, never a control frame longer than
 * 125 bytes, never more payload reported than bytes given, and after a failure nothing more.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/ws/WsFrameDecoderFuzzTestInputs}.
 */
class WsFrameDecoderFuzzTest {

    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 0x3f);
        WsFrameDecoder d = new WsFrameDecoder();
        long payload = 0;
        int fed = 1;
        try {
            while (fed < input.length) {
                int k = Math.min(piece, input.length - fed);
                ByteBuffer in = ByteBuffer.wrap(input, fed, k);
                while (d.frame(in)) {
                    if ((d.flags() & (CURLWS_PING | CURLWS_PONG | CURLWS_CLOSE)) != 0) {
                        assertTrue(d.length() <= WsFrameDecoder.MAX_CONTROL, "a control frame of " + d.length());
                    }
                    assertTrue(d.offset() <= d.length());
                    int n = (int) Math.min(d.remaining(), in.remaining());
                    if (n == 0 && d.remaining() > 0) {
                        break;
                    }
                    in.position(in.position() + n);
                    payload += n;
                    d.consumed(n);
                }
                assertFalse(in.hasRemaining(), "bytes left in a read that the decoder did not take");
                fed += k;
            }
        } catch (WsException e) {
            assertEquals(CurlCode.CURLE_RECV_ERROR, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("[WS]"), e.getMessage());
            WsException again = org.junit.jupiter.api.Assertions.assertThrows(WsException.class,
                    () -> d.frame(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0})), "a failed decoder takes nothing more");
            assertEquals(CurlCode.CURLE_RECV_ERROR, again.code());
        }
        assertTrue(payload <= input.length - 1, "more payload than bytes");
    }
}
