package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.testkit.WsScriptedServer.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.internal.conn.AddressText;
import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.WsScriptedServer;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an idle handle holds: a CONNECT_ONLY handle whose WebSocket the application runs keeps
 * nothing of the transfer that opened it (nor does the loop keep a registration for its socket,
 * nor a URL string of its own when other handles have the same URL); a handle that set no TLS,
 * proxy, speed or seldom-used option holds the shared defaults of each group rather than copies
 * of its own, and no handle's setting changes them.
 */
@Timeout(60)
class IdleHandleFootprintTest {
    /** The engine's side of {@code easy}. */
    private static EasyHandle handle(CurlEasy easy) throws ReflectiveOperationException {
        java.lang.reflect.Field f = CurlEasy.class.getDeclaredField("handle");
        f.setAccessible(true);
        return (EasyHandle) f.get(easy);
    }

    private static CurlMsg runToEnd(CurlMulti multi) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            multi.perform();
            CurlMsg m = multi.infoRead();
            if (m != null) {
                return m;
            }
            multi.poll(50);
        }
        throw new AssertionError("no transfer ended within 10 s");
    }

    private static String echo(CurlEasy easy, String text) throws Exception {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(CurlCode.CURLE_OK, easy.wsSend(out, 0, CURLWS_TEXT), easy.errorBuffer());
        assertEquals(0, out.remaining());
        ByteBuffer in = ByteBuffer.allocate(256);
        try (Selector sel = Selector.open()) {
            easy.getinfo(CURLINFO_ACTIVESOCKET).channel().register(sel, SelectionKey.OP_READ);
            for (int i = 0; i < 100; i++) {
                CurlCode c = easy.wsRecv(in);
                if (c != CurlCode.CURLE_AGAIN) {
                    assertEquals(CurlCode.CURLE_OK, c, easy.errorBuffer());
                    in.flip();
                    return StandardCharsets.UTF_8.decode(in).toString();
                }
                assertTrue(sel.select(10_000) > 0, "the socket became readable");
                sel.selectedKeys().clear();
            }
        }
        throw new AssertionError("no frame after 100 waits");
    }

    @Test
    void aHandedOverSessionKeepsNothingOfItsTransferAndTheHandleStartsAfreshWhenAddedAgain() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            for (int i = 0; i < 2; i++) {
                p.send(frame(0x81, "echo " + p.readFrame().text()));
            }
            p.close();
        }); CurlMulti multi = CurlMulti.init(); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
            for (int round = 0; round < 2; round++) {
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(easy));
                assertNotNull(handle(easy).reuse, "a running transfer has its reusable parts");
                CurlMsg m = runToEnd(multi);
                assertEquals(CurlCode.CURLE_OK, m.result(), easy.errorBuffer());
                assertEquals(CurlMCode.CURLM_OK, multi.removeHandle(easy));
                assertNull(handle(easy).reuse, "the session holds nothing of the transfer that opened it");
                assertNull(handle(easy).transfer);
                assertEquals(101L, easy.getinfo(CURLINFO_RESPONSE_CODE), "the transfer's information stays");
                assertEquals(server.url("/"), easy.getinfo(CURLINFO_EFFECTIVE_URL));
                assertEquals("echo one " + round, echo(easy, "one " + round));
                assertEquals("echo two " + round, echo(easy, "two " + round));
            }
        }
    }

    @Test
    void sessionsToOneUrlShareItsParseAndTheLoopKeepsNothingForTheirSockets() throws Exception {
        try (WsScriptedServer server = new WsScriptedServer(p -> {
            p.accept();
            p.send(frame(0x81, "echo " + p.readFrame().text()));
            p.close();
        }); CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi);
                CurlEasy a = CurlEasy.init(); CurlEasy b = CurlEasy.init()) {
            List<CurlMsg> done = new ArrayList<>();
            loop.onDone(done::add);
            for (CurlEasy e : List.of(a, b)) {
                e.setopt(CURLOPT_URL, server.url("/"));
                e.setopt(CURLOPT_CONNECT_ONLY, 2L);
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(e));
            }
            long end = System.nanoTime() + 10_000_000_000L;
            while (done.size() < 2 && System.nanoTime() < end) {
                loop.runOnce(50);
            }
            assertEquals(2, done.size(), "both upgrades ended");
            for (CurlMsg m : done) {
                assertEquals(CurlCode.CURLE_OK, m.result(), m.easy().errorBuffer());
                assertEquals(CurlMCode.CURLM_OK, multi.removeHandle(m.easy()));
            }
            loop.runOnce(1); // a select lets go of the keys cancelled at the REMOVE
            for (CurlEasy e : List.of(a, b)) {
                assertFalse(e.getinfo(CURLINFO_ACTIVESOCKET).channel().isRegistered(),
                        "the loop keeps no registration for a socket the application runs");
                assertEquals("echo x", echo(e, "x"));
            }
            Connection ca = handle(a).ws.connection;
            Connection cb = handle(b).ws.connection;
            assertNotSame(ca, cb);
            assertSame(ca.key, cb.key, "one key string for the connections to one URL");
            assertSame(ca.host, cb.host);
        }
    }

    @Test
    void handlesShareTheDefaultsUntilTheySetAnOption() throws Exception {
        try (CurlEasy a = CurlEasy.init(); CurlEasy b = CurlEasy.init()) {
            EasyHandle ha = handle(a);
            EasyHandle hb = handle(b);
            assertSame(TlsOptions.DEFAULTS, ha.tls);
            assertSame(TlsOptions.DEFAULTS, ha.proxy.tls);
            assertSame(SpeedControl.Limits.NONE, ha.speed);
            assertSame(ProxyOptions.DEFAULTS, ha.proxy);

            assertEquals(CurlCode.CURLE_OK, a.setopt(CURLOPT_CAINFO, "/a.pem"));
            assertEquals(CurlCode.CURLE_OK, a.setopt(CURLOPT_PROXY_CAINFO, "/proxy.pem"));
            assertEquals(CurlCode.CURLE_OK, a.setopt(CURLOPT_MAX_RECV_SPEED_LARGE, 1000L));
            assertSame(SeldomOptions.DEFAULTS, ha.seldom);
            assertEquals(CurlCode.CURLE_OK, a.setopt(CURLOPT_RANGE, "0-99"));
            assertEquals(CurlCode.CURLE_OK, a.setopt(CURLOPT_PROXY, "http://127.0.0.1:1"));
            assertEquals("0-99", ha.seldom.range);
            assertEquals("http://127.0.0.1:1", ha.proxy.proxy);
            assertNull(SeldomOptions.DEFAULTS.range);
            assertNull(ProxyOptions.DEFAULTS.proxy);
            assertSame(SeldomOptions.DEFAULTS, hb.seldom);
            assertSame(ProxyOptions.DEFAULTS, hb.proxy);
            assertEquals("/a.pem", ha.tls.caInfo);
            assertEquals("/proxy.pem", ha.proxy.tls.caInfo);
            assertEquals(1000L, ha.speed.maxRecv);
            assertNull(TlsOptions.DEFAULTS.caInfo, "the shared defaults are never changed");
            assertEquals(0L, SpeedControl.Limits.NONE.maxRecv);
            assertSame(TlsOptions.DEFAULTS, hb.tls, "another handle keeps the defaults");
            assertSame(TlsOptions.DEFAULTS, hb.proxy.tls);
            assertSame(SpeedControl.Limits.NONE, hb.speed);

            try (CurlEasy dupA = a.duphandle(); CurlEasy dupB = b.duphandle()) {
                assertNotSame(ha.tls, handle(dupA).tls, "a copy of options of its own");
                assertEquals("/a.pem", handle(dupA).tls.caInfo);
                assertEquals(1000L, handle(dupA).speed.maxRecv);
                assertNotSame(ha.seldom, handle(dupA).seldom);
                assertEquals("0-99", handle(dupA).seldom.range);
                assertEquals("http://127.0.0.1:1", handle(dupA).proxy.proxy);
                assertSame(SeldomOptions.DEFAULTS, handle(dupB).seldom);
                assertSame(TlsOptions.DEFAULTS, handle(dupB).tls);
                assertSame(SpeedControl.Limits.NONE, handle(dupB).speed);
            }
            a.reset();
            assertSame(TlsOptions.DEFAULTS, ha.tls, "a reset handle holds the defaults again");
            assertSame(SpeedControl.Limits.NONE, ha.speed);
            assertSame(SeldomOptions.DEFAULTS, ha.seldom);
            assertSame(ProxyOptions.DEFAULTS, ha.proxy);
        }
    }

    @Test
    void proxyTlsOptionsSetOneAfterAnotherAllReachItsFrozenCopy() throws Exception {
        try (CurlEasy a = CurlEasy.init()) {
            TlsOptions before = handle(a).proxy.tls.frozen(false); // the shared defaults' copy
            assertNull(before.caInfo);
            a.setopt(CURLOPT_PROXY_CAINFO, "/one.pem");
            assertEquals("/one.pem", handle(a).proxy.tls.frozen(false).caInfo);
            a.setopt(CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
            TlsOptions after = handle(a).proxy.tls.frozen(false);
            assertEquals("/one.pem", after.caInfo);
            assertEquals(false, after.verifyPeer, "a later option reaches the copy a transfer takes");
        }
    }

    @Test
    void oneAddressWrittenTwiceIsOneString() throws Exception {
        InetAddress x = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress y = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        String first = AddressText.ipString(x);
        assertEquals("127.0.0.1", first);
        assertSame(first, AddressText.ipString(y));
        assertEquals("::1", AddressText.ipString(InetAddress.getByName("::1")));
        assertEquals("127.0.0.2", AddressText.ipString(InetAddress.getByAddress(new byte[] {127, 0, 0, 2})));
    }
}
