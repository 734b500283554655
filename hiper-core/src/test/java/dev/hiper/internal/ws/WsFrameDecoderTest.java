package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CLOSE;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_PONG;
import static dev.hiper.curl.Curl.CURLWS_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder on bytes: every split of a stream gives the same frames; every section 5 rule. */
class WsFrameDecoderTest {
    /** One frame as the decoder described it, its pieces joined. */
    record Frame(int flags, long length, byte[] payload) {
    }

    /** Frame bytes as a server sends them (unmasked). */
    static byte[] frame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n < 65536) {
            out.write(126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >> (8 * i)));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes {@code bytes} fed in pieces cut at {@code cuts}; each frame's pieces are checked and joined. */
    static List<Frame> decode(byte[] bytes, int... cuts) throws WsException {
        WsFrameDecoder d = new WsFrameDecoder();
        List<Frame> frames = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
            while (d.frame(in)) {
                int n = (int) Math.min(d.remaining(), in.remaining());
                if (n == 0 && d.remaining() > 0) {
                    break;
                }
                assertEquals(cur.size(), d.offset(), "offset of a piece");
                cur.write(bytes, in.position(), n);
                in.position(in.position() + n);
                int flags = d.flags();
                long length = d.length();
                d.consumed(n);
                if (!d.inFrame()) {
                    assertEquals(length, cur.size());
                    frames.add(new Frame(flags, length, cur.toByteArray()));
                    cur.reset();
                }
            }
            assertFalse(in.hasRemaining());
            from = to;
        }
        assertEquals(0, d.cutShort(), "nothing left over");
        return frames;
    }

    @Test
    void everySplitGivesTheSameFrames() throws WsException {
        byte[] big = new byte[70000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        byte[] mid = new byte[300];
        java.util.Arrays.fill(mid, (byte) 'm');
        byte[] stream = concat(frame(0x81, text("hello")), frame(0x82, mid), frame(0x89, text("p")),
                frame(0x01, text("frag1 ")), frame(0x8a, new byte[0]), frame(0x00, text("frag2 ")),
                frame(0x80, text("end")), frame(0x82, big), frame(0x88, new byte[] {3, (byte) 0xe8}));
        List<Frame> whole = decode(stream);
        assertEquals(9, whole.size());
        int[] flags = {CURLWS_TEXT, CURLWS_BINARY, CURLWS_PING, CURLWS_TEXT | CURLWS_CONT, CURLWS_PONG,
            CURLWS_TEXT | CURLWS_CONT, CURLWS_TEXT, CURLWS_BINARY, CURLWS_CLOSE};
        for (int i = 0; i < flags.length; i++) {
            assertEquals(flags[i], whole.get(i).flags(), "frame " + i);
        }
        assertArrayEquals(big, whole.get(7).payload());
        assertEquals("frag2 ", new String(whole.get(5).payload(), StandardCharsets.UTF_8));
        // the head and the small frames cut at every byte, two cuts at a time near the start
        int limit = 400;
        for (int a = 1; a < limit; a++) {
            assertFramesEqual(whole, decode(stream, a));
            assertFramesEqual(whole, decode(stream, a, Math.min(stream.length, a + 3)));
        }
        // one byte at a time through the long frame's head and beyond
        int[] each = new int[limit];
        for (int i = 0; i < limit; i++) {
            each[i] = 340 + i;
        }
        assertFramesEqual(whole, decode(stream, each));
    }

    private static void assertFramesEqual(List<Frame> expected, List<Frame> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).flags(), actual.get(i).flags());
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload());
        }
    }

    @Test
    void lengthsOfTheThreeForms() throws WsException {
        assertEquals(125, decode(frame(0x82, new byte[125])).get(0).length());
        assertEquals(126, decode(frame(0x82, new byte[126])).get(0).length());
        assertEquals(65535, decode(frame(0x82, new byte[65535])).get(0).length());
        assertEquals(65536, decode(frame(0x82, new byte[65536])).get(0).length());
        // a 16-bit length form used for a short frame is accepted, as libcurl accepts it
        assertEquals(3, decode(new byte[] {(byte) 0x82, 126, 0, 3, 1, 2, 3}).get(0).length());
    }

    private static void refused(String message, byte[] bytes) {
        WsException e = assertThrows(WsException.class, () -> decode(bytes));
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void section5RulesEachWithLibcurlsMessage() {
        refused("[WS] masked input frame", new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'});
        refused("[WS] invalid reserved bits: c1", new byte[] {(byte) 0xc1, 0});
        refused("[WS] invalid reserved bits: a2", new byte[] {(byte) 0xa2, 0});
        refused("[WS] invalid reserved bits: 91", new byte[] {(byte) 0x91, 0});
        refused("[WS] invalid opcode: 83", new byte[] {(byte) 0x83, 0});
        refused("[WS] invalid opcode: 8b", new byte[] {(byte) 0x8b, 0});
        refused("[WS] invalid fragmented PING frame", new byte[] {0x09, 0});
        refused("[WS] invalid fragmented PONG frame", new byte[] {0x0a, 0});
        refused("[WS] invalid fragmented CLOSE frame", new byte[] {0x08, 0});
        refused("[WS] received PING frame is too big", frame(0x89, new byte[126]));
        refused("[WS] received PONG frame is too big", frame(0x8a, new byte[126]));
        refused("[WS] received CLOSE frame is too big", frame(0x88, new byte[200]));
        refused("[WS] no ongoing fragmented message to resume", frame(0x80, text("x")));
        refused("[WS] no ongoing fragmented message to resume", frame(0x00, text("x")));
        refused("[WS] fragmented message interrupted by new TEXT msg",
                concat(frame(0x02, text("a")), frame(0x81, text("b"))));
        refused("[WS] fragmented message interrupted by new BINARY msg",
                concat(frame(0x01, text("a")), frame(0x02, text("b"))));
        refused("[WS] frame length longer than 63 bits not supported",
                new byte[] {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1});
    }

    @Test
    void controlFramesBetweenFragmentsKeepTheMessageOpen() throws WsException {
        List<Frame> f = decode(concat(frame(0x02, text("a")), frame(0x89, text("ping")), frame(0x80, text("b"))));
        assertEquals(CURLWS_BINARY | CURLWS_CONT, f.get(0).flags());
        assertEquals(CURLWS_PING, f.get(1).flags());
        assertEquals(CURLWS_BINARY, f.get(2).flags());
    }

    @Test
    void anEndInsideAFrameIsCutShort() throws WsException {
        WsFrameDecoder d = new WsFrameDecoder();
        ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0x82, 126, 1});
        assertFalse(d.frame(in));
        assertEquals(3, d.cutShort());
        d.reset();
        in = ByteBuffer.wrap(new byte[] {(byte) 0x82, 5, 1, 2});
        assertTrue(d.frame(in));
        d.consumed(2);
        assertEquals(3, d.cutShort());
    }

    @Test
    void afterAnErrorTheDecoderStaysFailed() {
        WsFrameDecoder d = new WsFrameDecoder();
        assertThrows(WsException.class, () -> d.frame(ByteBuffer.wrap(new byte[] {(byte) 0x83})));
        assertThrows(WsException.class, () -> d.frame(ByteBuffer.wrap(frame(0x81, text("ok")))));
    }
}
