package dev.hiper.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.bench.drivers.WsClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ws-idleN-h2} row at a small size on loopback: {@link WsServer}'s HTTP/2 port (TLS,
 * ALPN h2, RFC 8441, 100 streams a connection) in this JVM, with a certificate for 127.0.0.1 that
 * the JDK's keytool makes, and a driver holding 300 idle sessions over at most 3 connections,
 * measured as the row measures them. Every session must open over HTTP/2, as the server counts
 * them, on exactly 3 connections, and answer a PING.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WsHttp2LoopbackTest {
    static final int SESSIONS = 300;
    static final int CONNECTIONS = 3;
    @TempDir
    static Path dir;
    private static WsServer server;
    private static Path cert;

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("bench.p12");
        cert = dir.resolve("cert.pem");
        keytool("-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(), "-storetype",
                "PKCS12", "-storepass", "bench-pw", "-keypass", "bench-pw");
        keytool("-exportcert", "-rfc", "-alias", "bench", "-keystore", store.toString(), "-storepass", "bench-pw", "-file",
                cert.toString());
        KeyStore made = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            made.load(in, "bench-pw".toCharArray());
        }
        // the server's store has the bench's password, which keytool finds too short
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("bench", made.getKey("bench", "bench-pw".toCharArray()), "bench".toCharArray(),
                made.getCertificateChain("bench"));
        server = new WsServer(0, 0, 0, ks, 8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool ends");
        assertEquals(0, p.exitValue(), out);
    }

    /** The driver's arguments as the matrix makes them for {@code ws-idle300-h2}. */
    private static Workload work(String tool) {
        Matrix m = new Matrix(new java.util.HashMap<>(Map.of("scenarios", WsRows.h2Name(SESSIONS), "wsh2idle",
                String.valueOf(SESSIONS), "wsh2", "wss://127.0.0.1:" + server.h2Port(), "ca", cert.toString(), "cp",
                "x.jar", "seconds", "0.3")));
        List<String> cmd = m.command(tool, m.scenarios().get(0));
        List<String> args = new java.util.ArrayList<>(cmd.subList(cmd.indexOf("dev.hiper.bench.Driver") + 1, cmd.size()));
        args.add("sample=0");
        args.add("warmup=0");
        return Workload.parse(args.toArray(String[]::new));
    }

    /** Holds the row's sessions with {@code tool}'s driver; returns its JSON line, after every session answered a PING. */
    private static Map<String, Object> idle(String tool) throws Exception {
        Workload w = work(tool);
        assertTrue(w.h2() && w.connections == CONNECTIONS && w.streams == 100 && w.concurrency == SESSIONS, w.url);
        long sessions0 = server.h2Sessions();
        long connections0 = server.h2Connections();
        Run run = new Run(w);
        String line;
        try (Driver.Client c = Driver.client(run.work)) {
            WsClient ws = (WsClient) c;
            line = WsMeasure.measure(run, ws);
            // a whole ping period at once: every session pinged, on every connection; then each pong awaited
            for (int tick = 0; tick < WsClient.PING_TICKS; tick++) {
                ws.pingTick(tick);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ws.pongs() < ws.pings() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertTrue(ws.pings() >= SESSIONS, "pings sent: " + ws.pings());
            assertEquals(ws.pings(), ws.pongs(), "every ping answered");
        }
        Map<String, Object> r = Json.parse(line);
        assertEquals((double) SESSIONS, Json.num(r, "sessions_open"), line);
        assertEquals(0.0, Json.num(r, "failures"), line);
        assertTrue(Json.num(r, "heap_mib") > 0 && !Double.isNaN(Json.num(r, "heap_kib_per_session")), line);
        assertEquals(SESSIONS, server.h2Sessions() - sessions0, "every session opened over HTTP/2");
        assertEquals(CONNECTIONS, server.h2Connections() - connections0, "100 sessions a connection");
        return r;
    }

    @Test
    void hipersSessionsAreStreamsOfThreeConnections() throws Exception {
        idle("hiper");
    }

    @Test
    void jettysClientSpeaksRfc8441Too() throws Exception {
        idle("jetty");
    }
}
