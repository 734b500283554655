package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WsSession's sending contract on a connection that takes bytes in odd amounts and often none:
 * every payload byte arrives once, in order, inside frames the application asked for, with the
 * automatic PONGs between frames and never inside one.
 */
class WsSessionTest {
    /** A connection that takes at most a few bytes a call, and nothing every third call. */
    static final class StingyFilter implements ConnectionFilter {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
        int offered;
        final Random random;
        int calls;

        StingyFilter(long seed) {
            random = new Random(seed);
        }

        @Override
        public int read(ByteBuffer dst) {
            byte[] b = incoming.toByteArray();
            if (offered == b.length) {
                return 0;
            }
            int n = Math.min(dst.remaining(), b.length - offered);
            dst.put(b, offered, n);
            offered += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            if (++calls % 3 == 0) {
                return 0;
            }
            int n = Math.min(src.remaining(), 1 + random.nextInt(5000));
            byte[] b = new byte[n];
            src.get(b);
            wire.write(b, 0, n);
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** A connection that takes every byte, or none while {@code full}, and hands over what arrived. */
    static final class OpenFilter implements ConnectionFilter {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
        int offered;
        boolean full;
        int reads;
        /** Whether it says that a read came back short, as the socket filter does. */
        boolean tells;
        private boolean shortRead;

        @Override
        public int read(ByteBuffer dst) {
            reads++;
            byte[] b = incoming.toByteArray();
            int n = Math.min(dst.remaining(), b.length - offered);
            shortRead = n < dst.remaining();
            dst.put(b, offered, n);
            offered += n;
            return n;
        }

        @Override
        public boolean inputDrained() {
            return tells && shortRead;
        }

        @Override
        public int write(ByteBuffer src) {
            if (full) {
                return 0;
            }
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            wire.write(b, 0, n);
            return n;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A connection with a layer that takes every byte but passes on only {@code room} to the
     * socket, keeping the rest (as TLS keeps the end of a record) and asking for writability
     * while it does; a later write, an empty one too, passes on more.
     */
    static final class HoldingFilter implements ConnectionFilter {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final ByteArrayOutputStream held = new ByteArrayOutputStream();
        int room;

        @Override
        public int read(ByteBuffer dst) {
            return 0;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            held.writeBytes(b);
            byte[] all = held.toByteArray();
            int pass = Math.min(room, all.length);
            wire.write(all, 0, pass);
            room -= pass;
            held.reset();
            held.write(all, pass, all.length - pass);
            return n;
        }

        @Override
        public int socketInterest(int wanted) {
            return held.size() > 0 ? wanted | dev.hiper.curl.Curl.CURL_POLL_OUT : wanted;
        }

        @Override
        public void close() {
        }
    }

    /** Frames a server would read from the client's bytes: first byte and unmasked payload. */
    static List<Object[]> frames(byte[] wire) {
        List<Object[]> out = new ArrayList<>();
        int i = 0;
        while (i < wire.length) {
            int first = wire[i] & 0xff;
            int second = wire[i + 1] & 0xff;
            assertTrue((second & 0x80) != 0, "masked");
            long len = second & 0x7f;
            i += 2;
            if (len == 126) {
                len = (wire[i] & 0xff) << 8 | wire[i + 1] & 0xff;
                i += 2;
            } else if (len == 127) {
                len = 0;
                for (int k = 0; k < 8; k++) {
                    len = len << 8 | wire[i + k] & 0xff;
                }
                i += 8;
            }
            byte[] key = {wire[i], wire[i + 1], wire[i + 2], wire[i + 3]};
            i += 4;
            byte[] p = new byte[(int) len];
            for (int k = 0; k < len; k++) {
                p[k] = (byte) (wire[i + k] ^ key[k & 3]);
            }
            i += (int) len;
            out.add(new Object[] {first, p});
        }
        return out;
    }

    @Test
    void betweenCallsASessionHoldsOnlyTheBytesLeftOver() throws Exception {
        OpenFilter f = new OpenFilter();
        WsSession s = new WsSession(f, null, 0, WsFrameEncoder.SECURE);
        assertEquals(0, s.heldBytes(), "a new session");
        assertEquals(CurlCode.CURLE_OK, s.send(ByteBuffer.wrap(new byte[1024]), 0, CURLWS_BINARY, false,
                FilterCaller.NONE));
        assertEquals(0, s.heldBytes(), "all of it went out");
        // a whole frame and the first byte of the next one's head arrive
        f.incoming.writeBytes(new byte[] {(byte) 0x82, 3, 'x', 'y', 'z', (byte) 0x82});
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertEquals(CurlCode.CURLE_OK, s.recv(dst, FilterCaller.NONE));
        assertEquals(3, dst.position());
        assertEquals(1, s.heldBytes(), "only the next head's first byte is kept");
        assertEquals(CurlCode.CURLE_AGAIN, s.recv(dst, FilterCaller.NONE));
        assertEquals(0, s.heldBytes(), "the decoder took it; nothing more came");
        f.incoming.writeBytes(new byte[] {2, 'p', 'q'});
        assertEquals(CurlCode.CURLE_OK, s.recv(dst.clear(), FilterCaller.NONE));
        assertEquals(2, dst.position());
        assertEquals(0, s.heldBytes());
        // the socket takes nothing: the frame waits in a buffer of its own size
        OpenFilter full = new OpenFilter();
        full.full = true;
        WsSession t = new WsSession(full, null, 0, WsFrameEncoder.SECURE);
        assertEquals(CurlCode.CURLE_AGAIN, t.send(ByteBuffer.wrap(new byte[300]), 0, CURLWS_BINARY, false,
                FilterCaller.NONE));
        assertTrue(t.heldBytes() > 0 && t.heldBytes() <= 300 + WsFrameEncoder.MAX_HEAD, "held " + t.heldBytes());
    }

    @Test
    void aReadThatComesBackShortIsNotFollowedByOneThatFindsNothing() throws Exception {
        OpenFilter f = new OpenFilter();
        f.tells = true;
        WsSession s = new WsSession(f, null, 0, WsFrameEncoder.SECURE);
        f.incoming.writeBytes(new byte[] {(byte) 0x82, 3, 'x', 'y', 'z', (byte) 0x82, 2, 'p', 'q'});
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertEquals(CurlCode.CURLE_OK, s.recv(dst, FilterCaller.NONE));
        assertEquals(CurlCode.CURLE_OK, s.recv(dst, FilterCaller.NONE));
        assertEquals(5, dst.position(), "both frames, from one read");
        assertEquals(1, f.reads);
        assertEquals(CurlCode.CURLE_AGAIN, s.recv(dst, FilterCaller.NONE));
        assertEquals(1, f.reads, "the read came back short: the socket had nothing more, so it is not asked");
        assertEquals(CurlCode.CURLE_AGAIN, s.recv(dst, FilterCaller.NONE));
        assertEquals(2, f.reads, "once: the call after the application's wait reads");
        f.incoming.writeBytes(new byte[] {(byte) 0x82, 4, 'a', 'b'});
        assertEquals(CurlCode.CURLE_OK, s.recv(dst.clear(), FilterCaller.NONE));
        assertEquals(2, dst.position(), "the frame's first bytes");
        f.incoming.writeBytes(new byte[] {'c', 'd'});
        assertEquals(CurlCode.CURLE_AGAIN, s.recv(dst, FilterCaller.NONE), "the last read was short");
        int before = f.reads;
        assertEquals(CurlCode.CURLE_OK, s.recv(dst, FilterCaller.NONE), "the rest, read straight into dst");
        assertEquals(before + 1, f.reads);
        assertArrayEquals(new byte[] {'a', 'b', 'c', 'd'}, java.util.Arrays.copyOf(dst.array(), 4));
    }

    @Test
    void aFrameWhoseEndALayerBelowHoldsIsNotReportedSent() throws Exception {
        HoldingFilter f = new HoldingFilter();
        f.room = 50;
        WsSession s = new WsSession(f, null, 0, WsFrameEncoder.SECURE);
        byte[] payload = new byte[100];
        java.util.Arrays.fill(payload, (byte) 'm');
        ByteBuffer data = ByteBuffer.wrap(payload);
        assertEquals(CurlCode.CURLE_OK, s.send(data, 0, CURLWS_BINARY, false, FilterCaller.NONE));
        assertEquals(1, data.remaining(), "the last byte waits: the frame's end is not on the socket");
        assertEquals(CurlCode.CURLE_AGAIN, s.send(data, 0, CURLWS_BINARY, false, FilterCaller.NONE),
                "called again with it while the socket takes nothing: wait for writability");
        assertEquals(1, data.remaining());
        f.room = Integer.MAX_VALUE;
        assertEquals(CurlCode.CURLE_OK, s.send(data, 0, CURLWS_BINARY, false, FilterCaller.NONE));
        assertEquals(0, data.remaining());
        assertEquals(0, f.held.size(), "the call pushed out what the layer held");
        List<Object[]> sent = frames(f.wire.toByteArray());
        assertEquals(1, sent.size(), "one frame, its last byte not sent twice");
        assertArrayEquals(payload, (byte[]) sent.get(0)[1]);
    }

    @Test
    void everyPayloadByteOnceAndInOrderWithPongsBetweenFrames() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            StingyFilter f = new StingyFilter(seed);
            WsSession s = new WsSession(f, null, 0, WsFrameEncoder.SECURE);
            Random r = new Random(seed * 31);
            List<byte[]> sent = new ArrayList<>();
            List<Integer> firsts = new ArrayList<>();
            for (int m = 0; m < 12; m++) {
                byte[] payload = new byte[m == 5 || r.nextInt(4) == 0 ? 70_000 + r.nextInt(100_000) : r.nextInt(300)];
                r.nextBytes(payload);
                int flags = m % 4 == 1 ? CURLWS_TEXT | CURLWS_CONT : m % 4 == 2 ? CURLWS_TEXT : CURLWS_BINARY;
                ByteBuffer data = ByteBuffer.wrap(payload);
                int rounds = 0;
                do {
                    if (m == 5 && rounds == 1) {
                        // a PING arrives while a frame is half sent: its PONG goes after that frame
                        assertTrue(data.hasRemaining(), "the frame is under way");
                        f.incoming.writeBytes(new byte[] {(byte) 0x89, 3, 'a', 'b', 'c'});
                        assertEquals(CurlCode.CURLE_AGAIN, s.recv(ByteBuffer.allocate(10), FilterCaller.NONE));
                    }
                    CurlCode c = s.send(data, 0, flags, false, FilterCaller.NONE);
                    assertTrue(c == CurlCode.CURLE_OK || c == CurlCode.CURLE_AGAIN, c.toString());
                    assertTrue(++rounds < 1_000_000);
                } while (data.hasRemaining());
                sent.add(payload);
                firsts.add(flags == (CURLWS_TEXT | CURLWS_CONT) ? 0x01 : flags == CURLWS_TEXT ? 0x80 : 0x82);
            }
            while (!s.flush(FilterCaller.NONE)) {
                // what is left goes out
            }
            List<Object[]> frames = frames(f.wire.toByteArray());
            int k = 0;
            int pongAfter = -1;
            int pongs = 0;
            for (Object[] fr : frames) {
                if ((int) fr[0] == 0x8a) {
                    pongs++;
                    pongAfter = k;
                    assertArrayEquals(new byte[] {'a', 'b', 'c'}, (byte[]) fr[1]);
                    continue;
                }
                assertEquals(firsts.get(k), (int) fr[0], "seed " + seed + " frame " + k);
                assertArrayEquals(sent.get(k), (byte[]) fr[1], "seed " + seed + " frame " + k);
                k++;
            }
            assertEquals(12, k);
            assertEquals(1, pongs);
            assertEquals(6, pongAfter, "the PONG right after the frame that was being sent");
        }
    }

    @Test
    void aPingIsRefusedWhenFragmentedAndTheSessionGoesOn() throws Exception {
        StingyFilter f = new StingyFilter(7);
        WsSession s = new WsSession(f, null, 0, WsFrameEncoder.SECURE);
        ByteBuffer one = ByteBuffer.wrap(new byte[] {1});
        try {
            s.send(one, 0, CURLWS_PING | CURLWS_CONT, false, FilterCaller.NONE);
            throw new AssertionError("refused");
        } catch (WsException e) {
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.code());
        }
        while (one.hasRemaining()) {
            s.send(one, 0, CURLWS_BINARY, false, FilterCaller.NONE);
        }
        while (!s.flush(FilterCaller.NONE)) {
            // out
        }
        List<Object[]> frames = frames(f.wire.toByteArray());
        assertEquals(1, frames.size());
        assertEquals(0x82, (int) frames.get(0)[0]);
    }
}
