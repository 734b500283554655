package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_OFFSET;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_PONG;
import static dev.hiper.curl.Curl.CURLWS_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The encoder on bytes: heads, masking in pieces, and the flags libcurl refuses. */
class WsFrameEncoderTest {
    private static final byte[] KEY = {0x11, 0x22, 0x33, 0x44};

    private static WsFrameEncoder fixed() {
        return new WsFrameEncoder(k -> System.arraycopy(KEY, 0, k, 0, 4));
    }

    /** One whole frame: head and payload. */
    private static byte[] encode(WsFrameEncoder e, int flags, byte[] payload) throws WsException {
        ByteBuffer out = ByteBuffer.allocate(WsFrameEncoder.MAX_HEAD + payload.length);
        e.head(flags, payload.length, out);
        e.payload(ByteBuffer.wrap(payload), out);
        assertEquals(0, e.remaining());
        return Arrays.copyOf(out.array(), out.position());
    }

    @Test
    void aTextFrameWithItsMask() throws WsException {
        byte[] b = encode(fixed(), CURLWS_TEXT, "Hi".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x82, 0x11, 0x22, 0x33, 0x44, 'H' ^ 0x11, 'i' ^ 0x22}, b);
    }

    @Test
    void lengthFormsAndPieces() throws WsException {
        byte[] payload = new byte[70000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        WsFrameEncoder e = fixed();
        ByteBuffer out = ByteBuffer.allocate(WsFrameEncoder.MAX_HEAD + payload.length);
        e.head(CURLWS_BINARY, payload.length, out);
        assertEquals(14, out.position());
        assertEquals((byte) 0xff, out.get(1));
        // the payload in uneven pieces through a small output window
        ByteBuffer src = ByteBuffer.wrap(payload);
        ByteBuffer window = ByteBuffer.allocate(7);
        while (e.remaining() > 0) {
            window.clear();
            e.payload(src, window);
            window.flip();
            out.put(window);
        }
        for (int i = 0; i < payload.length; i++) {
            assertEquals((byte) (payload[i] ^ KEY[i & 3]), out.get(14 + i));
        }
        ByteBuffer h = ByteBuffer.allocate(14);
        e.head(CURLWS_BINARY, 126, h);
        assertEquals(8, h.position());
        assertEquals((byte) (126 | 0x80), h.get(1));
        assertEquals(0, h.get(2));
        assertEquals(126, h.get(3));
    }

    @Test
    void longPayloadsAreMaskedRightFromEveryKeyPositionAndInEveryKindOfBuffer() throws WsException {
        byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        for (int first = 0; first < 8; first++) { // a first piece of this many bytes moves the key
            for (boolean direct : new boolean[] {false, true}) {
                WsFrameEncoder e = fixed();
                ByteBuffer out = direct ? ByteBuffer.allocateDirect(WsFrameEncoder.MAX_HEAD + payload.length)
                        : ByteBuffer.allocate(WsFrameEncoder.MAX_HEAD + payload.length);
                e.head(CURLWS_BINARY, payload.length, out);
                int head = out.position();
                ByteBuffer src = ByteBuffer.wrap(payload);
                src.limit(first);
                assertEquals(first, e.payload(src, out));
                src.limit(payload.length);
                ByteBuffer rest = direct ? ByteBuffer.allocateDirect(payload.length - first).put(src).flip() : src;
                assertEquals(payload.length - first, e.payload(rest, out));
                assertEquals(0, e.remaining());
                for (int i = 0; i < payload.length; i++) {
                    assertEquals((byte) (payload[i] ^ KEY[i & 3]), out.get(head + i), "byte " + i + " after " + first);
                }
            }
        }
    }

    @Test
    void fragmentsAndControlFramesBetween() throws WsException {
        WsFrameEncoder e = fixed();
        assertEquals(0x01, encode(e, CURLWS_TEXT | CURLWS_CONT, new byte[1])[0]);
        assertEquals((byte) 0x89, encode(e, CURLWS_PING, new byte[1])[0]);
        assertEquals(0x00, encode(e, CURLWS_TEXT | CURLWS_CONT, new byte[1])[0]);
        assertEquals(0x00, encode(e, CURLWS_CONT, new byte[1])[0]);
        assertEquals((byte) 0x80, encode(e, CURLWS_TEXT, new byte[1])[0]);
        assertEquals((byte) 0x82, encode(e, CURLWS_BINARY | CURLWS_OFFSET, new byte[1])[0]);
        assertEquals((byte) 0x88, encode(e, CURLWS_CLOSE, new byte[2])[0]);
        assertEquals((byte) 0x8a, encode(e, CURLWS_PONG, new byte[0])[0]);
    }

    private static void refused(CurlCode code, String message, int flags, long length) {
        WsFrameEncoder e = fixed();
        WsException x = assertThrows(WsException.class, () -> e.head(flags, length, ByteBuffer.allocate(14)));
        assertEquals(code, x.code());
        assertEquals(message, x.getMessage());
    }

    @Test
    void flagsLibcurlRefuses() {
        CurlCode bad = CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        refused(bad, "[WS] PING frame must not be fragmented", CURLWS_PING | CURLWS_CONT, 1);
        refused(bad, "[WS] PONG frame must not be fragmented", CURLWS_PONG | CURLWS_CONT, 1);
        refused(bad, "[WS] CLOSE frame must not be fragmented", CURLWS_CLOSE | CURLWS_CONT, 1);
        refused(bad, "[WS] No ongoing fragmented message to continue", CURLWS_CONT, 1);
        refused(bad, "[WS] no flags given", 0, 1);
        refused(bad, "[WS] unknown flags: 3", CURLWS_TEXT | CURLWS_BINARY, 1);
        refused(CurlCode.CURLE_TOO_LARGE, "[WS] given CLOSE frame is too big", CURLWS_CLOSE, 126);
        refused(CurlCode.CURLE_TOO_LARGE, "[WS] given PING frame is too big", CURLWS_PING, 200);
        refused(CurlCode.CURLE_SEND_ERROR, "[WS] starting new frame with negative payload length -1", CURLWS_TEXT, -1);
    }

    @Test
    void aNewHeadBeforeThePayloadIsDoneIsRefused() throws WsException {
        WsFrameEncoder e = fixed();
        e.head(CURLWS_BINARY, 10, ByteBuffer.allocate(14));
        WsException x = assertThrows(WsException.class, () -> e.head(CURLWS_BINARY, 1, ByteBuffer.allocate(14)));
        assertEquals("[WS] starting new frame with 10 bytes from last one remaining to be sent", x.getMessage());
    }

    @Test
    void secureKeysDiffer() throws WsException {
        WsFrameEncoder e = new WsFrameEncoder(WsFrameEncoder.SECURE);
        ByteBuffer a = ByteBuffer.allocate(14);
        ByteBuffer b = ByteBuffer.allocate(14);
        e.head(CURLWS_BINARY, 0, a);
        e.head(CURLWS_BINARY, 0, b);
        // 2^-32 chance of a false failure per run would be a flaky test; compare 3 keys instead
        ByteBuffer c = ByteBuffer.allocate(14);
        e.head(CURLWS_BINARY, 0, c);
        byte[] ka = Arrays.copyOfRange(a.array(), 2, 6);
        byte[] kb = Arrays.copyOfRange(b.array(), 2, 6);
        byte[] kc = Arrays.copyOfRange(c.array(), 2, 6);
        assertNotEquals(Arrays.toString(ka) + Arrays.toString(ka), Arrays.toString(kb) + Arrays.toString(kc));
    }

    @Test
    void secureKeysAreDrawnInBulkAndEachHandedOutOnce() throws WsException {
        WsFrameEncoder e = new WsFrameEncoder(WsFrameEncoder.SECURE);
        java.util.Set<Integer> keys = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) { // four draws of the generator
            ByteBuffer head = ByteBuffer.allocate(14);
            e.head(CURLWS_BINARY, 0, head);
            keys.add(head.getInt(2));
        }
        // 1,000 keys of 32 random bits: two alike has a chance of about 1 in 8,600, ten alike none
        assertTrue(keys.size() >= 990, keys.size() + " different keys of 1000");
        byte[] k = new byte[4];
        WsFrameEncoder.SECURE.next(k);
        assertFalse(keys.contains(ByteBuffer.wrap(k).getInt()), "the byte form takes a key not handed out before");
    }
}
