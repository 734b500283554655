package dev.hiper.internal.ws;

import static dev.hiper.curl.Curl.CURLWS_BINARY;
import static dev.hiper.curl.Curl.CURLWS_CONT;
import static dev.hiper.curl.Curl.CURLWS_OFFSET;
import static dev.hiper.curl.Curl.CURLWS_PING;
import static dev.hiper.curl.Curl.CURLWS_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlWsFrame;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692) in a session, on bytes: section 7.2.3's examples inflated with
 * the input split at every position and read into buffers of every small size, RSV1 where it is
 * not allowed, the server's context reset, the limit on a message's inflated size, and what hiper
 * sends compressed.
 */
class WsDeflateSessionTest {
    private static final PerMessageDeflate.Params TAKEOVER = new PerMessageDeflate.Params(false, false, 15, 15);
    private static final PerMessageDeflate.Params NO_TAKEOVER = new PerMessageDeflate.Params(true, true, 15, 15);

    /** Hands the incoming bytes over in the given chunks, one a read; takes every write whole. */
    static final class ChunkFilter implements ConnectionFilter {
        final List<byte[]> chunks = new ArrayList<>();
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] current;
        int at;

        @Override
        public int read(ByteBuffer dst) {
            if (current == null || at == current.length) {
                if (chunks.isEmpty()) {
                    return -1;
                }
                current = chunks.remove(0);
                at = 0;
                if (current.length == 0) {
                    return 0;
                }
            }
            int n = Math.min(dst.remaining(), current.length - at);
            dst.put(current, at, n);
            at += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
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

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static WsSession session(ChunkFilter f, PerMessageDeflate.Params p) {
        WsSession s = new WsSession(f, null, 0, key -> { });
        s.deflate(p);
        return s;
    }

    /** Reads every message until the end, {@code room} bytes a call; each as "flags:text". */
    static List<String> messages(WsSession s, int room) throws Exception {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        long frameOffset = 0;
        for (int i = 0; i < 1_000_000; i++) {
            ByteBuffer dst = ByteBuffer.allocate(room);
            CurlCode c = s.recv(dst, FilterCaller.NONE);
            if (c == CurlCode.CURLE_GOT_NOTHING) {
                assertEquals(0, msg.size(), "no message left open");
                return out;
            }
            if (c == CurlCode.CURLE_AGAIN) {
                continue;
            }
            assertEquals(CurlCode.CURLE_OK, c);
            CurlWsFrame m = s.frame();
            assertEquals(dst.position(), m.len());
            assertEquals(frameOffset, m.offset(), "the offset counts the frame's inflated bytes");
            msg.write(dst.array(), 0, dst.position());
            frameOffset = m.bytesleft() == 0 ? 0 : frameOffset + m.len();
            assertTrue(m.bytesleft() >= 0);
            if (m.bytesleft() == 0 && (m.flags() & CURLWS_CONT) == 0) {
                out.add(m.flags() + ":" + msg.toString(StandardCharsets.UTF_8));
                msg.reset();
            }
        }
        throw new AssertionError("no end");
    }

    /** Every split of {@code wire} in two reads, and every read size from 1 to 7 and 16 KiB. */
    static void inflatesAtEverySplit(byte[] wire, PerMessageDeflate.Params p, List<String> expected) throws Exception {
        for (int split = 0; split <= wire.length; split++) {
            for (int room : new int[] {1, 2, 3, 5, 7, 16 * 1024}) {
                ChunkFilter f = new ChunkFilter();
                f.chunks.add(java.util.Arrays.copyOfRange(wire, 0, split));
                f.chunks.add(java.util.Arrays.copyOfRange(wire, split, wire.length));
                assertEquals(expected, messages(session(f, p), room), "split at " + split + ", room " + room);
            }
        }
    }

    static final byte[] HELLO = bytes(0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);

    @Test
    void rfc7692Examples() throws Exception {
        String hello = CURLWS_TEXT + ":Hello";
        // 7.2.3.1: one message, then the same in two fragments
        inflatesAtEverySplit(HELLO, TAKEOVER, List.of(hello));
        inflatesAtEverySplit(bytes(0x41, 0x03, 0xf2, 0x48, 0xcd, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00), TAKEOVER,
                List.of(hello));
        // 7.2.3.2: the second message refers back into the first one's window
        inflatesAtEverySplit(concat(HELLO, bytes(0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00)), TAKEOVER,
                List.of(hello, hello));
        // 7.2.3.3: a stored block; 7.2.3.4: BFINAL set; 7.2.3.5: two blocks; 7.2.3.6: an empty message
        inflatesAtEverySplit(bytes(0xc1, 0x0b, 0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00),
                TAKEOVER, List.of(hello));
        inflatesAtEverySplit(concat(bytes(0xc1, 0x08, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00), HELLO),
                TAKEOVER, List.of(hello, hello));
        inflatesAtEverySplit(bytes(0xc1, 0x0d, 0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9,
                0x07, 0x00), TAKEOVER, List.of(hello));
        inflatesAtEverySplit(bytes(0xc1, 0x01, 0x00), TAKEOVER, List.of(CURLWS_TEXT + ":"));
    }

    @Test
    void uncompressedAndControlFramesGoBetween() throws Exception {
        // an uncompressed message, a compressed one in two fragments with a PING between, a binary one
        byte[] wire = concat(bytes(0x81, 0x02, 'h', 'i'), bytes(0x41, 0x03, 0xf2, 0x48, 0xcd),
                bytes(0x89, 0x00), bytes(0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00),
                binary123());
        inflatesAtEverySplit(wire, NO_TAKEOVER,
                List.of(CURLWS_TEXT + ":hi", CURLWS_TEXT + ":Hello", CURLWS_BINARY + ":\u0001\u0002\u0003"));
    }

    /** A compressed BINARY message of 1, 2, 3, as a server with a fresh context sends it. */
    static byte[] binary123() {
        ByteBuffer z = new WsDeflater(true).compress(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        byte[] p = new byte[z.remaining()];
        z.get(p);
        return concat(bytes(0xc2, p.length), p);
    }

    @Test
    void theServersContextIsResetWhenItSaidSo() throws Exception {
        ChunkFilter f = new ChunkFilter();
        f.chunks.add(concat(HELLO, bytes(0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00)));
        WsSession s = session(f, NO_TAKEOVER);
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertEquals(CurlCode.CURLE_OK, s.recv(dst, FilterCaller.NONE));
        assertEquals(5, dst.position());
        // the second message points back into a window that was reset
        WsException e = assertThrows(WsException.class, () -> s.recv(dst.clear(), FilterCaller.NONE));
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("[WS] invalid compressed data"), e.getMessage());
    }

    private static void refused(PerMessageDeflate.Params p, byte[] wire, String message) {
        ChunkFilter f = new ChunkFilter();
        f.chunks.add(wire);
        WsSession s = session(f, p);
        WsException e = assertThrows(WsException.class, () -> {
            for (int i = 0; i < 10; i++) {
                s.recv(ByteBuffer.allocate(100), FilterCaller.NONE);
            }
        });
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void rsv1WhereItIsNotAllowed() {
        refused(null, HELLO, "[WS] invalid reserved bits: c1"); // nothing agreed on
        refused(TAKEOVER, bytes(0xc9, 0x00), "[WS] invalid reserved bits: c9"); // a control frame
        refused(TAKEOVER, bytes(0xca, 0x00), "[WS] invalid reserved bits: ca");
        refused(TAKEOVER, bytes(0x41, 0x03, 0xf2, 0x48, 0xcd, 0xc0, 0x04, 0xc9, 0xc9, 0x07, 0x00),
                "[WS] invalid reserved bits: c0"); // a continuation
        refused(TAKEOVER, bytes(0xa1, 0x00), "[WS] invalid reserved bits: a1"); // RSV2
        refused(TAKEOVER, bytes(0xc1, 0x03, 0xff, 0xff, 0xff), "[WS] invalid compressed data: invalid block type");
    }

    @Test
    void aCompressedBombFailsAtTheLimit() throws Exception {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(new byte[4 << 20]);
        byte[] z = new byte[64 * 1024];
        int n = d.deflate(z, 0, z.length, Deflater.SYNC_FLUSH);
        d.end();
        assertTrue(n < 16 * 1024, "4 MiB of zeros in " + n + " bytes");
        WsInflater inflater = new WsInflater(false, 1 << 20);
        inflater.begin(CURLWS_BINARY, n, true, true);
        ByteBuffer src = ByteBuffer.wrap(z, 0, n);
        long total = 0;
        WsException e = null;
        for (int i = 0; i < 10_000 && e == null; i++) {
            try {
                int st = inflater.next();
                if (st == WsInflater.NEED_INPUT) {
                    inflater.feed(src);
                } else if (st == WsInflater.PIECE_READY) {
                    total += inflater.take(ByteBuffer.allocate(WsInflater.PIECE));
                }
            } catch (WsException x) {
                e = x;
            }
        }
        assertTrue(e != null, "the limit stopped it");
        assertEquals(CurlCode.CURLE_RECV_ERROR, e.code());
        assertEquals("[WS] inflated message larger than the limit of 1048576 bytes", e.getMessage());
        assertTrue(total <= 1 << 20, "no more than the limit handed over: " + total);
    }

    /** Frames on the wire: {first byte, unmasked payload}. */
    static List<Object[]> sent(ChunkFilter f) {
        return WsSessionTest.frames(f.wire.toByteArray());
    }

    @Test
    void sendsCompressedWithTheContextKept() throws Exception {
        ChunkFilter f = new ChunkFilter();
        WsSession s = session(f, TAKEOVER);
        for (int i = 0; i < 2; i++) {
            ByteBuffer data = ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals(CurlCode.CURLE_OK, s.send(data, 0, CURLWS_TEXT, false, FilterCaller.NONE));
            assertEquals(0, data.remaining());
        }
        // a PING between, never compressed
        assertEquals(CurlCode.CURLE_OK, s.send(ByteBuffer.wrap(new byte[] {1}), 0, CURLWS_PING, false,
                FilterCaller.NONE));
        List<Object[]> frames = sent(f);
        assertEquals(0xc1, frames.get(0)[0]);
        assertArrayEquals(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), (byte[]) frames.get(0)[1]);
        assertEquals(0xc1, frames.get(1)[0]);
        assertArrayEquals(bytes(0xf2, 0x00, 0x11, 0x00, 0x00), (byte[]) frames.get(1)[1]); // section 7.2.3.2
        assertEquals(0x89, frames.get(2)[0]);
    }

    @Test
    void sendsEachMessageOnItsOwnWithoutContextTakeover() throws Exception {
        ChunkFilter f = new ChunkFilter();
        WsSession s = session(f, NO_TAKEOVER);
        for (int i = 0; i < 2; i++) {
            s.send(ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII)), 0, CURLWS_TEXT, false,
                    FilterCaller.NONE);
        }
        for (Object[] frame : sent(f)) {
            assertArrayEquals(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), (byte[]) frame[1]);
        }
    }

    @Test
    void fragmentsAndOffsetPartsInflateToTheMessage() throws Exception {
        ChunkFilter f = new ChunkFilter();
        WsSession s = session(f, TAKEOVER);
        byte[] big = new byte[100_000];
        new Random(7).nextBytes(big);
        for (int i = 0; i < big.length; i += 2) {
            big[i] = 'a'; // half compressible
        }
        // a BINARY message in two fragments, the second given in CURLWS_OFFSET parts
        s.send(ByteBuffer.wrap(big, 0, 30_000), 0, CURLWS_BINARY | CURLWS_CONT, false, FilterCaller.NONE);
        s.send(ByteBuffer.wrap(big, 30_000, 20_000), 70_000, CURLWS_BINARY | CURLWS_OFFSET, false, FilterCaller.NONE);
        WsException e = assertThrows(WsException.class, () -> s.send(ByteBuffer.wrap(new byte[50_001]), 0,
                CURLWS_BINARY | CURLWS_OFFSET, false, FilterCaller.NONE));
        assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.code());
        s.send(ByteBuffer.wrap(big, 50_000, 50_000), 0, CURLWS_BINARY | CURLWS_OFFSET, false, FilterCaller.NONE);
        List<Object[]> frames = sent(f);
        assertEquals(3, frames.size());
        assertEquals(0x42, frames.get(0)[0]); // RSV1 on the first only
        assertEquals(0x00, frames.get(1)[0]);
        assertEquals(0x80, frames.get(2)[0]);
        // what a server inflates from them
        java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Object[] frame : frames) {
            all.writeBytes((byte[]) frame[1]);
        }
        all.writeBytes(bytes(0, 0, 0xff, 0xff));
        inf.setInput(all.toByteArray());
        byte[] back = new byte[big.length + 10];
        int got = 0;
        for (int i = 0; i < 1000 && !inf.needsInput(); i++) {
            got += inf.inflate(back, got, back.length - got);
        }
        assertEquals(big.length, got);
        assertArrayEquals(big, java.util.Arrays.copyOf(back, got));
    }

    @Test
    void anEmptyLastFragmentStillEndsTheMessageCleanly() throws Exception {
        ChunkFilter f = new ChunkFilter();
        WsSession s = session(f, TAKEOVER);
        s.send(ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), 0, CURLWS_TEXT | CURLWS_CONT, false,
                FilterCaller.NONE);
        s.send(ByteBuffer.allocate(0), 0, CURLWS_TEXT, false, FilterCaller.NONE);
        s.send(ByteBuffer.wrap("cd".getBytes(StandardCharsets.US_ASCII)), 0, CURLWS_TEXT, false, FilterCaller.NONE);
        s.send(ByteBuffer.allocate(0), 0, CURLWS_BINARY, false, FilterCaller.NONE);
        List<Object[]> frames = sent(f);
        assertEquals(4, frames.size());
        assertArrayEquals(bytes(0x00), (byte[]) frames.get(1)[1]);
        // a server's inflater, the tail appended after each message: "ab", "cd", "" and nothing left over
        java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
        List<String> got = new ArrayList<>();
        byte[][] messages = {concat((byte[]) frames.get(0)[1], (byte[]) frames.get(1)[1]), (byte[]) frames.get(2)[1],
            (byte[]) frames.get(3)[1]};
        for (byte[] m : messages) {
            inf.setInput(concat(m, bytes(0, 0, 0xff, 0xff)));
            byte[] out = new byte[100];
            int n = inf.inflate(out);
            assertTrue(inf.needsInput(), "the whole message taken");
            got.add(new String(out, 0, n, StandardCharsets.US_ASCII));
        }
        assertEquals(List.of("ab", "cd", ""), got);
    }

    /** What a server's inflater makes of one message's payload (the tail appended), the context kept in {@code inf}. */
    static byte[] inflate(java.util.zip.Inflater inf, byte[] payload) throws Exception {
        inf.setInput(concat(payload, bytes(0, 0, 0xff, 0xff)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int i = 0; i < 100_000; i++) {
            int n = inf.inflate(buf);
            out.write(buf, 0, n);
            if (n == 0 && inf.needsInput()) {
                return out.toByteArray();
            }
        }
        throw new AssertionError("no end");
    }

    @Test
    void compressedFramesThroughAConnectionThatTakesOddAmounts() throws Exception {
        for (long seed = 1; seed <= 10; seed++) {
            WsSessionTest.StingyFilter f = new WsSessionTest.StingyFilter(seed);
            WsSession s = new WsSession(f, null, 0, WsFrameEncoder.SECURE);
            s.deflate(TAKEOVER);
            Random r = new Random(seed);
            List<byte[]> sent = new ArrayList<>();
            for (int m = 0; m < 30; m++) {
                byte[] payload = new byte[r.nextInt(4) == 0 ? 50_000 + r.nextInt(100_000) : r.nextInt(500)];
                for (int i = 0; i < payload.length; i++) {
                    payload[i] = (byte) ('a' + r.nextInt(3));
                }
                if (m == 10) {
                    // a PING while earlier frames wait for the socket: its PONG goes between frames
                    f.incoming.writeBytes(new byte[] {(byte) 0x89, 3, 'a', 'b', 'c'});
                    assertEquals(CurlCode.CURLE_AGAIN, s.recv(ByteBuffer.allocate(10), FilterCaller.NONE));
                }
                ByteBuffer data = ByteBuffer.wrap(payload);
                int rounds = 0;
                do {
                    CurlCode c = s.send(data, 0, CURLWS_BINARY, false, FilterCaller.NONE);
                    if (c == CurlCode.CURLE_AGAIN) {
                        assertEquals(payload.length, data.remaining(), "CURLE_AGAIN: nothing taken");
                    } else {
                        assertEquals(CurlCode.CURLE_OK, c);
                        assertEquals(0, data.remaining(), "a compressed frame is taken whole");
                    }
                    assertTrue(++rounds < 1_000_000);
                } while (data.hasRemaining());
                sent.add(payload);
            }
            while (!s.flush(FilterCaller.NONE)) {
                // what is left goes out
            }
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            int k = 0;
            int pongs = 0;
            for (Object[] fr : WsSessionTest.frames(f.wire.toByteArray())) {
                if ((int) fr[0] == 0x8a) {
                    pongs++;
                    continue;
                }
                assertEquals(0xc2, (int) fr[0]);
                assertArrayEquals(sent.get(k), inflate(inf, (byte[]) fr[1]), "seed " + seed + " message " + k);
                k++;
            }
            assertEquals(30, k);
            assertEquals(1, pongs);
        }
    }

    @Test
    void noCompressionWhenTheClientsWindowIsLimited() throws Exception {
        ChunkFilter f = new ChunkFilter();
        WsSession s = session(f, new PerMessageDeflate.Params(false, false, 15, 10));
        s.send(ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII)), 0, CURLWS_TEXT, false, FilterCaller.NONE);
        Object[] frame = sent(f).get(0);
        assertEquals(0x81, frame[0]);
        assertEquals("Hello", new String((byte[]) frame[1], StandardCharsets.US_ASCII));
    }
}
