package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.ArgParser;
import dev.hiper.cli.args.Operation;
import dev.hiper.cli.args.ProxyConfig;
import dev.hiper.cli.args.ToolConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy options of the command line, parsed (nothing runs) and then run against a loopback
 * proxy that records each request head and answers 200, as a forwarding HTTP proxy would; the
 * environment the command is given is where its proxy variables come from.
 */
@Timeout(60)
class ProxyCommandTest {
    @TempDir
    static Path dir;
    private static ServerSocket proxy;
    private static final LinkedBlockingQueue<String> heads = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(ProxyCommandTest::serve, "proxy-command-test");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
    }

    private static void serve() {
        while (!proxy.isClosed()) {
            try (Socket s = proxy.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                    matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
                }
                heads.add(head.toString(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nproxy\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the next connection
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static ToolEnv env(Map<String, String> vars, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new ToolEnv(new ByteArrayInputStream(new byte[0]), out, err, dir, vars, () -> false, false);
    }

    private static Result hiper(Map<String, String> vars, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "-q";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Hiper.run(all, env(vars, out, err));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static ProxyConfig parsed(String... args) {
        ToolConfig c = ArgParser.parse(args, env(Map.of(), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertEquals(ToolConfig.Action.TRANSFER, c.action(), c.messages().toString());
        Operation op = c.operations().get(0);
        return op.proxy;
    }

    @Test
    void optionsParse() {
        ProxyConfig p = parsed("-x", "http://p:1", "-U", "u:pw", "-p", "--noproxy", "a,b", "--proxy-header", "X: 1",
                "--proxy-basic", "--suppress-connect-headers", "--preproxy", "socks5://s", "http://h/");
        assertEquals("http://p:1", p.proxy);
        assertEquals("u:pw", p.user);
        assertTrue(p.tunnel);
        assertEquals("a,b", p.noProxy);
        assertEquals(List.of("X: 1"), p.headers);
        assertEquals(CURLAUTH_BASIC, p.auth);
        assertTrue(p.suppressConnectHeaders);
        assertEquals("socks5://s", p.preProxy);
        assertEquals(CURLAUTH_ANY, parsed("--proxy-anyauth", "http://h/").auth);
        ProxyConfig s = parsed("-x", "p", "--socks5-hostname", "s:9", "http://h/");
        assertEquals("s:9", s.socks);
        assertEquals(CURLPROXY_SOCKS5_HOSTNAME, s.socksType);
        assertEquals(CURLPROXY_SOCKS4A, parsed("--socks4a", "s", "http://h/").socksType);
        assertEquals(CURLPROXY_HTTP_1_0, parsed("--proxy1.0", "p", "http://h/").proxyType);
    }

    @Test
    void dashXForwardsThroughTheProxy() throws Exception {
        heads.clear();
        Result r = hiper(Map.of(), "-x", "127.0.0.1:" + proxy.getLocalPort(), "-U", "me:pw", "--proxy-header",
                "X-Proxy: yes", "http://origin.example/path");
        assertEquals(0, r.code, r.err);
        assertEquals("proxy\n", r.out);
        String head = heads.poll(5, TimeUnit.SECONDS);
        assertNotNull(head);
        assertTrue(head.startsWith("GET http://origin.example/path HTTP/1.1\r\nHost: origin.example\r\n"
                + "Proxy-Authorization: Basic bWU6cHc=\r\n"), head);
        assertTrue(head.contains("\r\nProxy-Connection: Keep-Alive\r\nX-Proxy: yes\r\n"), head);
    }

    @Test
    void theEnvironmentItIsGivenNamesTheProxy() throws Exception {
        heads.clear();
        String p = "http://127.0.0.1:" + proxy.getLocalPort();
        Result r = hiper(Map.of("http_proxy", p), "http://env.example/");
        assertEquals(0, r.code, r.err);
        assertTrue(heads.poll(5, TimeUnit.SECONDS).startsWith("GET http://env.example/ HTTP/1.1\r\n"));
        // HTTP_PROXY in capitals is not read (libcurl's rule); nothing listens on the origin's name
        Result upper = hiper(Map.of("HTTP_PROXY", p), "--connect-timeout", "5", "http://127.0.0.1:1/");
        assertEquals(7, upper.code, upper.err);
        // no_proxy keeps the host off the proxy
        Result skipped = hiper(Map.of("http_proxy", p, "no_proxy", "127.0.0.1"), "http://127.0.0.1:1/");
        assertEquals(7, skipped.code, skipped.err);
        assertNull(heads.poll());
    }

    @Test
    void aProxyThatRefusesIs7() throws Exception {
        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        Result r = hiper(Map.of(), "-sS", "--socks5-hostname", "127.0.0.1:" + closed, "http://origin.example/");
        assertEquals(7, r.code);
        assertTrue(r.err.contains("port " + closed), r.err);
    }
}
