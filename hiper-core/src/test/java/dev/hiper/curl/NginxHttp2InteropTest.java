package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.loop.SelectorLoop;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 over TLS against nginx from Debian's packages (its own HTTP/2 and HPACK, OpenSSL's TLS),
 * started by the test on 127.0.0.1: GET, HEAD, POST (nginx proxying to Jetty's echo), PUT (nginx's
 * DAV module) and GET back, large bodies both ways, 10,000 transfers with 100 at once over one
 * connection, a server that ends each connection with GOAWAY after 50 streams
 * ({@code keepalive_requests 50}), and one paused stream beside 20 that finish.
 */
@Timeout(300)
class NginxHttp2InteropTest {
    /** Files served: sizes from 0 to about 64 KiB, each body known by its CRC. */
    static final int FILES = 100;
    static TlsFixture fx;
    static ServerProcess nginx;
    static JettyServer jetty;
    static int port;
    static int goAwayPort;
    static byte[] big;
    static final long[] crcs = new long[FILES];
    static final int[] sizes = new int[FILES];

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        fx = TlsFixture.get();
        jetty = JettyServer.start();
        Path bin = ServerProcess.executable("/usr/sbin/nginx", "nginx");
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(www.resolve("up"));
        Files.createDirectories(dir.resolve("tmp"));
        Random r = new Random(20);
        big = new byte[16 << 20];
        r.nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        for (int i = 0; i < FILES; i++) {
            sizes[i] = i == 0 ? 0 : r.nextInt(64 * 1024);
            byte[] b = new byte[sizes[i]];
            r.nextBytes(b);
            CRC32 c = new CRC32();
            c.update(b);
            crcs[i] = c.getValue();
            Files.write(www.resolve("f" + i), b);
        }
        port = ServerProcess.freePort();
        goAwayPort = ServerProcess.freePort();
        String p = dir.toString();
        String tls = "  ssl_certificate " + fx.pki.file("server-chain.pem") + ";\n"
                + "  ssl_certificate_key " + fx.pki.file("server.key") + ";\n"
                + "  ssl_protocols TLSv1.2 TLSv1.3;\n  root " + www + ";\n";
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + p + "/nginx.pid;\n"
                + "error_log " + p + "/error.log warn;\nevents { worker_connections 1024; }\n"
                + "http {\n access_log off;\n client_body_temp_path " + p + "/tmp;\n proxy_temp_path " + p + "/tmp;\n"
                + " fastcgi_temp_path " + p + "/tmp;\n uwsgi_temp_path " + p + "/tmp;\n scgi_temp_path " + p + "/tmp;\n"
                + " client_max_body_size 64m;\n default_type application/octet-stream;\n"
                + " server {\n  listen 127.0.0.1:" + port + " ssl http2;\n  server_name server.hiper.test;\n" + tls
                + "  keepalive_requests 100000;\n  http2_max_concurrent_streams 128;\n"
                + "  location /up/ { dav_methods PUT; create_full_put_path on; }\n"
                + "  location = /echo { proxy_pass http://127.0.0.1:" + jetty.port() + "/echo;"
                + " proxy_http_version 1.1; }\n"
                + " }\n"
                + " server {\n  listen 127.0.0.1:" + goAwayPort + " ssl http2;\n  server_name server.hiper.test;\n"
                + tls + "  keepalive_requests 50;\n }\n}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        nginx = ServerProcess.start(dir, "nginx", List.of(bin.toString(), "-p", p, "-c", confFile.toString(), "-e",
                p + "/error.log"), port, goAwayPort);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    static CurlEasy easy(int toPort, String path, ByteArrayOutputStream body) {
        CurlEasy e = ContractKit.easy("https://server.hiper.test:" + toPort + path, body);
        e.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + toPort + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
        e.setopt(CURLOPT_PIPEWAIT, 1L);
        return e;
    }

    /** A GET of file {@code i}, its body summed as it arrives and compared when it ends. */
    static final class SummedFile extends H2Load.Summed {
        final int file;

        SummedFile(int toPort, int file) {
            super(NginxHttp2InteropTest.easy(toPort, "/f" + file, null), sizes[file], crcs[file]);
            this.file = file;
        }
    }

    @Test
    void getAndHeadSpeakHttp2() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy(port, "/big.bin", body)) {
            List<String> trace = TlsFixture.traceText(e);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertArrayEquals(big, body.toByteArray(), "16 MiB down, past every window more than once");
            assertTrue(trace.contains("ALPN: server accepted h2"), String.join("\n", trace));
            assertTrue(trace.contains("using HTTP/2"), String.join("\n", trace));
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
        }
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        try (CurlEasy e = easy(port, "/f5", none)) {
            List<String> heads = new ArrayList<>();
            e.setopt(CURLOPT_NOBODY, 1L);
            e.setopt(CURLOPT_HEADERFUNCTION, (line, u) -> {
                int n = line.remaining();
                heads.add(StandardCharsets.ISO_8859_1.decode(line).toString());
                return n;
            });
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(0, none.size());
            assertEquals("HTTP/2 200 \r\n", heads.get(0));
            assertTrue(heads.contains("content-length: " + sizes[5] + "\r\n"), heads.toString());
            assertEquals((double) sizes[5], e.getinfo(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T) * 1.0);
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
        }
    }

    @Test
    void postThroughNginxToJettysEcho() {
        byte[] payload = new byte[3 << 20];
        new Random(3).nextBytes(payload);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (CurlEasy e = easy(port, "/echo", body)) {
            e.setopt(CURLOPT_POSTFIELDS, payload);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(200L, e.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
            assertArrayEquals(payload, body.toByteArray(), "3 MiB up and back");
        }
    }

    @Test
    void putLargeBodiesThenGetThemBack() {
        for (boolean knownSize : new boolean[] {true, false}) {
            byte[] payload = new byte[(8 << 20) + 13];
            new Random(knownSize ? 8 : 9).nextBytes(payload);
            String path = "/up/" + (knownSize ? "sized" : "unsized") + ".bin";
            ByteBuffer src = ByteBuffer.wrap(payload);
            try (CurlEasy e = easy(port, path, null)) {
                e.setopt(CURLOPT_UPLOAD, 1L);
                if (knownSize) {
                    e.setopt(CURLOPT_INFILESIZE_LARGE, (long) payload.length);
                }
                e.setopt(CURLOPT_READFUNCTION, (buf, u) -> {
                    int n = Math.min(buf.remaining(), src.remaining());
                    buf.put(src.slice(src.position(), n));
                    src.position(src.position() + n);
                    return n;
                });
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                long code = e.getinfo(CURLINFO_RESPONSE_CODE);
                assertTrue(code == 201 || code == 204, "PUT answered " + code);
                assertEquals(CURL_HTTP_VERSION_2_0, e.getinfo(CURLINFO_HTTP_VERSION));
                assertEquals((double) payload.length, e.getinfo(CURLINFO_SIZE_UPLOAD_T) * 1.0);
            }
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            try (CurlEasy e = easy(port, path, back)) {
                assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
                assertArrayEquals(payload, back.toByteArray(), path + " came back whole");
            }
        }
    }

    /** 10,000 transfers, 100 at once, over one connection; every body checked against its CRC. */
    @Test
    void tenThousandTransfersHundredAtOnceOverOneConnection() {
        H2Load.Result r = H2Load.run(10_000, 100, 150_000, i -> new SummedFile(port, i % FILES));
        assertEquals(10_000, r.ok(), r.toString());
        assertEquals(1, r.connects(), "one connection carried all: " + r);
    }

    /** keepalive_requests 50: nginx sends GOAWAY after every 50th stream; nothing is lost. */
    @Test
    void goAwayEveryFiftyStreamsLosesNothing() {
        H2Load.Result r = H2Load.run(2_000, 100, 100_000, i -> new SummedFile(goAwayPort, (i * 7) % FILES));
        assertEquals(2_000, r.ok(), r.toString());
        assertTrue(r.connects() >= 2_000 / 50, "a connection per 50 streams at least: " + r);
    }

    /** The same through SelectorLoop: 500 transfers at once through the loop's own socket callback. */
    @Test
    void selectorLoopRunsManyStreamsOverOneConnection() throws Exception {
        List<SummedFile> gets = new ArrayList<>();
        try (CurlMulti multi = CurlMulti.init(); SelectorLoop loop = new SelectorLoop(multi)) {
            int[] done = {0};
            List<CurlMsg> failed = new ArrayList<>();
            loop.onDone(m -> {
                done[0]++;
                if (m.result() != CurlCode.CURLE_OK) {
                    failed.add(m);
                }
            });
            for (int i = 0; i < 500; i++) {
                SummedFile g = new SummedFile(port, (i * 13) % FILES);
                gets.add(g);
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(g.easy()));
            }
            long end = System.nanoTime() + 120_000_000_000L;
            while (done[0] < 500) {
                assertTrue(System.nanoTime() < end, "timed out with " + done[0] + " done");
                assertEquals(CurlMCode.CURLM_OK, loop.runOnce(100));
            }
            assertTrue(failed.isEmpty(), failed.toString());
            long connects = 0;
            for (SummedFile g : gets) {
                assertTrue(g.bodyOk(), "file " + g.file);
                assertEquals(CURL_HTTP_VERSION_2_0, g.easy().getinfo(CURLINFO_HTTP_VERSION));
                connects += g.easy().getinfo(CURLINFO_NUM_CONNECTS);
            }
            // PIPEWAIT as libcurl: the burst waits for the first connection, 100 streams take it,
            // the next transfer finds it full and opens another, which the rest wait for, and so on
            assertTrue(connects >= 1 && connects <= 5, connects + " connections for 500 transfers");
        } finally {
            gets.forEach(g -> g.easy().close());
        }
    }

    /** One stream paused (its window stops being credited) while 20 others on the connection finish. */
    @Test
    void pausedStreamBesideTwentyThatFinish() {
        List<SummedFile> others = new ArrayList<>();
        AtomicBoolean pausedOnce = new AtomicBoolean();
        ByteArrayOutputStream slowBody = new ByteArrayOutputStream();
        try (ContractKit kit = ContractKit.real(); CurlEasy slow = easy(port, "/big.bin", null)) {
            slow.setopt(CURLOPT_WRITEFUNCTION, (data, u) -> {
                if (slowBody.size() >= 200_000 && pausedOnce.compareAndSet(false, true)) {
                    return CURL_WRITEFUNC_PAUSE;
                }
                int n = data.remaining();
                byte[] b = new byte[n];
                data.get(b);
                slowBody.write(b, 0, n);
                return n;
            });
            assertEquals(CurlMCode.CURLM_OK, kit.add(slow));
            kit.runUntil(pausedOnce::get, 30_000, "the slow transfer to pause");
            for (int i = 0; i < 20; i++) {
                SummedFile g = new SummedFile(port, 40 + i);
                others.add(g);
                assertEquals(CurlMCode.CURLM_OK, kit.add(g.easy()));
            }
            kit.runUntil(() -> kit.done.size() == 20, 60_000, "the 20 others");
            for (SummedFile g : others) {
                assertEquals(CurlCode.CURLE_OK, kit.resultOf(g.easy()), g.easy().errorBuffer());
                assertEquals(0L, g.easy().getinfo(CURLINFO_NUM_CONNECTS), "shared the paused stream's connection");
                assertTrue(g.bodyOk(), "file " + g.file);
            }
            assertNull(kit.doneOf(slow), "the paused transfer is still running");
            assertTrue(slowBody.size() < big.length);
            assertEquals(CurlCode.CURLE_OK, slow.pause(CURLPAUSE_CONT));
            kit.kick();
            kit.runUntil(() -> kit.doneOf(slow) != null, 60_000, "the slow transfer");
            assertEquals(CurlCode.CURLE_OK, kit.resultOf(slow), slow.errorBuffer());
            assertArrayEquals(big, slowBody.toByteArray());
            kit.assertNoViolations();
        } finally {
            others.forEach(g -> g.easy().close());
        }
    }
}
