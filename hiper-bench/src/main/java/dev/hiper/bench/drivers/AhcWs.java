package dev.hiper.bench.drivers;

import static org.asynchttpclient.Dsl.asyncHttpClient;
import static org.asynchttpclient.Dsl.config;

import dev.hiper.bench.Workload;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.nio.ByteBuffer;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.ws.WebSocket;
import org.asynchttpclient.ws.WebSocketListener;
import org.asynchttpclient.ws.WebSocketUpgradeHandler;

/**
 * AsyncHttpClient 3's WebSocket (Netty): one client, connections unbounded, no compression, frames
 * up to 64 KiB taken whole (its default is 10 KiB), fragments not aggregated; a message is sent
 * from a wrapped buffer (no copy), a PING with an empty payload.
 */
public final class AhcWs extends WsClient {
    private final AsyncHttpClient client;
    private final WebSocket[] sessions;

    public AhcWs(Workload w) throws Exception {
        super(w);
        DefaultAsyncHttpClientConfig.Builder c = config()
                .setMaxConnections(-1)
                .setMaxConnectionsPerHost(-1)
                .setEnablewebSocketCompression(false)
                .setAggregateWebSocketFrameFragments(false)
                .setWebSocketMaxFrameSize(Math.max(w.message, 64 * 1024))
                .setWebSocketMaxBufferSize(Math.max(w.message, 64 * 1024) * 2)
                .setRequestTimeout(java.time.Duration.ofHours(1))
                .setReadTimeout(java.time.Duration.ofHours(1));
        if (w.https()) {
            c.setSslContext(SslContextBuilder.forClient().trustManager(new File(w.ca)).build());
        }
        client = asyncHttpClient(c);
        sessions = new WebSocket["stream".equals(w.ws) ? 1 : w.concurrency];
    }

    @Override
    protected void connect(int id) {
        WebSocketListener l = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                sessions[id] = ws;
                opened(id);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                closed(id, "CLOSE " + code);
            }

            @Override
            public void onError(Throwable t) {
                if (sessions[id] == null) {
                    openFailed(id, String.valueOf(t));
                } else {
                    closed(id, String.valueOf(t));
                }
            }

            @Override
            public void onBinaryFrame(byte[] payload, boolean last, int rsv) {
                binary(id, payload.length, last);
            }

            @Override
            public void onPongFrame(byte[] payload) {
                pong(id);
            }
        };
        client.prepareGet(w.url).execute(new WebSocketUpgradeHandler.Builder().addWebSocketListener(l).build());
    }

    @Override
    protected void send(int id, ByteBuffer data) {
        sessions[id].sendBinaryFrame(Unpooled.wrappedBuffer(data), true, 0);
    }

    @Override
    protected void sendText(int id, String text) {
        sessions[id].sendTextFrame(text);
    }

    @Override
    protected boolean ping(int id) {
        sessions[id].sendPingFrame();
        return true;
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
