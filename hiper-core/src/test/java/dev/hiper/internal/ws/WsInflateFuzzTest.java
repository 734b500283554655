package dev.hiper.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlWsFrame;
import dev.hiper.internal.conn.FilterCaller;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a server sends once permessage-deflate is agreed on: a {@link WsSession} reading any
 * bytes. The first input byte picks how many bytes arrive per read and how many the application
 * takes per call; the rest is the server's stream. Every input must end in messages, the end of
 * the input, or a {@link WsException} with {@code CURLE_RECV_ERROR} and a {@code [WS]} message;
 * never another exception, never a piece larger than the room given, never a negative
 * {@code bytesleft}.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/ws/WsInflateFuzzTestInputs}.
 */
class WsInflateFuzzTest {

    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void inflate(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 0x1f);
        int room = 1 + ((input[0] >> 5) & 0x7) * 1000;
        WsDeflateSessionTest.ChunkFilter f = new WsDeflateSessionTest.ChunkFilter();
        for (int i = 1; i < input.length; i += piece) {
            f.chunks.add(Arrays.copyOfRange(input, i, Math.min(input.length, i + piece)));
        }
        WsSession s = new WsSession(f, null, 0, key -> { });
        s.deflate(new PerMessageDeflate.Params((input[0] & 1) != 0, false, 15, 15));
        try {
            for (int i = 0; i < 100_000; i++) {
                ByteBuffer dst = ByteBuffer.allocate(room);
                CurlCode c = s.recv(dst, FilterCaller.NONE);
                if (c == CurlCode.CURLE_GOT_NOTHING) {
                    return;
                }
                if (c == CurlCode.CURLE_AGAIN) {
                    continue;
                }
                assertEquals(CurlCode.CURLE_OK, c);
                CurlWsFrame m = s.frame();
                assertTrue(m.len() == dst.position() && m.len() <= room);
                assertTrue(m.bytesleft() >= 0 && m.offset() >= 0);
            }
        } catch (WsException e) {
            assertEquals(CurlCode.CURLE_RECV_ERROR, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("[WS]"), e.getMessage());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            s.end();
        }
    }
}
