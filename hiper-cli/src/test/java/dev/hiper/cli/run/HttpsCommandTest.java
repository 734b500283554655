package dev.hiper.cli.run;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.Hiper;
import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code https://} from the command line: -k, --cacert, the verification error, --proto. */
@Timeout(60)
class HttpsCommandTest {
    @TempDir
    static Path dir;
    private static SSLServerSocket server;
    private static Thread acceptor;

    private record Result(int code, String out, String err) {
    }

    /** A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool. */
    @BeforeAll
    static void start() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path ks = dir.resolve("server.p12");
        run(keytool.toString(), "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "secret");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "s", "-keystore", ks.toString(), "-storepass",
                "secret", "-file", dir.resolve("ca.pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        acceptor = new Thread(HttpsCommandTest::serve, "https-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool ran");
        assertEquals(0, p.exitValue(), out);
    }

    private static void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1 : 0;
                }
                if (matched == 4) {
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nsecret\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (Exception e) {
                // a refused handshake, or closing: next
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        acceptor.join(5000);
    }

    private Result hiper(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ToolEnv env = new ToolEnv(new ByteArrayInputStream(new byte[0]), out, err, dir, Map.of(), () -> false, false);
        String[] all = new String[args.length + 1];
        all[0] = "-q";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Hiper.run(all, env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String url(String host) {
        return "https://" + host + ":" + server.getLocalPort() + "/s";
    }

    @Test
    void anUnknownIssuerIsRefusedAsCurlRefusesIt() {
        Result r = hiper("-sS", url("localhost"));
        assertEquals(60, r.code(), r.err());
        assertTrue(r.err().startsWith("hiper: (60) SSL certificate problem: "), r.err());
        assertTrue(r.err().contains("More details here: https://curl.se/docs/sslcerts.html\n\nhiper failed to verify"),
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void theCaFileMakesItTrusted() {
        Result r = hiper("-sS", "--cacert", "ca.pem", "-w", "%{ssl_verify_result} %{scheme}\n", url("localhost"));
        assertEquals(0, r.code(), r.err());
        assertEquals("secret\n0 https\n", r.out());
    }

    @Test
    void insecureSkipsVerification() {
        Result r = hiper("-sSk", url("127.0.0.1"));
        assertEquals(0, r.code(), r.err());
        assertEquals("secret\n", r.out());
    }

    @Test
    void anHttpsProxyIsVerifiedToo() {
        String proxy = "https://localhost:" + server.getLocalPort();
        Result refused = hiper("-sS", "-x", proxy, "http://origin.example/");
        assertEquals(60, refused.code(), refused.err());
        Result trusted = hiper("-sS", "-x", proxy, "--proxy-cacert", "ca.pem", "http://origin.example/");
        assertEquals(0, trusted.code(), trusted.err());
        assertEquals("secret\n", trusted.out());
        Result insecure = hiper("-sS", "-x", proxy, "--proxy-insecure", "http://origin.example/");
        assertEquals(0, insecure.code(), insecure.err());
    }

    @Test
    void protoCanForbidHttps() {
        Result r = hiper("-sS", "--proto", "-https", "-k", url("127.0.0.1"));
        assertEquals(1, r.code());
        assertEquals("hiper: (1) Protocol \"https\" disabled\n", r.err());
    }

    @Test
    void tlsOptionsParse() {
        assertEquals(2, hiper("--tls-max", "9.9", url("localhost")).code());
        Result r = hiper("-sS", "-k", "--tlsv1.2", "--tls-max", "1.3", "--no-alpn", url("127.0.0.1"));
        assertEquals(0, r.code(), r.err());
    }
}
