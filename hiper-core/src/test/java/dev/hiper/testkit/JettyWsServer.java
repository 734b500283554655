package dev.hiper.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
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
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's WebSocket server (its own framing, ping and close handling) on 127.0.0.1, plain and,
 * given an {@link SSLContext}, over TLS, for interoperation tests.
 *
 * <p>Endpoints: {@code /greet} says "welcome" on open, then echoes text and binary. {@code /echo} sends each whole message back (text as text, binary as binary;
 * a message the client sent in fragments comes back whole). {@code /frag} sends, on open, the
 * text message "Hello, World" in two fragments, then a binary message in three. {@code /ping}
 * pings with "probe" on open, and once the PONG comes sends the text "pong:" and its payload.
 * {@code /close} closes with status 1001 "going away" on open. Close status codes the server
 * heard are kept ({@link #closes()}).
 *
 * <p>{@link #startH2} makes the connectors speak HTTP/2 too (ALPN {@code h2} then
 * {@code http/1.1} over TLS; h2c with prior knowledge on the plain one), where Jetty takes
 * WebSocket over HTTP/2 streams (RFC 8441) unless told not to announce
 * {@code SETTINGS_ENABLE_CONNECT_PROTOCOL}; it counts the connections accepted and the HTTP
 * version each session was opened with.
 */
public final class JettyWsServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector plain;
    private final ServerConnector tls;
    private final Map<String, LinkedBlockingQueue<Integer>> closes = new ConcurrentHashMap<>();
    private final Map<String, LinkedBlockingQueue<String>> versions = new ConcurrentHashMap<>();
    private final AtomicLong tlsOpened = new AtomicLong();
    private final java.util.Set<Object> plainEndPoints = ConcurrentHashMap.newKeySet();

    private JettyWsServer(SSLContext sslContext) throws Exception {
        this(sslContext, 0, false);
    }

    /** {@code maxStreams} 0: HTTP/1.1 only; else HTTP/2 too, with that SETTINGS_MAX_CONCURRENT_STREAMS. */
    private JettyWsServer(SSLContext sslContext, int maxStreams, boolean connectProtocol) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(maxStreams == 0 ? 16 : 64);
        pool.setDaemon(true);
        pool.setName("jetty-ws");
        server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        if (maxStreams > 0) {
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
            h2c.setMaxConcurrentStreams(maxStreams);
            h2c.setConnectProtocolEnabled(connectProtocol);
            h2c.setStreamIdleTimeout(120_000);
            plain = new ServerConnector(server, 1, 2, new HttpConnectionFactory(config), h2c);
        } else {
            plain = new ServerConnector(server, 1, 2, new HttpConnectionFactory(config));
        }
        plain.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                // an h2c connection opens as HTTP/1.1 first; a WebSocket on a stream has an endpoint of its own
                if (connection.getEndPoint() instanceof org.eclipse.jetty.io.SocketChannelEndPoint) {
                    plainEndPoints.add(connection.getEndPoint());
                }
            }
        });
        plain.setHost("127.0.0.1");
        plain.setPort(0);
        plain.setAcceptQueueSize(2048);
        server.addConnector(plain);
        if (sslContext != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(sslContext);
            ssl.setSniRequired(false);
            ssl.setEndpointIdentificationAlgorithm(null);
            HttpConfiguration https = new HttpConfiguration(config);
            https.addCustomizer(new SecureRequestCustomizer(false));
            if (maxStreams > 0) {
                HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
                h2.setMaxConcurrentStreams(maxStreams);
                h2.setConnectProtocolEnabled(connectProtocol);
                h2.setStreamIdleTimeout(120_000);
                ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
                alpn.setDefaultProtocol("http/1.1");
                tls = new ServerConnector(server, 1, 2, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
                        new HttpConnectionFactory(https));
            } else {
                tls = new ServerConnector(server, 1, 2, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(https));
            }
            tls.addEventListener(new Connection.Listener() {
                @Override
                public void onOpened(Connection connection) {
                    if (connection instanceof SslConnection) {
                        tlsOpened.incrementAndGet();
                    }
                }
            });
            if (maxStreams > 0) {
                tls.setIdleTimeout(120_000);
            }
            tls.setHost("127.0.0.1");
            tls.setPort(0);
            tls.setAcceptQueueSize(2048);
            server.addConnector(tls);
        } else {
            tls = null;
        }
        ContextHandler context = new ContextHandler("/");
        server.setHandler(context);
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
            container.setIdleTimeout(Duration.ofSeconds(60));
            container.setMaxBinaryMessageSize(64 << 20);
            container.setMaxTextMessageSize(64 << 20);
            container.addMapping("/echo", (rq, rs, cb) -> new Echo());
            container.addMapping("/greet", (rq, rs, cb) -> new Greeter());
            container.addMapping("/frag", (rq, rs, cb) -> new Fragments());
            container.addMapping("/ping", (rq, rs, cb) -> new Pinger());
            container.addMapping("/close", (rq, rs, cb) -> new Closer());
        }));
        server.start();
    }

    /** A plain server. */
    public static JettyWsServer start() throws Exception {
        return new JettyWsServer(null);
    }

    /** A server with a TLS connector too, presenting {@code context}'s identity. */
    public static JettyWsServer startTls(SSLContext context) throws Exception {
        return new JettyWsServer(context);
    }

    /**
     * A server speaking HTTP/2 too: {@code maxStreams} is its SETTINGS_MAX_CONCURRENT_STREAMS,
     * {@code connectProtocol} whether its SETTINGS allow extended CONNECT (RFC 8441).
     */
    public static JettyWsServer startH2(SSLContext context, int maxStreams, boolean connectProtocol) throws Exception {
        return new JettyWsServer(context, maxStreams, connectProtocol);
    }

    /** Plain connections accepted so far. */
    public long plainConnections() {
        return plainEndPoints.size();
    }

    /** TLS connections accepted so far. */
    public long tlsConnections() {
        return tlsOpened.get();
    }

    /** The HTTP version ("HTTP/1.1", "HTTP/2.0") of each session the endpoint at {@code path} opened, in order. */
    public LinkedBlockingQueue<String> versions(String path) {
        return versions.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    public int port() {
        return plain.getLocalPort();
    }

    public int tlsPort() {
        return tls.getLocalPort();
    }

    /** The close status codes the endpoint at {@code path} heard, in order. */
    public LinkedBlockingQueue<Integer> closes(String path) {
        return closes.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Endpoints are public: Jetty reaches their methods through method handles. */
    public abstract class Base extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            path = session.getUpgradeRequest().getRequestURI().getPath();
            versions(path).add(session.getUpgradeRequest().getHttpVersion());
        }

        private String path;

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closes(path).add(statusCode);
        }
    }

    public final class Echo extends Base {
        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload).flip();
            callback.succeed();
            getSession().sendBinary(copy, Callback.NOOP);
        }
    }

    /** The echo, which says "welcome" first. */
    public final class Greeter extends Base {
        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            session.sendText("welcome", Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload).flip();
            callback.succeed();
            getSession().sendBinary(copy, Callback.NOOP);
        }
    }

    public final class Fragments extends Base {
        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            session.sendPartialText("Hello, ", false, Callback.from(() -> session.sendPartialText("World", true,
                    Callback.from(() -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {1}), false,
                            Callback.from(() -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {2, 3}), false,
                                    Callback.from(() -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {4}),
                                            true, Callback.NOOP), Throwable::printStackTrace)),
                                    Throwable::printStackTrace)), Throwable::printStackTrace)),
                    Throwable::printStackTrace));
        }
    }

    public final class Pinger extends Base {
        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            session.sendPing(ByteBuffer.wrap("probe".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            getSession().sendText("pong:" + StandardCharsets.US_ASCII.decode(payload), Callback.NOOP);
        }
    }

    public final class Closer extends Base {
        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            session.close(StatusCode.SHUTDOWN, "going away", Callback.NOOP);
        }
    }
}
