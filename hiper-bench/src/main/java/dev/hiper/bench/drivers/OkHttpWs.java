package dev.hiper.bench.drivers;

import dev.hiper.bench.Workload;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * OkHttp 5's WebSocket: one client for every session, a dispatcher that lets every session's
 * upgrade run at once, HTTP/1.1, no read timeout. OkHttp has no call to send a PING: in the idle
 * rows it pings by itself ({@code pingInterval} of 30 s) and does not report the PONGs, so its
 * pings and pongs are not counted. A message is sent as a {@code ByteString} (OkHttp's API copies
 * the bytes into one).
 */
public final class OkHttpWs extends WsClient {
    private final OkHttpClient client;
    private final Request request;
    private final WebSocket[] sessions;

    public OkHttpWs(Workload w) throws Exception {
        super(w);
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(Integer.MAX_VALUE);
        d.setMaxRequestsPerHost(Integer.MAX_VALUE);
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(d)
                .protocols(List.of(Protocol.HTTP_1_1))
                .readTimeout(0, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false);
        if ("idle".equals(w.ws)) {
            b.pingInterval(30, TimeUnit.SECONDS);
        }
        if (w.https()) {
            b.sslSocketFactory(Tls.context(w.ca).getSocketFactory(), Tls.trustManager(w.ca));
        }
        client = b.build();
        // OkHttp takes ws:// and wss:// as http:// and https://
        request = new Request.Builder().url(w.url).build();
        sessions = new WebSocket["stream".equals(w.ws) ? 1 : w.concurrency];
    }

    @Override
    protected void connect(int id) {
        client.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                sessions[id] = ws;
                opened(id);
            }

            @Override
            public void onMessage(WebSocket ws, ByteString bytes) {
                binary(id, bytes.size(), true);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                // the stream's "done"
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                closed(id, "CLOSE " + code);
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                if (sessions[id] == null) {
                    openFailed(id, String.valueOf(t));
                } else {
                    closed(id, String.valueOf(t));
                }
            }
        });
    }

    @Override
    protected void send(int id, ByteBuffer data) {
        if (!sessions[id].send(ByteString.of(data))) {
            closed(id, "send refused");
        }
    }

    @Override
    protected void sendText(int id, String text) {
        sessions[id].send(text);
    }

    @Override
    protected boolean ping(int id) {
        return false;
    }

    @Override
    public boolean pingsItself() {
        return true;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdownNow();
    }
}
