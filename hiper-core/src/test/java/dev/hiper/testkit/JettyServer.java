package dev.hiper.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP/1.1 server (Jetty 12, core Handler API) on 127.0.0.1, ephemeral port, for interop and scale tests.
 *
 * <p>Endpoints (anything else: 404):
 * <ul>
 *   <li>{@code GET|HEAD /bytes?n=N&seed=S} - N bytes of {@link #fill deterministic content} for seed S (default 0),
 *       {@code Content-Type: application/octet-stream}, with {@code Content-Length}; with {@code &chunked=1}
 *       streamed without Content-Length: chunked encoding, or delimited by EOF if the request said
 *       {@code Connection: close} (Jetty's choice). HEAD sends the same headers and no body.</li>
 *   <li>{@code POST|PUT /echo} - 200 with the request body streamed back. If the request has a Content-Length,
 *       the response has the same Content-Length and header {@code X-Received-Length}; if the request body is
 *       chunked, the response is chunked and {@code X-Received-Length} comes as a trailer field. The echo is
 *       full duplex (each piece is written back as it is read), so a client that sends the whole body before it
 *       reads anything stalls once the socket buffers fill (a few hundred KiB to a few MiB on loopback).</li>
 *   <li>{@code * /status/{code}} - that status (200..599), empty body.</li>
 *   <li>{@code * /redirect/{n}} - 302 with a short body, to {@code /redirect/{n-1}} (relative), and from
 *       {@code /redirect/0} to the absolute URL of {@code /bytes?n=100000&seed=7}.</li>
 *   <li>{@code GET /headers} - the request's header fields as {@code text/plain; charset=UTF-8}, one
 *       {@code "Name: value\n"} line each, in order, names in the case the client sent.</li>
 *   <li>{@code GET /tls} - on an HTTPS connector, the connection's TLS facts as {@code text/plain} lines
 *       {@code protocol=}, {@code cipher=}, {@code sni=} (the server name the client sent, or {@code none}),
 *       {@code client=} (the client certificate's subject, or {@code none}), {@code session=} (the TLS
 *       session's creation time, ms: a resumed session keeps the time of the handshake that made it).</li>
 * </ul>
 *
 * <p>{@link #startTls} adds HTTPS connectors (TLS in the JVM, ALPN offering http/1.1), one per identity.
 */
public final class JettyServer implements AutoCloseable {

    private static final int IO_BUF = 64 * 1024;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Server server;
    private final ServerConnector connector;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong openNow = new AtomicLong();
    private final List<ServerConnector> tlsConnectors = new ArrayList<>();

    /** One HTTPS connector: the server's TLS context, and whether it demands a client certificate. */
    public record TlsEndpoint(SSLContext context, boolean needClientAuth) {
    }

    private JettyServer() throws Exception {
        this(new TlsEndpoint[0]);
    }

    private JettyServer(TlsEndpoint[] endpoints) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(1200, 8, 30_000);
        pool.setName("JettyServer");
        pool.setDaemon(true);
        server = new Server(pool);
        // a graceful stop: it waits for the clients to close their connections, so a connection a
        // test leaked still fails the teardown; 10 s, since under a loaded machine the GOAWAY and
        // close of live HTTP/2 connections took more than 2 s now and then ("cannot stop Jetty")
        server.setStopTimeout(10_000);

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setRequestHeaderSize(64 * 1024);
        config.setHeaderCacheCaseSensitive(true); // keep header names as the client spelled them
        connector = new ServerConnector(server, 1, 2, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(2048);
        connector.setIdleTimeout(60_000);
        Connection.Listener counter = new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                opened.incrementAndGet();
                openNow.incrementAndGet();
            }

            @Override
            public void onClosed(Connection connection) {
                openNow.decrementAndGet();
            }
        };
        connector.addEventListener(counter);
        // a TLS connection is several Jetty connections (TLS, ALPN, HTTP): count the TLS one
        Connection.Listener tlsCounter = new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                if (connection instanceof SslConnection) {
                    counter.onOpened(connection);
                }
            }

            @Override
            public void onClosed(Connection connection) {
                if (connection instanceof SslConnection) {
                    counter.onClosed(connection);
                }
            }
        };
        server.addConnector(connector);
        for (TlsEndpoint ep : endpoints) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(ep.context());
            tls.setNeedClientAuth(ep.needClientAuth());
            tls.setSniRequired(false);
            tls.setEndpointIdentificationAlgorithm(null);
            HttpConfiguration httpsConfig = new HttpConfiguration(config);
            httpsConfig.addCustomizer(new SecureRequestCustomizer(false)); // no SNI host check: tests send wrong names
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            ServerConnector c = new ServerConnector(server, 1, 2, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                    new HttpConnectionFactory(httpsConfig));
            c.setHost("127.0.0.1");
            c.setPort(0);
            c.setAcceptQueueSize(2048);
            c.setIdleTimeout(60_000);
            c.addEventListener(tlsCounter);
            server.addConnector(c);
            tlsConnectors.add(c);
        }
        server.setHandler(new Routes());
        server.start();
    }

    /** Starts a server on 127.0.0.1, ephemeral port. */
    public static JettyServer start() {
        try {
            return new JettyServer();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
    }

    /**
     * Starts a server with the plain connector and one HTTPS connector per endpoint, all on
     * 127.0.0.1, ephemeral ports.
     */
    public static JettyServer startTls(TlsEndpoint... endpoints) {
        try {
            return new JettyServer(endpoints);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The port of the {@code i}-th HTTPS connector given to {@link #startTls}. */
    public int tlsPort(int i) {
        return tlsConnectors.get(i).getLocalPort();
    }

    /** {@code "http://127.0.0.1:PORT" + path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Connections opened so far. */
    public long connectionsOpened() {
        return opened.get();
    }

    /** Connections open now. */
    public long connectionsOpen() {
        return openNow.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }

    // ---------------------------------------------------------------- deterministic content

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Writes the content for {@code seed} from byte {@code offset} on into {@code buf[off, off+len)}. Byte {@code i}
     * of the content is byte {@code i % 8} (little-endian) of {@code splitmix64(seed + (i / 8 + 1) * GOLDEN)}.
     */
    public static void fill(long seed, long offset, byte[] buf, int off, int len) {
        long i = offset;
        int p = off;
        int end = off + len;
        while (p < end) {
            long word = mix(seed + ((i >>> 3) + 1) * GOLDEN);
            int shift = (int) (i & 7) * 8;
            while (shift < 64 && p < end) {
                buf[p++] = (byte) (word >>> shift);
                shift += 8;
                i++;
            }
        }
    }

    /** The {@code n} bytes {@code /bytes?n=N&seed=S} sends. */
    public static byte[] expectedBytes(long n, long seed) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("n out of range: " + n);
        byte[] b = new byte[(int) n];
        fill(seed, 0, b, 0, b.length);
        return b;
    }

    /** CRC-32 ({@link CRC32}) of {@code expectedBytes(n, seed)}, computed in constant memory. */
    public static long crc32(long n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n < 0");
        CRC32 crc = new CRC32();
        byte[] buf = new byte[IO_BUF];
        for (long done = 0; done < n; ) {
            int k = (int) Math.min(buf.length, n - done);
            fill(seed, done, buf, 0, k);
            crc.update(buf, 0, k);
            done += k;
        }
        return crc.getValue();
    }

    // ---------------------------------------------------------------- handlers

    /** The routes above as a handler, for servers that speak other versions (JettyH2Server). */
    public static Handler routes() {
        return new Routes();
    }

    private static final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            try {
                if (path.equals("/bytes")) {
                    if (!method.equals("GET") && !method.equals("HEAD")) return notAllowed(response, callback);
                    bytes(request, response, method.equals("HEAD"));
                } else if (path.equals("/echo")) {
                    if (!method.equals("POST") && !method.equals("PUT")) return notAllowed(response, callback);
                    echo(request, response);
                } else if (path.startsWith("/status/")) {
                    int code;
                    try {
                        code = Integer.parseInt(path.substring("/status/".length()));
                    } catch (NumberFormatException e) {
                        code = -1;
                    }
                    if (code < 200 || code > 599) {
                        Response.writeError(request, response, callback, 400, "status must be 200..599");
                        return true;
                    }
                    response.setStatus(code);
                } else if (path.startsWith("/redirect/")) {
                    // a chain: /redirect/N answers 302 to /redirect/N-1 (relative), /redirect/0 to
                    // /bytes?n=100000&seed=7 (absolute); each 302 with a small body
                    long hops = Long.parseLong(path.substring("/redirect/".length()));
                    String next = hops > 0 ? "/redirect/" + (hops - 1)
                            : "http://" + Request.getServerName(request) + ":" + Request.getServerPort(request)
                                    + "/bytes?n=100000&seed=7";
                    response.setStatus(302);
                    response.getHeaders().put(HttpHeader.LOCATION, next);
                    byte[] moved = ("moved to " + next).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, moved.length);
                    response.write(true, java.nio.ByteBuffer.wrap(moved), callback);
                    return true;
                } else if (path.equals("/headers")) {
                    if (!method.equals("GET")) return notAllowed(response, callback);
                    headers(request, response);
                } else if (path.equals("/tls")) {
                    tls(request, response);
                } else {
                    return false;
                }
                callback.succeeded();
            } catch (BadRequest e) {
                Response.writeError(request, response, callback, 400, e.getMessage());
            } catch (Throwable t) {
                callback.failed(t);
            }
            return true;
        }

        private static boolean notAllowed(Response response, Callback callback) {
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
            callback.succeeded();
            return true;
        }

        private static long param(Fields q, String name, long dflt) throws BadRequest {
            String v = q.getValue(name);
            if (v == null) return dflt;
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new BadRequest("bad " + name + ": " + v);
            }
        }

        private static void bytes(Request request, Response response, boolean head) throws IOException, BadRequest {
            Fields q = Request.extractQueryParameters(request);
            long n = param(q, "n", -1);
            if (n < 0) throw new BadRequest("n missing or negative");
            long seed = param(q, "seed", 0);
            boolean chunked = "1".equals(q.getValue("chunked"));
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            if (!chunked) response.getHeaders().put(HttpHeader.CONTENT_LENGTH, n);
            if (head) return;
            byte[] buf = new byte[(int) Math.min(IO_BUF, Math.max(n, 1))];
            long done = 0;
            while (done < n) {
                int k = (int) Math.min(buf.length, n - done);
                fill(seed, done, buf, 0, k);
                done += k;
                // with chunked=1 never mark data as last, so Jetty cannot turn it into a Content-Length
                Content.Sink.write(response, !chunked && done == n, ByteBuffer.wrap(buf, 0, k));
            }
            if (chunked || n == 0) Content.Sink.write(response, true, ByteBuffer.allocate(0));
        }

        private static void echo(Request request, Response response) throws IOException {
            long length = request.getLength();
            AtomicLong received = new AtomicLong();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            if (length >= 0) {
                response.getHeaders().put("X-Received-Length", String.valueOf(length));
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            } else {
                response.getHeaders().put(HttpHeader.TRAILER, "X-Received-Length");
                response.setTrailersSupplier(
                        () -> HttpFields.build().put("X-Received-Length", String.valueOf(received.get())));
            }
            byte[] buf = new byte[IO_BUF];
            try (InputStream in = Request.asInputStream(request)) {
                int r;
                while ((r = in.read(buf)) > 0) {
                    received.addAndGet(r);
                    Content.Sink.write(response, false, ByteBuffer.wrap(buf, 0, r));
                }
            }
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
        }

        private static void headers(Request request, Response response) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (HttpField f : request.getHeaders()) {
                sb.append(f.getName()).append(": ").append(f.getValue()).append('\n');
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
            Content.Sink.write(response, true, ByteBuffer.wrap(b));
        }
    }

    private static void tls(Request request, Response response) throws IOException {
        EndPoint.SslSessionData data = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        StringBuilder sb = new StringBuilder();
        if (data == null) {
            sb.append("protocol=none\n");
        } else {
            SSLSession s = data.sslSession();
            sb.append("protocol=").append(s.getProtocol()).append('\n');
            sb.append("cipher=").append(s.getCipherSuite()).append('\n');
            String sni = "none";
            if (s instanceof ExtendedSSLSession) {
                for (SNIServerName n : ((ExtendedSSLSession) s).getRequestedServerNames()) {
                    if (n instanceof SNIHostName) {
                        sni = ((SNIHostName) n).getAsciiName();
                    }
                }
            }
            sb.append("sni=").append(sni).append('\n');
            // a resumed session is the one it resumes: same creation time (and, TLS 1.2, same id)
            sb.append("session=").append(s.getCreationTime()).append('\n');
            java.security.cert.X509Certificate[] peer = data.peerCertificates();
            sb.append("client=").append(peer == null || peer.length == 0 ? "none"
                    : peer[0].getSubjectX500Principal().getName()).append('\n');
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        Content.Sink.write(response, true, ByteBuffer.wrap(b));
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
