package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ScriptedServer;
import dev.hiper.testkit.TunnelProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proxy faults on a multi beside {@link FaultHarness#BYSTANDERS} well-behaved transfers: the
 * faulty transfer ends with libcurl's code within its bound, every socket it was announced on is
 * told REMOVE and closed, the others complete with their bodies checked, and nothing is left
 * open after cleanup. Each prints its {@code FAULT name code ms} line for docs/RELIABILITY.md.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyFaultTest {
    private static final long QUICK_MS = 10_000;
    private static JettyServer jetty;

    @BeforeAll
    static void startJetty() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stopJetty() {
        jetty.close();
    }

    /** A proxy that answers each connection's first bytes with {@code reply} (null: never answers). */
    private static final class RawProxy implements AutoCloseable {
        final ServerSocket listener;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        RawProxy(byte[] reply) throws IOException {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = listener.accept();
                        accepted.add(s);
                        if (reply != null) {
                            InputStream in = s.getInputStream();
                            in.read(new byte[512]);
                            s.getOutputStream().write(reply);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "raw-proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static CurlEasy through(String proxy, String url) {
        CurlEasy e = easy(url, new Sink());
        e.setopt(CURLOPT_PROXY, proxy);
        return e;
    }

    @Test
    void connectRefusedWith403() throws Exception {
        try (ScriptedServer proxy = ScriptedServer.start()) {
            proxy.setDefault(Action.respond("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
            try (CurlEasy bad = through("127.0.0.1:" + proxy.port(), "https://x.hiper.test/")) {
                FaultHarness.Outcome o = FaultHarness.run(jetty, "proxy-connect-403", bad,
                        CurlCode.CURLE_COULDNT_CONNECT, QUICK_MS);
                assertEquals("CONNECT tunnel failed, response 403", o.error);
                assertEquals(403L, bad.getinfo(CURLINFO_HTTP_CONNECTCODE));
            }
        }
    }

    @Test
    void garbageInASocksReply() throws Exception {
        try (RawProxy proxy = new RawProxy("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                CurlEasy bad = through("socks5h://127.0.0.1:" + proxy.port(), jetty.url("/bytes?n=10"))) {
            FaultHarness.run(jetty, "proxy-socks-garbage", bad, CurlCode.CURLE_PROXY, QUICK_MS);
            assertEquals(CURLPX_BAD_VERSION, bad.getinfo(CURLINFO_PROXY_ERROR));
        }
    }

    @Test
    void aSilentProxyAndTheConnectTimeout() throws Exception {
        try (RawProxy proxy = new RawProxy(null);
                CurlEasy bad = through("127.0.0.1:" + proxy.port(), "https://x.hiper.test/")) {
            bad.setopt(CURLOPT_CONNECTTIMEOUT_MS, 500L);
            FaultHarness.run(jetty, "proxy-silent-connect-timeout-500", bad, CurlCode.CURLE_OPERATION_TIMEDOUT, QUICK_MS);
        }
    }

    @Test
    void aProxyClosingMidTunnel() throws Exception {
        try (TunnelProxy proxy = TunnelProxy.start(TunnelProxy.Kind.CONNECT);
                CurlEasy bad = through("127.0.0.1:" + proxy.port(), jetty.url("/bytes?n=2000000&seed=1"))) {
            proxy.closeTunnelAfter(50_000);
            bad.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            FaultHarness.run(jetty, "proxy-closes-mid-tunnel", bad, CurlCode.CURLE_PARTIAL_FILE, QUICK_MS);
        }
    }

    /**
     * A proxy that refuses the connection. (An unresolvable proxy name, 5, is in
     * ProxyTransferTest: this harness counts the resolver's shared wake socket as the failed
     * transfer's, as it is the first to be announced for it.)
     */
    @Test
    void aRefusingProxy() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (CurlEasy bad = through("socks5h://127.0.0.1:" + port, jetty.url("/bytes?n=10"))) {
            FaultHarness.run(jetty, "proxy-refused", bad, CurlCode.CURLE_COULDNT_CONNECT, QUICK_MS);
        }
    }
}
