package dev.hiper.bench.drivers;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Vert.x 5's HTTP client over HTTP/2, in the HTTP/2 rows only: {@code HTTP_2} with ALPN over
 * TLS, prior knowledge over {@code http://} (no {@code Upgrade: h2c}), one connection per
 * origin carrying up to the row's streams ({@code http2MultiplexingLimit}), no decompression;
 * the body is counted and dropped buffer by buffer.
 */
public final class VertxClient extends SlotClient {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final RequestOptions request;

    public VertxClient(Workload w) {
        vertx = Vertx.vertx();
        HttpClientOptions o = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setHttp2MultiplexingLimit(Math.max(1, w.streams))
                .setDecompressionSupported(false);
        if (w.https()) {
            o.setSsl(true).setUseAlpn(true).setTrustOptions(new PemTrustOptions().addCertPath(w.ca));
        }
        client = vertx.createHttpClient(o, new PoolOptions().setHttp2MaxSize(Math.max(1,
                (w.concurrency + w.streams - 1) / Math.max(1, w.streams))).setMaxWaitQueueSize(-1));
        request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(w.url);
    }

    @Override
    void send(Run run, long t) {
        client.request(request)
                .compose(req -> req.send())
                .compose((HttpClientResponse resp) -> {
                    resp.handler(b -> run.body(b.length()));
                    return resp.end().map(v -> resp);
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        run.failed(String.valueOf(ar.cause()));
                    } else {
                        status(run, ar.result().statusCode(), ar.result().version() == HttpVersion.HTTP_2);
                    }
                    next(run, t);
                });
    }

    @Override
    public void close() throws Exception {
        client.close();
        vertx.close();
    }
}
