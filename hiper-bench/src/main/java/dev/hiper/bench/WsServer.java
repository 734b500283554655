package dev.hiper.bench;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The WebSocket server of the {@code ws-} rows: Jetty 12's WebSocket server in a JVM of its own
 * ({@code bench/run} starts it on the bench's class path, on nginx's core when pinned), on
 * 127.0.0.1, plain and over TLS, and over HTTP/2 (RFC 8441) on a TLS port of its own.
 *
 * <p>One endpoint, {@code /echo}: each whole binary or text message goes back as it came (the
 * received buffer is handed to the send, and released when the send is done: no copy). A text
 * message {@code stream N SIZE} is a request instead: the server sends N binary messages of SIZE
 * bytes each (the same read-only buffer every time), each when the previous one has been written,
 * then a text message {@code done}. PINGs are answered by Jetty. Sessions never time out (the idle
 * rows hold them for minutes), messages up to 64 MiB are taken, and no extension is agreed on
 * (OkHttp offers permessage-deflate; every client then sends and receives the same frames).
 *
 * <p>The HTTP/2 port speaks only {@code h2} (ALPN, over TLS with the same certificate): each
 * connection takes at most {@link #H2_STREAMS} concurrent streams, announces
 * {@code SETTINGS_ENABLE_CONNECT_PROTOCOL}, and neither it nor its streams time out, so every
 * WebSocket there is one stream of a shared connection (the {@code ws-idleN-h2} rows). The
 * server counts the connections accepted there and the sessions opened over HTTP/2.
 *
 * <p>Arguments ({@code key=value}): port (0: any free one), tlsPort (absent: no TLS), h2Port
 * (absent: no HTTP/2 port; needs the certificate), cert and key (PEM: the bench's certificate and
 * its PKCS#8 key, for TLS), threads (Jetty's pool, 8 by default). Prints
 * {@code ws-server ready PORT TLSPORT H2PORT} on standard output once it listens.
 */
public final class WsServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector plain;
    private final ServerConnector tls;
    private final ServerConnector h2;
    /** Streams an HTTP/2 connection carries at once at most (SETTINGS_MAX_CONCURRENT_STREAMS). */
    static final int H2_STREAMS = 100;
    private final LongAdder h2Sessions = new LongAdder();
    private final LongAdder h2Connections = new LongAdder();

    WsServer(int port, int tlsPort, KeyStore identity, int threads) throws Exception {
        this(port, tlsPort, -1, identity, threads);
    }

    /** {@code h2Port} -1: no HTTP/2 port; else (0: any free one) one, over TLS with {@code identity}. */
    WsServer(int port, int tlsPort, int h2Port, KeyStore identity, int threads) throws Exception {
        // each connector holds an acceptor and a selector thread: the HTTP/2 one brings its two
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(threads, 4) + (identity != null && h2Port >= 0 ? 2 : 0));
        pool.setName("ws-server");
        server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        plain = listen(new ServerConnector(server, 1, 1, new HttpConnectionFactory(config)), port);
        if (identity != null) {
            tls = listen(new ServerConnector(server, 1, 1, new SslConnectionFactory(serverTls(identity), "http/1.1"),
                    new HttpConnectionFactory(secure(config))), tlsPort);
        } else {
            tls = null;
        }
        h2 = identity != null && h2Port >= 0 ? h2Connector(config, identity, h2Port) : null;
        ContextHandler context = new ContextHandler("/");
        server.setHandler(context);
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
            container.setIdleTimeout(Duration.ZERO);
            container.setMaxBinaryMessageSize(64 << 20);
            container.setMaxTextMessageSize(64 << 20);
            container.addMapping("/echo", (rq, rs, cb) -> {
                rs.setExtensions(java.util.List.of()); // no permessage-deflate, whoever offers it (OkHttp does)
                if (rq.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2) {
                    h2Sessions.increment();
                }
                return new Echo();
            });
        }));
        server.start();
    }

    /** The HTTP/2 connector: TLS, ALPN {@code h2} alone, RFC 8441, {@link #H2_STREAMS} streams, no timeouts. */
    private ServerConnector h2Connector(HttpConfiguration config, KeyStore identity, int h2Port) {
        SslContextFactory.Server ssl = serverTls(identity);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(secure(config));
        http2.setMaxConcurrentStreams(H2_STREAMS);
        http2.setConnectProtocolEnabled(true);
        http2.setStreamIdleTimeout(0);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
        alpn.setDefaultProtocol("h2");
        ServerConnector c = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                http2);
        c.addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onOpened(org.eclipse.jetty.io.Connection connection) {
                if (connection instanceof SslConnection) {
                    h2Connections.increment();
                }
            }
        });
        return listen(c, h2Port);
    }

    /** {@code c} on loopback at {@code port}, a deep accept queue, no idle timeout, added to the server. */
    private ServerConnector listen(ServerConnector c, int port) {
        c.setHost("127.0.0.1");
        c.setPort(port);
        c.setAcceptQueueSize(4096);
        c.setIdleTimeout(0);
        server.addConnector(c);
        return c;
    }

    /** The server side of TLS with the bench's identity. */
    private static SslContextFactory.Server serverTls(KeyStore identity) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity);
        ssl.setKeyStorePassword("bench");
        ssl.setSniRequired(false);
        return ssl;
    }

    /** {@code config} for requests that came over TLS. */
    private static HttpConfiguration secure(HttpConfiguration config) {
        HttpConfiguration https = new HttpConfiguration(config);
        https.addCustomizer(new SecureRequestCustomizer(false));
        return https;
    }

    int port() {
        return plain.getLocalPort();
    }

    int h2Port() {
        return h2 == null ? -1 : h2.getLocalPort();
    }

    /** WebSocket sessions opened over HTTP/2 so far. */
    long h2Sessions() {
        return h2Sessions.sum();
    }

    /** Connections accepted on the HTTP/2 port so far. */
    long h2Connections() {
        return h2Connections.sum();
    }

    int tlsPort() {
        return tls == null ? -1 : tls.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Echoes each whole message; {@code stream N SIZE} sends N binary messages of SIZE bytes. */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            // the payload stays valid until the callback completes: the send completes it
            getSession().sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketText(String message) {
            if (message.startsWith("stream ")) {
                String[] p = message.split(" ");
                stream(Long.parseLong(p[1]), ByteBuffer.allocateDirect(Integer.parseInt(p[2])).asReadOnlyBuffer());
            } else {
                getSession().sendText(message, Callback.NOOP);
            }
        }

        /** Sends {@code count} copies of {@code message}, each once the last was written, then "done". */
        private void stream(long count, ByteBuffer message) {
            new Streamer(getSession(), count, message).next();
        }
    }

    /**
     * One stream: the next message goes out when the last one's send completed, in a loop rather
     * than from inside the callback when Jetty completes a send before returning from it.
     */
    private static final class Streamer implements Callback {
        private static final int SENDING = 0;
        private static final int RETURNED = 1;
        private static final int COMPLETED = 2;
        private final Session session;
        private final ByteBuffer message;
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        private long left;

        Streamer(Session session, long count, ByteBuffer message) {
            this.session = session;
            this.left = count;
            this.message = message;
        }

        void next() {
            for (;;) {
                if (left == 0) {
                    session.sendText("done", Callback.NOOP);
                    return;
                }
                left--;
                state.set(SENDING);
                session.sendBinary(message.duplicate(), this);
                if (state.compareAndSet(SENDING, RETURNED)) {
                    return; // the callback sends the next one
                }
            }
        }

        @Override
        public void succeed() {
            if (!state.compareAndSet(SENDING, COMPLETED)) {
                next(); // the send had returned: go on from here
            }
        }

        @Override
        public void fail(Throwable x) {
            session.close();
        }
    }

    /** A key store holding the PEM certificate and its PKCS#8 key (password "bench"). */
    static KeyStore identity(Path cert, Path key) throws Exception {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(cert)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        String alg = chain[0].getPublicKey().getAlgorithm();
        PrivateKey pk = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("bench", pk, "bench".toCharArray(), chain);
        return ks;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        KeyStore id = a.containsKey("tlsPort") || a.containsKey("h2Port")
                ? identity(Path.of(a.get("cert")), Path.of(a.get("key"))) : null;
        WsServer server = new WsServer(Integer.parseInt(a.getOrDefault("port", "0")),
                Integer.parseInt(a.getOrDefault("tlsPort", "0")), Integer.parseInt(a.getOrDefault("h2Port", "-1")), id,
                Integer.parseInt(a.getOrDefault("threads", "8")));
        System.out.println("ws-server ready " + server.port() + " " + server.tlsPort() + " " + server.h2Port());
        System.out.flush();
        server.server.join();
    }
}
