package dev.hiper.testkit;

import static dev.hiper.testkit.RawIo.ascii;
import static dev.hiper.testkit.RawIo.connect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class JettyServerTest {

    private static JettyServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = JettyServer.start();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60));
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** The deterministic content as a stream, for uploads that never sit in memory. */
    private static InputStream contentStream(long n, long seed) {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= n) return -1;
                int k = (int) Math.min(len, n - pos);
                JettyServer.fill(seed, pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }

    @Test
    void urlAndPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/x", server.url("/x"));
    }

    @Test
    void expectedContentIsDeterministic() {
        byte[] a = JettyServer.expectedBytes(1000, 5);
        assertArrayEquals(a, JettyServer.expectedBytes(1000, 5));
        assertArrayEquals(Arrays.copyOf(a, 100), JettyServer.expectedBytes(100, 5), "prefix stable");
        byte[] mid = new byte[37];
        JettyServer.fill(5, 501, mid, 0, mid.length);
        assertArrayEquals(Arrays.copyOfRange(a, 501, 538), mid, "fill at an offset");
        assertFalse(Arrays.equals(a, JettyServer.expectedBytes(1000, 6)), "seed matters");
        assertEquals(crc(a), JettyServer.crc32(1000, 5));
        assertEquals(crc(JettyServer.expectedBytes(200_000, 9)), JettyServer.crc32(200_000, 9));
        assertNotEquals(JettyServer.crc32(1000, 5), JettyServer.crc32(1000, 6));
        assertEquals(0, JettyServer.expectedBytes(0, 1).length);
        int zeros = 0;
        for (byte x : a) if (x == 0) zeros++;
        assertTrue(zeros < 20, "content looks random, zeros=" + zeros);
    }

    @Test
    void bytesWithContentLength() throws Exception {
        long n = 1_000_003;
        HttpResponse<byte[]> r = get("/bytes?n=" + n + "&seed=7");
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(n), r.headers().firstValue("content-length").orElse(null));
        assertEquals(n, r.body().length);
        assertEquals(JettyServer.crc32(n, 7), crc(r.body()));
        assertArrayEquals(JettyServer.expectedBytes(n, 7), r.body());
    }

    @Test
    void bytesEmpty() throws Exception {
        HttpResponse<byte[]> r = get("/bytes?n=0&seed=1");
        assertEquals(200, r.statusCode());
        assertEquals("0", r.headers().firstValue("content-length").orElse(null));
        assertEquals(0, r.body().length);
    }

    @Test
    void bytesChunkedOnTheWire() throws Exception {
        int n = 300_001;
        try (Socket s = connect(server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("GET /bytes?n=" + n + "&seed=3&chunked=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
            out.flush();
            RawIo.Resp r = RawIo.readResponse(s.getInputStream());
            assertEquals(200, r.status());
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertArrayEquals(JettyServer.expectedBytes(n, 3), r.body);
            // the connection stays usable after the last chunk
            out.write(ascii("GET /bytes?n=5&seed=3&chunked=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
            out.flush();
            RawIo.Resp r2 = RawIo.readResponse(s.getInputStream());
            assertEquals("chunked", r2.header("Transfer-Encoding"));
            assertArrayEquals(JettyServer.expectedBytes(5, 3), r2.body);
        }
        HttpResponse<byte[]> r = get("/bytes?n=10&seed=3&chunked=1");
        assertFalse(r.headers().firstValue("content-length").isPresent());
        assertEquals(JettyServer.crc32(10, 3), crc(r.body()));
    }

    @Test
    void bytesChunkedWithConnectionCloseEndsAtEof() throws Exception {
        try (Socket s = connect(server.port())) {
            s.getOutputStream().write(ascii("GET /bytes?n=1000&seed=4&chunked=1 HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n"));
            RawIo.Resp r = RawIo.readResponse(s.getInputStream());
            assertNull(r.header("Content-Length"));
            assertArrayEquals(JettyServer.expectedBytes(1000, 4), r.body);
        }
    }

    @Test
    void headOnBytes() throws Exception {
        HttpResponse<byte[]> r = client.send(
                request("/bytes?n=12345&seed=1").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("12345", r.headers().firstValue("content-length").orElse(null));
        assertEquals(0, r.body().length);
        try (Socket s = connect(server.port())) {
            s.getOutputStream().write(ascii("HEAD /bytes?n=12345 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            InputStream in = s.getInputStream();
            String head = ascii(RawIo.readHead(in));
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertTrue(head.toLowerCase().contains("\r\ncontent-length: 12345\r\n"), head);
            assertEquals(0, RawIo.readToEof(in).length, "HEAD response carries no body");
        }
    }

    @Test
    void echoPost() throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(11).nextBytes(body);
        HttpResponse<byte[]> r = client.send(
                request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(body.length), r.headers().firstValue("x-received-length").orElse(null));
        assertArrayEquals(body, r.body());
    }

    @Test
    void echoPutAndEmpty() throws Exception {
        HttpResponse<String> r = client.send(
                request("/echo").PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("hello", r.body());
        assertEquals("5", r.headers().firstValue("x-received-length").orElse(null));
        HttpResponse<String> e = client.send(
                request("/echo").POST(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, e.statusCode());
        assertEquals("", e.body());
        assertEquals("0", e.headers().firstValue("x-received-length").orElse(null));
    }

    /** Full duplex over a raw socket: one thread uploads while the test reads the echo. */
    @Test
    void echoStreams100MiB() throws Exception {
        long n = 100L << 20;
        long seed = 77;
        try (Socket s = connect(server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + n + "\r\n\r\n"));
            Throwable[] writeError = new Throwable[1];
            Thread writer = new Thread(() -> {
                try (InputStream src = contentStream(n, seed)) {
                    src.transferTo(out);
                    out.flush();
                } catch (Throwable t) {
                    writeError[0] = t;
                }
            }, "echo-uploader");
            writer.setDaemon(true);
            writer.start();

            InputStream in = s.getInputStream();
            RawIo.Resp head = new RawIo.Resp(ascii(RawIo.readHead(in)), new byte[0], List.of());
            assertEquals(200, head.status());
            assertEquals(String.valueOf(n), head.header("X-Received-Length"));
            assertEquals(String.valueOf(n), head.header("Content-Length"));
            CRC32 c = new CRC32();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            while (total < n) {
                int k = in.read(buf, 0, (int) Math.min(buf.length, n - total));
                if (k < 0) break;
                c.update(buf, 0, k);
                total += k;
            }
            writer.join(10_000);
            assertFalse(writer.isAlive(), "uploader still running");
            assertNull(writeError[0]);
            assertEquals(n, total);
            assertEquals(JettyServer.crc32(n, seed), c.getValue());
        }
    }

    @Test
    void echoStreamedUploadWithHttpClient() throws Exception {
        long n = 256 << 10; // small: java.net.http sends the whole body before reading the response
        long seed = 78;
        HttpRequest.BodyPublisher pub = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> contentStream(n, seed)), n);
        HttpResponse<byte[]> r = client.send(request("/echo").POST(pub).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(n), r.headers().firstValue("x-received-length").orElse(null));
        assertEquals(JettyServer.crc32(n, seed), crc(r.body()));
    }

    @Test
    void echoChunkedRequestReportsLengthInTrailer() throws Exception {
        try (Socket s = connect(server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
            out.flush();
            RawIo.Resp r = RawIo.readResponse(s.getInputStream());
            assertEquals(200, r.status());
            assertEquals("hello world", r.bodyText());
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertTrue(r.trailers.stream().anyMatch(t -> t.equalsIgnoreCase("X-Received-Length: 11")),
                    "trailers: " + r.trailers);
        }
    }

    @Test
    void statusCodes() throws Exception {
        for (int code : new int[] {200, 201, 204, 302, 404, 500, 503}) {
            HttpResponse<byte[]> r = get("/status/" + code);
            assertEquals(code, r.statusCode());
            assertEquals(0, r.body().length, "body of " + code);
        }
        HttpResponse<byte[]> p = client.send(
                request("/status/202").POST(HttpRequest.BodyPublishers.ofString("ignored")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(202, p.statusCode());
        assertEquals(0, p.body().length);
        assertEquals(400, get("/status/abc").statusCode());
        assertEquals(404, get("/no/such/path").statusCode());
        assertEquals(405, get("/echo").statusCode());
    }

    @Test
    void statusOnTheWire() throws Exception {
        try (Socket s = connect(server.port())) {
            s.getOutputStream().write(ascii("GET /status/418 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            RawIo.Resp r = RawIo.readResponse(s.getInputStream());
            assertEquals(418, r.status());
            assertEquals(0, r.body.length);
        }
    }

    @Test
    void headersAreEchoedAsText() throws Exception {
        HttpResponse<String> r = client.send(
                request("/headers").header("X-Test-Header", "Some Value").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        List<String> lines = Arrays.asList(r.body().split("\n"));
        assertTrue(lines.contains("X-Test-Header: Some Value"), lines.toString());
        assertTrue(lines.contains("Host: 127.0.0.1:" + server.port()), lines.toString());
        try (Socket s = connect(server.port())) {
            s.getOutputStream().write(ascii("GET /headers HTTP/1.1\r\nHost: h\r\nx-lower: v1\r\nX-Two: a\r\n"
                    + "Connection: close\r\n\r\n"));
            String body = RawIo.readResponse(s.getInputStream()).bodyText();
            assertEquals("Host: h\nx-lower: v1\nX-Two: a\nConnection: close\n", body);
        }
    }

    @Test
    void connectionsOpenedCountsEachConnection() throws Exception {
        long before = server.connectionsOpened();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = connect(server.port());
                sockets.add(s);
                s.getOutputStream().write(ascii("GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\n"));
                assertEquals(200, RawIo.readResponse(s.getInputStream()).status());
            }
            // a second request on a kept-alive connection opens nothing
            Socket first = sockets.get(0);
            first.getOutputStream().write(ascii("GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(204, RawIo.readResponse(first.getInputStream()).status());
            assertEquals(before + 3, server.connectionsOpened());
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    /** 1,000 requests whose handlers all block at once, waiting for the last body byte. */
    @Test
    void thousandConcurrentBlockedEchoes() throws Exception {
        int n = 1000;
        long before = server.connectionsOpened();
        List<Socket> sockets = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                Socket s = connect(server.port());
                sockets.add(s);
                s.getOutputStream().write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nx"));
            }
            // every handler has echoed "x" and now blocks in read: all 1,000 run at the same time
            for (Socket s : sockets) {
                InputStream in = s.getInputStream();
                RawIo.Resp head = new RawIo.Resp(ascii(RawIo.readHead(in)), new byte[0], List.of());
                assertEquals(200, head.status());
                assertEquals("2", head.header("Content-Length"));
                assertEquals('x', in.read());
            }
            for (Socket s : sockets) s.getOutputStream().write('y');
            for (Socket s : sockets) assertEquals('y', s.getInputStream().read());
            assertEquals(before + n, server.connectionsOpened());
        } finally {
            for (Socket s : sockets) s.close();
        }
    }
}
