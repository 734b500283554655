package dev.hiper.internal.conn.proxy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectReplyTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code bytes} cut at {@code cut}; returns the reply and the bytes left after the head. */
    private static Object[] feedSplit(byte[] bytes, int cut, List<String> lines) {
        ConnectReply r = new ConnectReply();
        ByteBuffer first = ByteBuffer.wrap(bytes, 0, cut);
        ConnectReply.Result res = r.feed(first, (l, n) -> lines.add(ConnectReply.text(l, n)));
        int left;
        if (res == ConnectReply.Result.DONE) {
            left = first.remaining() + bytes.length - cut;
        } else {
            ByteBuffer second = ByteBuffer.wrap(bytes, cut, bytes.length - cut);
            res = r.feed(second, (l, n) -> lines.add(ConnectReply.text(l, n)));
            left = second.remaining();
        }
        return new Object[] {r, res, left};
    }

    @Test
    void headInEverySplitLeavesTheTunnelsBytes() {
        byte[] bytes = b("HTTP/1.1 200 Connection established\r\nVia: test\r\n\r\n\u0016\u0003\u0001TLS");
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<String> lines = new ArrayList<>();
            Object[] o = feedSplit(bytes, cut, lines);
            ConnectReply r = (ConnectReply) o[0];
            assertEquals(ConnectReply.Result.DONE, o[1], "cut " + cut);
            assertEquals(200, r.status());
            assertEquals(6, (int) o[2], "the 6 bytes after the head stay, cut " + cut);
            assertEquals(List.of("HTTP/1.1 200 Connection established", "Via: test", ""), lines);
        }
    }

    @Test
    void statusOfOtherShapes() {
        for (String[] c : new String[][] {
            {"HTTP/1.0 407 Proxy Authentication Required\r\n\r\n", "407"},
            {"HTTP/1.1 403\n\n", "403"},
            {"HTTP/2: 200\r\n\r\n", "0"},
            {"\r\n", "0"},
        }) {
            ConnectReply r = new ConnectReply();
            assertEquals(ConnectReply.Result.DONE, r.feed(ByteBuffer.wrap(b(c[0])), null), c[0]);
            assertEquals(Integer.parseInt(c[1]), r.status(), c[0]);
        }
    }

    @Test
    void aLineThatIsNoHeaderIsRefused() {
        for (String bad : new String[] {"<html>\r\n", "HTTP/1.1 2000 x\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n"}) {
            assertEquals(ConnectReply.Result.BAD_HEADER, new ConnectReply().feed(ByteBuffer.wrap(b(bad)), null), bad);
        }
    }

    @Test
    void aNulByteInALineIsRefused() {
        ConnectReply r = new ConnectReply();
        assertEquals(ConnectReply.Result.NUL_BYTE, r.feed(ByteBuffer.wrap(b("HTTP/1.1 200 OK\r\nX-Evil: he\0llo\r\n\r\n")), null));
    }

    @Test
    void anEndlessHeadIsTooLarge() {
        ConnectReply r = new ConnectReply();
        assertEquals(ConnectReply.Result.MORE, r.feed(ByteBuffer.wrap(b("HTTP/1.1 200 OK\r\n")), null));
        byte[] filler = b("X-Filler: " + "a".repeat(1000) + "\r\n");
        ConnectReply.Result res = ConnectReply.Result.MORE;
        for (int i = 0; i < 200 && res == ConnectReply.Result.MORE; i++) {
            res = r.feed(ByteBuffer.wrap(filler), null);
        }
        assertEquals(ConnectReply.Result.TOO_LARGE, res);
    }

    @Test
    void requestInLibcurlsOrder() {
        String req = new String(ConnectRequest.build("o.test:443", false, ConnectRequest.basic("u", "p"), "ua/1",
                List.of("X-A: 1", "Proxy-Connection:", "X-Empty;", "bad\r\nline: x")), StandardCharsets.ISO_8859_1);
        assertEquals("CONNECT o.test:443 HTTP/1.1\r\nHost: o.test:443\r\nProxy-Authorization: Basic dTpw\r\n"
                + "User-Agent: ua/1\r\nX-A: 1\r\nX-Empty:\r\n\r\n", req);
        String plain = new String(ConnectRequest.build("[::1]:80", true, null, null, null), StandardCharsets.ISO_8859_1);
        assertEquals("CONNECT [::1]:80 HTTP/1.0\r\nHost: [::1]:80\r\nProxy-Connection: Keep-Alive\r\n\r\n", plain);
        String custom = new String(ConnectRequest.build("h:1", false, null, "ua", List.of("User-Agent: mine", "Host: x")),
                StandardCharsets.ISO_8859_1);
        assertEquals("CONNECT h:1 HTTP/1.1\r\nProxy-Connection: Keep-Alive\r\nUser-Agent: mine\r\nHost: x\r\n\r\n", custom);
    }
    /** The filter below a tunnel in tests: hands out scripted input, keeps what is written. */
    private static final class Scripted implements dev.hiper.internal.conn.ConnectionFilter {
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        final ByteBuffer input;

        Scripted(byte[] in) {
            input = ByteBuffer.wrap(in);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!input.hasRemaining()) {
                return 0;
            }
            int n = Math.min(dst.remaining(), Math.min(7, input.remaining())); // small pieces
            ByteBuffer s = input.duplicate();
            s.limit(s.position() + n);
            dst.put(s);
            input.position(input.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            written.write(b, 0, n);
            return n;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void tunnelServesTheBytesAfterTheHeadFirst() throws Exception {
        Scripted below = new Scripted(b("HTTP/1.1 200 OK\r\n\r\nEARLY"));
        HttpTunnelFilter f = new HttpTunnelFilter(below, "o:1", ConnectRequest.build("o:1", false, null, null, null));
        List<String> trace = new ArrayList<>();
        boolean done = false;
        for (int i = 0; i < 20 && !done; i++) {
            done = f.connect(trace::add);
        }
        assertTrue(done);
        assertEquals(200, f.connectCode());
        assertTrue(new String(below.written.toByteArray(), StandardCharsets.ISO_8859_1).startsWith("CONNECT o:1 HTTP/1.1\r\n"));
        assertTrue(trace.contains("CONNECT tunnel established, response 200"), trace.toString());
        assertTrue(f.hasBufferedInput());
        ByteBuffer dst = ByteBuffer.allocate(64);
        int n = 0;
        while (dst.position() < 5 && n >= 0) {
            n = f.read(dst);
        }
        assertEquals("EARLY", new String(dst.array(), 0, dst.position(), StandardCharsets.ISO_8859_1));
        assertFalse(f.hasBufferedInput());

        HttpTunnelFilter refused = new HttpTunnelFilter(new Scripted(b("HTTP/1.1 407 Auth\r\n\r\n")), "o:1", b("x"));
        dev.hiper.internal.conn.FilterException e = assertThrows(dev.hiper.internal.conn.FilterException.class, () -> {
            for (int i = 0; i < 20; i++) {
                refused.connect(text -> { });
            }
        });
        assertEquals(dev.hiper.curl.CurlCode.CURLE_COULDNT_CONNECT, e.code());
        assertEquals(407, refused.connectCode());
    }
}
