package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.SummedGet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers through real proxies from Debian's packages, started here on loopback on free ports
 * with generated configurations: tinyproxy (an HTTP proxy that forwards and opens CONNECT
 * tunnels, Basic authentication required) and microsocks (SOCKS5, user and password required).
 * Origin: the test kit's Jetty. 1,000 transfers through each kind, 100 at once, every body
 * checksummed; tunnels are reused.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealProxyTest {
    private static final int TRANSFERS = 1000;
    private static final int AT_ONCE = 100;
    private static JettyServer jetty;
    private static Process tinyproxy;
    private static Process microsocks;
    private static int httpPort;
    private static int socksPort;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        jetty = JettyServer.start();
        Path tp = Path.of("/usr/bin/tinyproxy");
        Path ms = Path.of("/usr/bin/microsocks");
        assertTrue(Files.isExecutable(tp), "tinyproxy is missing: bin/setup installs it (Debian's tinyproxy package)");
        assertTrue(Files.isExecutable(ms), "microsocks is missing: bin/setup installs it (Debian's microsocks package)");
        httpPort = freePort();
        socksPort = freePort();
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, "Port " + httpPort + "\nListen 127.0.0.1\nTimeout 60\nMaxClients 400\n"
                + "Allow 127.0.0.1\nBasicAuth hu hp\nLogLevel Critical\nLogFile \"" + dir.resolve("tinyproxy.log")
                + "\"\nDisableViaHeader Yes\n");
        tinyproxy = new ProcessBuilder(tp.toString(), "-d", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tinyproxy.out").toFile()).start();
        microsocks = new ProcessBuilder(ms.toString(), "-i", "127.0.0.1", "-p", String.valueOf(socksPort), "-u", "su",
                "-P", "sp").redirectErrorStream(true).redirectOutput(dir.resolve("microsocks.out").toFile()).start();
        awaitListening(tinyproxy, httpPort, dir.resolve("tinyproxy.out"));
        awaitListening(microsocks, socksPort, dir.resolve("microsocks.out"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : new Process[] {tinyproxy, microsocks}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void awaitListening(Process p, int port, Path log) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        for (;;) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    fail("the proxy did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Runs {@link #TRANSFERS} summed GETs of various sizes, {@link #AT_ONCE} at a time (the
     * multi's connection limit), each set up by {@code how}; asserts every body and returns the
     * connections the transfers made in all.
     */
    private static long runMany(Consumer<CurlEasy> how) throws IOException {
        List<SummedGet> gets = new ArrayList<>();
        Map<CurlEasy, CurlCode> results = new IdentityHashMap<>();
        long connects = 0;
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, (long) AT_ONCE);
            loop.onDone(m -> results.put(m.easy(), m.result()));
            for (int i = 0; i < TRANSFERS; i++) {
                SummedGet g = new SummedGet(jetty, i, 1 + (i * 7919L) % 40_000);
                how.accept(g.easy);
                gets.add(g);
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(g.easy));
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (multi.runningHandles() > 0) {
                assertTrue(System.nanoTime() < deadline, "transfers still running after 120 s");
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(100));
            }
            for (SummedGet g : gets) {
                assertEquals(CurlCode.CURLE_OK, results.get(g.easy), g.easy.errorBuffer());
                assertTrue(g.bodyOk(), "body of seed " + g.seed);
                connects += g.easy.getinfo(CURLINFO_NUM_CONNECTS);
                multi.removeHandle(g.easy);
            }
        }
        for (SummedGet g : gets) {
            g.easy.close();
        }
        return connects;
    }

    @Test
    void thousandThroughTinyproxyForwarding() throws Exception {
        long connects = runMany(e -> e.setopt(CURLOPT_PROXY, "http://hu:hp@127.0.0.1:" + httpPort));
        assertTrue(connects >= 1 && connects <= TRANSFERS, "connects " + connects);
    }

    @Test
    void thousandThroughTinyproxyTunnelsReused() throws Exception {
        long connects = runMany(e -> {
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + httpPort);
            e.setopt(CURLOPT_PROXYUSERNAME, "hu");
            e.setopt(CURLOPT_PROXYPASSWORD, "hp");
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
        });
        assertTrue(connects <= TRANSFERS / 2, "tunnels are reused: " + connects + " connects for " + TRANSFERS);
    }

    @Test
    void thousandThroughMicrosocksReused() throws Exception {
        long connects = runMany(e -> e.setopt(CURLOPT_PROXY, "socks5h://su:sp@127.0.0.1:" + socksPort));
        assertTrue(connects <= TRANSFERS / 2, "SOCKS connections are reused: " + connects);
        long direct = runMany(e -> {
            e.setopt(CURLOPT_PROXY, "socks5://127.0.0.1:" + socksPort);
            e.setopt(CURLOPT_PROXYUSERPWD, "su:sp");
        });
        assertTrue(direct <= TRANSFERS / 2, "SOCKS connections are reused: " + direct);
    }

    @Test
    void anyAuthLearnsBasicFromTinyproxys407() throws Exception {
        // tinyproxy answers the request without credentials with 407 and closes: the tunnels'
        // second CONNECT goes on new connections, then the tunnels are reused
        long connects = runMany(e -> {
            e.setopt(CURLOPT_PROXY, "127.0.0.1:" + httpPort);
            e.setopt(CURLOPT_PROXYUSERPWD, "hu:hp");
            e.setopt(CURLOPT_PROXYAUTH, CURLAUTH_ANY);
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
        });
        assertTrue(connects <= TRANSFERS / 2, "tunnels are reused: " + connects + " connects for " + TRANSFERS);
        for (boolean tunnel : new boolean[] {false, true}) {
            SummedGet g = new SummedGet(jetty, 11, 20_000);
            g.easy.setopt(CURLOPT_PROXY, "127.0.0.1:" + httpPort);
            g.easy.setopt(CURLOPT_PROXYUSERPWD, "hu:hp");
            g.easy.setopt(CURLOPT_PROXYAUTH, CURLAUTH_ANY);
            g.easy.setopt(CURLOPT_HTTPPROXYTUNNEL, tunnel ? 1L : 0L);
            assertEquals(CurlCode.CURLE_OK, g.easy.perform(), g.easy.errorBuffer());
            assertTrue(g.bodyOk());
            assertEquals(CURLAUTH_BASIC, (long) g.easy.getinfo(CURLINFO_PROXYAUTH_AVAIL));
            assertEquals(CURLAUTH_BASIC, (long) g.easy.getinfo(CURLINFO_PROXYAUTH_USED));
            g.easy.close();
        }
    }

    @Test
    void wrongCredentialsAsLibcurlReportsThem() throws Exception {
        try (CurlEasy e = CurlEasy.init()) {
            e.setopt(CURLOPT_URL, jetty.url("/bytes?n=10"));
            e.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            e.setopt(CURLOPT_PROXY, "http://hu:wrong@127.0.0.1:" + httpPort);
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 1L);
            assertEquals(CurlCode.CURLE_COULDNT_CONNECT, e.perform());
            // tinyproxy 1.11 refuses with 401 (a proxy should say 407): the code is the proxy's, whatever it is
            long refused = e.getinfo(CURLINFO_HTTP_CONNECTCODE);
            assertTrue(refused == 401 || refused == 407, "CONNECT code " + refused);
            assertEquals("CONNECT tunnel failed, response " + refused, e.errorBuffer());
            // forwarding: the refusal is the response
            e.setopt(CURLOPT_HTTPPROXYTUNNEL, 0L);
            assertEquals(CurlCode.CURLE_OK, e.perform());
            assertEquals(refused, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0L, e.getinfo(CURLINFO_HTTP_CONNECTCODE));
            e.setopt(CURLOPT_PROXY, "socks5h://su:wrong@127.0.0.1:" + socksPort);
            assertEquals(CurlCode.CURLE_PROXY, e.perform());
            assertEquals(CURLPX_USER_REJECTED, e.getinfo(CURLINFO_PROXY_ERROR));
        }
    }

    @Test
    void preProxySocksBeforeTheHttpProxy() throws Exception {
        for (boolean tunnel : new boolean[] {false, true}) {
            SummedGet g = new SummedGet(jetty, 9, 30_000);
            g.easy.setopt(CURLOPT_PRE_PROXY, "socks5://su:sp@127.0.0.1:" + socksPort);
            g.easy.setopt(CURLOPT_PROXY, "http://hu:hp@127.0.0.1:" + httpPort);
            g.easy.setopt(CURLOPT_HTTPPROXYTUNNEL, tunnel ? 1L : 0L);
            assertEquals(CurlCode.CURLE_OK, g.easy.perform(), g.easy.errorBuffer());
            assertTrue(g.bodyOk());
            g.easy.close();
        }
    }
}
