package dev.hiper.internal.conn.proxy;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SOCKS client as bytes: what it sends, and every reply fed in every split. */
class SocksHandshakeTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] drain(SocksHandshake h) {
        ByteBuffer out = h.output();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    /** Plays the proxy's side: the replies, each delivered cut at {@code cut}; returns everything sent. */
    private static byte[] play(SocksHandshake h, int cut, byte[]... replies) throws SocksHandshake.Failure {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte[] reply : replies) {
            sent.writeBytes(drain(h));
            assertTrue(h.wantsInput());
            int c = Math.min(cut, reply.length);
            h.feed(ByteBuffer.wrap(reply, 0, c));
            if (c < reply.length) {
                h.feed(ByteBuffer.wrap(reply, c, reply.length - c));
            }
        }
        sent.writeBytes(drain(h));
        return sent.toByteArray();
    }

    @Test
    void socks4SendsTheAddress() throws Exception {
        for (int cut = 0; cut <= 8; cut++) {
            SocksHandshake h = new SocksHandshake(CURLPROXY_SOCKS4, "o", 80, bytes(10, 0, 0, 1), "me", null);
            byte[] sent = play(h, cut, bytes(0, 90, 0, 80, 10, 0, 0, 1));
            assertArrayEquals(bytes(4, 1, 0, 80, 10, 0, 0, 1, 'm', 'e', 0), sent);
            assertTrue(h.done());
        }
    }

    @Test
    void socks4aSendsTheName() throws Exception {
        SocksHandshake h = new SocksHandshake(CURLPROXY_SOCKS4A, "ab", 0x1234, null, null, null);
        byte[] sent = play(h, 3, bytes(0, 90, 0, 0, 0, 0, 0, 0));
        assertArrayEquals(bytes(4, 1, 0x12, 0x34, 0, 0, 0, 1, 0, 'a', 'b', 0), sent);
        assertTrue(h.done());
    }

    @Test
    void socks4Refusals() {
        int[][] cases = {{91, (int) CURLPX_REQUEST_FAILED}, {92, (int) CURLPX_IDENTD}, {93, (int) CURLPX_IDENTD_DIFFER},
            {99, (int) CURLPX_UNKNOWN_FAIL}};
        for (int[] c : cases) {
            SocksHandshake.Failure f = assertThrows(SocksHandshake.Failure.class, () -> play(
                    new SocksHandshake(CURLPROXY_SOCKS4, "o", 80, bytes(1, 2, 3, 4), null, null), 8,
                    bytes(0, c[0], 0, 80, 1, 2, 3, 4)));
            assertEquals(c[1], f.reason);
            assertTrue(f.getMessage().contains("1.2.3.4:80. (" + c[0] + ")"), f.getMessage());
        }
        SocksHandshake.Failure v = assertThrows(SocksHandshake.Failure.class, () -> play(
                new SocksHandshake(CURLPROXY_SOCKS4, "o", 80, bytes(1, 2, 3, 4), null, null), 8, "HTTP/1.1".getBytes()));
        assertEquals(CURLPX_BAD_VERSION, v.reason);
        assertThrows(SocksHandshake.Failure.class,
                () -> new SocksHandshake(CURLPROXY_SOCKS4, "o", 80, null, null, null), "SOCKS4 needs an IPv4 address");
    }

    @Test
    void socks5hWithUserAndPasswordInEverySplit() throws Exception {
        byte[] reply = bytes(5, 0, 0, 3, 4, 'h', 'o', 's', 't', 0, 80);
        for (int cut = 0; cut <= reply.length; cut++) {
            SocksHandshake h = new SocksHandshake(CURLPROXY_SOCKS5_HOSTNAME, "ex.test", 443, null, "us", "pw");
            byte[] sent = play(h, cut, bytes(5, 2), bytes(1, 0), reply);
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(bytes(5, 2, 0, 2));
            want.writeBytes(bytes(1, 2, 'u', 's', 2, 'p', 'w'));
            want.writeBytes(bytes(5, 1, 0, 3, 7));
            want.writeBytes("ex.test".getBytes(StandardCharsets.US_ASCII));
            want.writeBytes(bytes(1, 187));
            assertArrayEquals(want.toByteArray(), sent, "cut " + cut);
            assertTrue(h.done());
        }
    }

    @Test
    void socks5ByAddressWithoutAuth() throws Exception {
        byte[] v6 = new byte[16];
        v6[15] = 1;
        byte[] reply = new byte[4 + 16 + 2];
        reply[0] = 5;
        reply[3] = 4;
        for (int cut = 0; cut <= reply.length; cut++) {
            SocksHandshake h = new SocksHandshake(CURLPROXY_SOCKS5, "o", 80, v6, null, null);
            byte[] sent = play(h, cut, bytes(5, 0), reply);
            assertEquals(3 + 4 + 16 + 2, sent.length);
            assertEquals(4, sent[3 + 3]);
            assertTrue(h.done());
        }
        SocksHandshake h4 = new SocksHandshake(CURLPROXY_SOCKS5, "o", 80, bytes(127, 0, 0, 1), null, null);
        byte[] sent = play(h4, 1, bytes(5, 0), bytes(5, 0, 0, 1, 0, 0, 0, 0, 0, 0));
        assertArrayEquals(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80), sent);
    }

    @Test
    void socks5Failures() {
        assertReason(CURLPX_BAD_VERSION, bytes(4, 0));
        assertReason(CURLPX_NO_AUTH, bytes(5, 0xff));
        assertReason(CURLPX_NO_AUTH, bytes(5, 2)); // user/password asked for, none set
        assertReason(CURLPX_UNKNOWN_MODE, bytes(5, 1));
        assertReason(CURLPX_BAD_VERSION, bytes(5, 0), bytes(4, 0, 0, 1, 0));
        assertReason(CURLPX_REPLY_CONNECTION_REFUSED, bytes(5, 0), bytes(5, 5, 0, 1, 0));
        assertReason(CURLPX_REPLY_GENERAL_SERVER_FAILURE, bytes(5, 0), bytes(5, 1, 0, 1, 0));
        assertReason(CURLPX_REPLY_UNASSIGNED, bytes(5, 0), bytes(5, 42, 0, 1, 0));
        assertReason(CURLPX_BAD_ADDRESS_TYPE, bytes(5, 0), bytes(5, 0, 0, 9, 0));
        SocksHandshake.Failure f = assertThrows(SocksHandshake.Failure.class, () -> play(
                new SocksHandshake(CURLPROXY_SOCKS5_HOSTNAME, "o", 80, null, "u", "bad"), 2, bytes(5, 2), bytes(1, 1)));
        assertEquals(CURLPX_USER_REJECTED, f.reason);
        assertEquals("User was rejected by the SOCKS5 server (1 1).", f.getMessage());
        f = assertThrows(SocksHandshake.Failure.class,
                () -> new SocksHandshake(CURLPROXY_SOCKS5_HOSTNAME, "h".repeat(256), 80, null, null, null)
                        .feed(ByteBuffer.wrap(bytes(5, 0))));
        assertEquals(CURLPX_LONG_HOSTNAME, f.reason);
    }

    private static void assertReason(long reason, byte[]... replies) {
        SocksHandshake.Failure f = assertThrows(SocksHandshake.Failure.class,
                () -> play(new SocksHandshake(CURLPROXY_SOCKS5_HOSTNAME, "o", 80, null, null, null), 1, replies));
        assertEquals(reason, f.reason, f.getMessage());
    }
}
