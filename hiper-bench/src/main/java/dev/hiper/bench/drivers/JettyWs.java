package dev.hiper.bench.drivers;

import dev.hiper.bench.Workload;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's WebSocket client (its Jetty API) on one Jetty {@code HttpClient}: no idle timeout,
 * messages taken as they come in parts ({@code onWebSocketPartialBinary}: nothing aggregated),
 * demand given back as each part is counted, sends and PINGs with Jetty's callbacks.
 */
public final class JettyWs extends WsClient {
    private final HttpClient http;
    private final WebSocketClient client;
    private final Session[] sessions;
    private final URI uri;

    public JettyWs(Workload w) throws Exception {
        super(w);
        http = new HttpClient();
        if (w.https()) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            ssl.setSslContext(Tls.context(w.ca));
            http.setSslContextFactory(ssl);
        }
        http.setMaxConnectionsPerDestination(Math.max(64, w.concurrency));
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
