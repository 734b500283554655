package dev.hiper.bench.drivers;

import dev.hiper.bench.Workload;
import dev.hiper.jdk.HiperHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * The JDK's {@code java.net.http.WebSocket}, as the HTTP rows set up the JDK's client: one
 * {@code HttpClient} for every session with an executor that runs each task on the thread that
 * hands it over ({@code Runnable::run}), each listener asking for all it will get once
 * ({@code request(Long.MAX_VALUE)}) rather than one message at a time. Tool {@code jdk} runs it on
 * the JDK's own client, {@code hiper-jdk} on {@link HiperHttpClient#newWebSocketBuilder()}: the
 * same code, the line that builds the client aside.
 */
public final class JdkWs extends WsClient {
    private final HttpClient client;
    private final WebSocket[] sessions;
    private final URI uri;

    public JdkWs(Workload w, boolean onHiper) throws Exception {
        super(w);
        HttpClient.Builder b = onHiper ? HiperHttpClient.newBuilder() : HttpClient.newBuilder();
        b.executor(Runnable::run);
        if (w.https()) {
            if (onHiper) {
                ((HiperHttpClient.Builder) b).trustedCertificates(Path.of(w.ca));
            } else {
                b.sslContext(Tls.context(w.ca));
            }
        }
        client = b.build();
        sessions = new WebSocket["stream".equals(w.ws) ? 1 : w.concurrency];
        uri = URI.create(w.url);
    }

    @Override
    protected void connect(int id) {
        client.newWebSocketBuilder().buildAsync(uri, new Listener(id)).whenComplete((ws, err) -> {
            if (err != null) {
                openFailed(id, String.valueOf(err));
            }
        });
    }

    private final class Listener implements WebSocket.Listener {
        private final int id;

        Listener(int id) {
            this.id = id;
        }

        @Override
        public void onOpen(WebSocket ws) {
            sessions[id] = ws;
            ws.request(Long.MAX_VALUE);
            opened(id);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            binary(id, data.remaining(), last);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pong(id);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed(id, "CLOSE " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed(id, String.valueOf(error));
        }
    }

    @Override
    protected void send(int id, ByteBuffer data) {
        sessions[id].sendBinary(data, true).whenComplete((ws, err) -> {
            if (err != null) {
                closed(id, String.valueOf(err));
            }
        });
    }

    @Override
    protected void sendText(int id, String text) {
        sessions[id].sendText(text, true);
    }

    @Override
    protected boolean ping(int id) {
        try {
            sessions[id].sendPing(ByteBuffer.allocate(0));
            return true;
        } catch (IllegalStateException e) {
            return false; // the last ping is still on its way
        }
    }

    @Override
    public void close() {
        for (WebSocket ws : sessions) {
            if (ws != null) {
                ws.abort(); // the row is over: no closing handshake
            }
        }
        if (client instanceof HiperHttpClient h) {
            h.shutdownNow(); // close() would wait for the sessions' transfers
        }
    }
}
