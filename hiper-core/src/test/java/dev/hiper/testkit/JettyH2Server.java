package dev.hiper.testkit;

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
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty speaking HTTP/2 in the test JVM, with {@link JettyServer}'s routes ({@code /bytes},
 * {@code /echo}, {@code /status/N}, {@code /headers}): an HTTPS connector whose ALPN offers
 * {@code h2} then {@code http/1.1}, and a plain connector that speaks h2c to a client with prior
 * knowledge (and HTTP/1.1 to others). Both on 127.0.0.1, ephemeral ports. It counts the
 * connections each accepted, so tests can assert that streams shared one.
 */
public final class JettyH2Server implements AutoCloseable {
    private final Server server;
    private final ServerConnector tls;
    private final ServerConnector plain;
    private final AtomicLong tlsOpened = new AtomicLong();
    private final AtomicLong plainOpened = new AtomicLong();
    private final java.util.Set<Object> plainEndPoints = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private JettyH2Server(SSLContext context, int maxStreams) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(400, 8, 30_000);
        pool.setName("JettyH2Server");
        pool.setDaemon(true);
        server = new Server(pool);
        // a graceful stop: it waits for the clients to close their connections, so a connection a
        // test leaked still fails the teardown; 10 s, since under a loaded machine the GOAWAY and
        // close of live HTTP/2 connections took more than 2 s now and then ("cannot stop Jetty")
        server.setStopTimeout(10_000);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(false);

        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        h2c.setMaxConcurrentStreams(maxStreams);
        plain = new ServerConnector(server, 1, 2, new HttpConnectionFactory(config), h2c);
        plain.setHost("127.0.0.1");
        plain.setPort(0);
        plain.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                // a prior-knowledge client's connection starts as HTTP/1.1 and turns HTTP/2: count endpoints
                if (plainEndPoints.add(connection.getEndPoint())) {
                    plainOpened.incrementAndGet();
                }
            }
        });
        server.addConnector(plain);

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        ssl.setSniRequired(false);
        ssl.setEndpointIdentificationAlgorithm(null);
        HttpConfiguration httpsConfig = new HttpConfiguration(config);
        httpsConfig.addCustomizer(new SecureRequestCustomizer(false));
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(httpsConfig);
        h2.setMaxConcurrentStreams(maxStreams);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        tls = new ServerConnector(server, 1, 2, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
                new HttpConnectionFactory(httpsConfig));
        tls.setHost("127.0.0.1");
        tls.setPort(0);
        tls.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                if (connection instanceof SslConnection) {
                    tlsOpened.incrementAndGet();
                }
            }
        });
        server.addConnector(tls);
        server.setHandler(JettyServer.routes());
        server.start();
    }

    /** Starts the server; {@code maxStreams} is its SETTINGS_MAX_CONCURRENT_STREAMS. */
    public static JettyH2Server start(SSLContext context, int maxStreams) {
        try {
            return new JettyH2Server(context, maxStreams);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
    }

    public int tlsPort() {
        return tls.getLocalPort();
    }

    public int plainPort() {
        return plain.getLocalPort();
    }

    /** TLS connections accepted so far. */
    public long tlsConnections() {
        return tlsOpened.get();
    }

    /** Plain connections accepted so far. */
    public long plainConnections() {
        return plainOpened.get();
    }

    /**
     * Stops gracefully (10 s for the clients to close). When that times out, the endpoints still
     * open are written to stderr, for the cause to be found, and the server is stopped at once:
     * "cannot stop Jetty" came now and then from Http2CommandTest's and H2cUpgradeTest's
     * teardowns, whose tests had all passed, and its cause is not known yet.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            for (ServerConnector c : new ServerConnector[] {tls, plain}) {
                c.getConnectedEndPoints().forEach(ep -> System.err.println("JettyH2Server: still open at stop: "
                        + ep.getRemoteSocketAddress() + ", " + ep.getConnection()));
            }
            server.setStopTimeout(0);
            try {
                server.stop();
            } catch (Exception again) {
                throw new IllegalStateException("cannot stop Jetty", again);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }
}
