package dev.hiper.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hiper.testkit.JettyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * The JDK's own {@code com.sun.net.httpserver} on 127.0.0.1, for the answers the Jetty test server
 * does not give:
 * <ul>
 *   <li>{@code /text}: a few UTF-8 lines, {@code text/plain; charset=UTF-8}</li>
 *   <li>{@code /status/204}, {@code /status/304}: that status, no body, an {@code ETag}</li>
 *   <li>{@code /counted?n=N}: N bytes of {@link JettyServer#fill} content (seed 0) with a
 *       Content-Length, {@link #written()} counting what the handler has written</li>
 *   <li>{@code /auth}: 401 with {@code WWW-Authenticate: Basic realm="hiper"} unless the request
 *       carries {@code user:secret}; then 200 "welcome"</li>
 *   <li>{@code /sink}: reads the request body and answers {@code "LENGTH CRC32 TRANSFER-ENCODING"}</li>
 *   <li>{@code /cookie/set}: sets {@code flavour=oat}; {@code /cookie/echo}: the Cookie header back</li>
 * </ul>
 */
final class JdkServer implements AutoCloseable {
    static final String TEXT = "first line\nsecond line, with ünïcode\n\nfourth line after an empty one\nlast";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "JdkServer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong written = new AtomicLong();

    JdkServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(pool);
        server.createContext("/text", ex -> {
            drain(ex);
            byte[] b = TEXT.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; charset=UTF-8");
            ex.getResponseHeaders().add("X-Multi", "one");
            ex.getResponseHeaders().add("X-Multi", "two");
            send(ex, 200, ex.getRequestMethod().equals("HEAD") ? null : b, b.length);
        });
        server.createContext("/status/", ex -> {
            drain(ex);
            int code = Integer.parseInt(ex.getRequestURI().getPath().substring("/status/".length()));
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.createContext("/counted", ex -> {
            drain(ex);
            long n = Long.parseLong(ex.getRequestURI().getQuery().substring("n=".length()));
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, n);
            byte[] buf = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                for (long done = 0; done < n; ) {
                    int k = (int) Math.min(buf.length, n - done);
                    JettyServer.fill(0, done, buf, 0, k);
                    out.write(buf, 0, k);
                    done += k;
                    written.set(done);
                }
            }
        });
        server.createContext("/auth", ex -> {
            drain(ex);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String good = "Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));
            if (good.equals(auth)) {
                byte[] b = "welcome".getBytes(StandardCharsets.UTF_8);
                send(ex, 200, b, b.length);
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"hiper\"");
                byte[] b = "who are you?".getBytes(StandardCharsets.UTF_8);
                send(ex, 401, b, b.length);
            }
        });
        server.createContext("/sink", ex -> {
            CRC32 crc = new CRC32();
            long n = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = ex.getRequestBody()) {
                for (int k; (k = in.read(buf)) > 0; ) {
                    crc.update(buf, 0, k);
                    n += k;
                }
            }
            String te = String.valueOf(ex.getRequestHeaders().getFirst("Transfer-Encoding"));
            byte[] b = (n + " " + crc.getValue() + " " + te).getBytes(StandardCharsets.UTF_8);
            send(ex, 200, b, b.length);
        });
        server.createContext("/cookie/set", ex -> {
            drain(ex);
            ex.getResponseHeaders().add("Set-Cookie", "flavour=oat; Path=/");
            send(ex, 200, new byte[0], 0);
        });
        server.createContext("/cookie/echo", ex -> {
            drain(ex);
            String c = ex.getRequestHeaders().getFirst("Cookie");
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            send(ex, 200, b, b.length);
        });
        server.start();
    }

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body, long length) throws IOException {
        ex.sendResponseHeaders(status, body == null || length == 0 ? -1 : length);
        try (OutputStream out = ex.getResponseBody()) {
            if (body != null) {
                out.write(body);
            }
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Bytes the {@code /counted} handler has written so far. */
    long written() {
        return written.get();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
