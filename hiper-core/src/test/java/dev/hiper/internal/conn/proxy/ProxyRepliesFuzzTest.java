package dev.hiper.internal.conn.proxy;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a proxy says back: the CONNECT reply's head ({@link ConnectReply}) and the SOCKS
 * replies ({@link SocksHandshake}). The first input byte picks how many bytes arrive per read
 * (and, for SOCKS, the version and whether credentials are set); the rest is the proxy's bytes.
 * Every input must end in a result, a {@link SocksHandshake.Failure} or a wait for more; never
 * an exception of another kind, never more steps than bytes, never a byte taken twice.
 *
 * <p>Seeds: {@code src/test/resources/dev/hiper/internal/conn/proxy/ProxyRepliesFuzzTestInputs}.
 */
class ProxyRepliesFuzzTest {

    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void connectReply(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 0x3f);
        ConnectReply r = new ConnectReply();
        int fed = 1;
        while (fed < input.length) {
            int k = Math.min(piece, input.length - fed);
            ByteBuffer b = ByteBuffer.wrap(input, fed, k);
            ConnectReply.Result res = r.feed(b, (line, len) -> assertTrue(len > 0 && line[len - 1] == '\n'));
            if (res == ConnectReply.Result.DONE) {
                assertTrue(r.status() >= 0 && r.status() <= 999);
                return;
            }
            if (res != ConnectReply.Result.MORE) {
                return;
            }
            assertFalse(b.hasRemaining(), "MORE with bytes left");
            fed += k;
        }
        assertFalse(r.done());
    }

    @Timeout(10)
    @FuzzTest(maxDuration = "20s")
    void socksReply(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = 1 + (input[0] & 0x0f);
        long[] types = {CURLPROXY_SOCKS4, CURLPROXY_SOCKS4A, CURLPROXY_SOCKS5, CURLPROXY_SOCKS5_HOSTNAME};
        long type = types[(input[0] >>> 4) & 3];
        boolean creds = (input[0] & 0x40) != 0;
        SocksHandshake h;
        try {
            h = new SocksHandshake(type, "origin.example", 443, type == CURLPROXY_SOCKS4 ? new byte[] {10, 0, 0, 1}
                    : type == CURLPROXY_SOCKS5 ? new byte[] {127, 0, 0, 1} : null, creds ? "user" : null,
                    creds ? "pw" : null);
        } catch (SocksHandshake.Failure f) {
            fail(f);
            return;
        }
        int fed = 1;
        try {
            while (fed < input.length && !h.done()) {
                ByteBuffer out = h.output();
                out.position(out.limit()); // everything sent
                int k = Math.min(piece, input.length - fed);
                ByteBuffer b = ByteBuffer.wrap(input, fed, k);
                h.feed(b);
                int used = k - b.remaining();
                assertTrue(used > 0 || h.done(), "no byte taken");
                fed += used;
            }
        } catch (SocksHandshake.Failure f) {
            assertTrue(f.reason > CURLPX_OK && f.reason <= CURLPX_USER_REJECTED, "reason " + f.reason);
            assertNotNull(f.getMessage());
        }
    }
}
