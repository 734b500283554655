package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import dev.hiper.testkit.JettyH2Server;
import dev.hiper.testkit.JettyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 from the command line against Jetty's HTTP/2 server: h2 by ALPN as curl's default,
 * {@code --http1.1}, {@code --http2-prior-knowledge}, {@code %{http_version}}, the verbose lines
 * curl prints for HTTP/2, and {@code -Z} multiplexing its transfers over one connection.
 */
@Timeout(120)
class Http2CommandTest {
    @TempDir
    static Path dir;
    private static JettyH2Server server;

    private record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "s", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "secret")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool ran");
        assertEquals(0, p.exitValue(), out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = JettyH2Server.start(ctx, 100);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Result hiper(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ToolEnv env = new ToolEnv(new ByteArrayInputStream(new byte[0]), out, err, dir, Map.of(), () -> false, false);
        String[] all = new String[args.length + 1];
        all[0] = "-q";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Hiper.run(all, env);
        return new Result(code, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    private static String https(String path) {
        return "https://127.0.0.1:" + server.tlsPort() + path;
    }

    private static String http(String path) {
        return "http://127.0.0.1:" + server.plainPort() + path;
    }

    @Test
    void httpsSpeaksHttp2ByDefaultAndVerboseShowsItAsCurl() {
        Result r = hiper("-sSkv", "-w", "\n%{http_version} %{response_code}", https("/bytes?n=300&seed=4"));
        assertEquals(0, r.code(), r.err());
        byte[] body = JettyServer.expectedBytes(300, 4);
        assertEquals(new String(body, StandardCharsets.ISO_8859_1) + "\n2 200", r.out());
        for (String line : new String[] {"* ALPN: hiper offers h2,http/1.1\n", "* ALPN: server accepted h2\n",
                "* using HTTP/2\n", "* [HTTP/2] [1] OPENED stream for " + https("/bytes?n=300&seed=4") + "\n",
                "* [HTTP/2] [1] [:method: GET]\n", "* [HTTP/2] [1] [:scheme: https]\n",
                "* [HTTP/2] [1] [:path: /bytes?n=300&seed=4]\n", "> GET /bytes?n=300&seed=4 HTTP/2\r\n",
                "< HTTP/2 200 \r\n"}) {
            assertTrue(r.err().contains(line), line + " in\n" + r.err());
        }
    }

    @Test
    void includeShowsTheHttp2StatusLine() {
        Result r = hiper("-sSki", https("/bytes?n=5&seed=1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("HTTP/2 200 \r\n"), r.out());
        assertTrue(r.out().contains("\r\ncontent-length: 5\r\n"), r.out());
    }

    @Test
    void http11AndHttp10StayOnHttp1() {
        Result r = hiper("-sSk", "--http1.1", "-o", "/dev/null", "-w", "%{http_version}", https("/bytes?n=10"));
        assertEquals(0, r.code(), r.err());
        assertEquals("1.1", r.out());
        Result r10 = hiper("-sSkv", "--http1.0", "-o", "/dev/null", "-w", "%{http_version}", https("/bytes?n=10"));
        assertEquals(0, r10.code(), r10.err());
        assertTrue(r10.err().contains("* ALPN: hiper offers http/1.1\n"), r10.err());
        assertTrue(r10.err().contains("> GET /bytes?n=10 HTTP/1.0\r\n"), r10.err());
        assertEquals("1.1", r10.out(), "the version of the answer: Jetty answers HTTP/1.1");
    }

    @Test
    void priorKnowledgeSpeaksH2cAndPlainHttpStaysHttp11() {
        Result pk = hiper("-sS", "--http2-prior-knowledge", "-w", " %{http_version}", http("/bytes?n=20&seed=9"));
        assertEquals(0, pk.code(), pk.err());
        assertEquals(new String(JettyServer.expectedBytes(20, 9), StandardCharsets.ISO_8859_1) + " 2", pk.out());
        Result plain = hiper("-sS", "-o", "/dev/null", "-w", "%{http_version}", http("/bytes?n=20"));
        assertEquals(0, plain.code(), plain.err());
        assertEquals("1.1", plain.out());
    }

    @Test
    void http2OnPlainHttpUpgradesAfterA101() {
        Result r = hiper("-sSi", "--http2", "-w", " %{http_version}", http("/bytes?n=8&seed=2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("HTTP/1.1 101 Switching Protocols\r\n"), r.out());
        assertTrue(r.out().contains("\r\n\r\nHTTP/2 200 \r\n"), r.out());
        assertTrue(r.out().endsWith(new String(JettyServer.expectedBytes(8, 2), StandardCharsets.ISO_8859_1) + " 2"),
                r.out());
    }

    @Test
    void postGoesOverHttp2() {
        Result r = hiper("-sSk", "-d", "hello over h2", "-w", " %{http_version} %{method}", https("/echo"));
        assertEquals(0, r.code(), r.err());
        assertEquals("hello over h2 2 POST", r.out());
    }

    /** -Z: 40 transfers at once share one connection (PIPEWAIT), each body whole. */
    @Test
    void parallelTransfersMultiplexOverOneConnection() throws Exception {
        long before = server.tlsConnections();
        Result r = hiper("-sSk", "-Z", "--parallel-max", "40", "--create-dirs", "-o", "z/#1", "-w",
                "%{http_version}\n", https("/bytes?n=70000&seed=[1-40]"));
        assertEquals(0, r.code(), r.err());
        assertEquals("2\n".repeat(40), r.out());
        assertEquals(1, server.tlsConnections() - before, "one connection carried them all");
        for (int i = 1; i <= 40; i++) {
            assertTrue(Arrays.equals(JettyServer.expectedBytes(70_000, i), Files.readAllBytes(dir.resolve("z/" + i))),
                    "body " + i);
        }
    }

    /** --parallel-immediate does not wait for multiplexing; --parallel-max-host 1 still keeps it to one. */
    @Test
    void parallelImmediateOpensConnectionsUnlessTheHostIsLimited() {
        long before = server.tlsConnections();
        Result r = hiper("-sSk", "-Z", "--parallel-immediate", "--out-null", "-w", "%{http_version}\n",
                https("/bytes?n=100&seed=[1-10]"));
        assertEquals(0, r.code(), r.err());
        assertEquals("2\n".repeat(10), r.out());
        assertTrue(server.tlsConnections() - before > 1, "each transfer raced to open its own");
        long mid = server.tlsConnections();
        Result limited = hiper("-sSk", "-Z", "--parallel-immediate", "--parallel-max-host", "1", "--out-null",
                "-w", "%{http_version}\n", https("/bytes?n=100&seed=[1-10]"));
        assertEquals(0, limited.code(), limited.err());
        assertEquals("2\n".repeat(10), limited.out());
        assertEquals(1, server.tlsConnections() - mid, "one connection to the host, shared");
    }

    @Test
    void parallelPriorKnowledgeMultiplexesH2c() {
        long before = server.plainConnections();
        Result r = hiper("-sS", "-Z", "--http2-prior-knowledge", "--out-null", "-w", "%{http_version}\n",
                http("/bytes?n=1000&seed=[1-30]"));
        assertEquals(0, r.code(), r.err());
        assertEquals("2\n".repeat(30), r.out());
        assertEquals(1, server.plainConnections() - before);
    }
}
