package dev.hiper.bench.drivers;

import dev.hiper.bench.Workload;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's WebSocket client (its Jetty API) on one Jetty {@code HttpClient}: no idle timeout,
 * messages taken as they come in parts ({@code onWebSocketPartialBinary}: nothing aggregated),
 * demand given back as each part is counted, sends and PINGs with Jetty's callbacks.
 *
 * <p>Over HTTP/2 ({@link Workload#h2}: the {@code -h2} rows) the {@code HttpClient}'s transport
 * speaks HTTP/2 alone ({@code HttpClientTransportDynamic} with {@code ClientConnectionFactoryOverHTTP2}
 * on an {@code HTTP2Client}: ALPN {@code h2} over TLS), so each session is an extended CONNECT
 * (RFC 8441) on a stream of a shared connection, as many a connection as the server allows and at
 * most {@link Workload#connections} connections; nothing times out. A session whose upgrade
 * request was not HTTP/2 counts as failed.
 */
public final class JettyWs extends WsClient {
    private final HttpClient http;
    private final WebSocketClient client;
    private final Session[] sessions;
    private final URI uri;

    public JettyWs(Workload w) throws Exception {
        super(w);
        if (w.h2()) {
            ClientConnector connector = new ClientConnector();
            connector.setIdleTimeout(Duration.ZERO);
            if (w.https()) {
                SslContextFactory.Client ssl = new SslContextFactory.Client();
                ssl.setSslContext(Tls.context(w.ca));
                connector.setSslContextFactory(ssl);
            }
            http = new HttpClient(new HttpClientTransportDynamic(connector,
                    new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector))));
            http.setIdleTimeout(0);
            http.setMaxConnectionsPerDestination(w.connections > 0 ? w.connections : Math.max(64, w.concurrency));
            http.setMaxRequestsQueuedPerDestination(Math.max(1024, w.concurrency));
        } else {
            http = new HttpClient();
            if (w.https()) {
                SslContextFactory.Client ssl = new SslContextFactory.Client();
                ssl.setSslContext(Tls.context(w.ca));
                http.setSslContextFactory(ssl);
            }
            http.setMaxConnectionsPerDestination(Math.max(64, w.concurrency));
        }
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ZERO);
        client.setMaxBinaryMessageSize(64 << 20);
        client.start();
        sessions = new Session["stream".equals(w.ws) ? 1 : w.concurrency];
        uri = URI.create(w.url);
    }

    @Override
    protected void connect(int id) throws Exception {
        client.connect(new Endpoint(id), uri).whenComplete((s, err) -> {
            if (err != null) {
                openFailed(id, String.valueOf(err));
            }
        });
    }

    /** Public: Jetty reaches the listener's methods through method handles. */
    public final class Endpoint implements Session.Listener {
        private final int id;
        private Session session;

        Endpoint(int id) {
            this.id = id;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            if (w.h2() && !"HTTP/2.0".equals(s.getUpgradeRequest().getHttpVersion())) {
                openFailed(id, "not opened over HTTP/2: " + s.getUpgradeRequest().getHttpVersion());
                return;
            }
            sessions[id] = s;
            s.demand();
            opened(id);
        }

        @Override
        public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
            int n = payload.remaining();
            callback.succeed();
            binary(id, n, last);
            session.demand();
        }

        @Override
        public void onWebSocketPartialText(String payload, boolean last) {
            session.demand(); // the stream's "done"
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            pong(id);
            session.demand();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            closed(id, "CLOSE " + statusCode);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed(id, String.valueOf(cause));
        }
    }

    @Override
    protected void send(int id, ByteBuffer data) {
        sessions[id].sendBinary(data, Callback.from(() -> { }, x -> closed(id, String.valueOf(x))));
    }

    @Override
    protected void sendText(int id, String text) {
        sessions[id].sendText(text, Callback.NOOP);
    }

    @Override
    protected boolean ping(int id) {
        sessions[id].sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        return true;
    }

    @Override
    public void close() throws Exception {
        client.stop();
        http.stop();
    }
}
