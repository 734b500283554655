package dev.hiper.bench.drivers;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5's async client over HTTP/1.1: a pooling connection manager with at least
 * the concurrency in all and per route, its default I/O reactor (one thread per core), no cookie
 * management, no redirects, no retries; the body is counted and dropped in a binary consumer.
 * In the HTTP/2 cells it is the HTTP/2-only async client instead (see {@link #http2}).
 */
public final class ApacheClient extends SlotClient {
    private final CloseableHttpAsyncClient client;
    private final Workload w;
    private final byte[] body;

    public ApacheClient(Workload w) throws Exception {
        this.w = w;
        client = w.h2() ? http2(w) : http1(w);
        client.start();
        body = w.upload > 0 ? w.uploadBody() : null;
    }

    private static CloseableHttpAsyncClient http1(Workload w) throws Exception {
        int pool = Math.max(64, w.concurrency);
        var cm = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(pool)
                .setMaxConnPerRoute(pool)
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build());
        if (w.https()) {
            cm.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(Tls.context(w.ca)).buildAsync());
        }
        var builder = HttpAsyncClients.custom();
        if (w.proxy != null) {
            builder.setProxy(new org.apache.hc.core5.http.HttpHost(w.proxyAddress().getHostString(),
                    w.proxyAddress().getPort()));
        }
        return builder
                .setConnectionManager(cm.build())
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(Timeout.ofSeconds(120)).build())
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .build();
    }

    /**
     * HTTP/2 only ({@code H2AsyncClientBuilder}): one multiplexed connection per route, ALPN
     * {@code h2} over TLS, prior knowledge over {@code http://}.
     */
    private static CloseableHttpAsyncClient http2(Workload w) throws Exception {
        var b = HttpAsyncClients.customHttp2()
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(Timeout.ofSeconds(120)).build())
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries();
        if (w.https()) {
            b.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(Tls.context(w.ca)).buildAsync());
        }
        return b.build();
    }

    private AsyncRequestProducer request() {
        if (body != null) {
            return AsyncRequestBuilder.post(w.url)
                    .setEntity(AsyncEntityProducers.create(body, ContentType.APPLICATION_OCTET_STREAM))
                    .build();
        }
        AsyncRequestBuilder get = AsyncRequestBuilder.get(w.url);
        if (w.close) {
            get.addHeader("Connection", "close");
        }
        return get.build();
    }

    @Override
    void send(Run run, long t) {
        client.execute(request(), new AbstractBinResponseConsumer<Integer>() {
            private int status;

            @Override
            protected void start(HttpResponse response, ContentType contentType) {
                status = response.getCode();
            }

            @Override
            protected int capacityIncrement() {
                return Integer.MAX_VALUE;
            }

            @Override
            protected void data(ByteBuffer src, boolean endOfStream) {
                run.body(src.remaining());
                src.position(src.limit());
            }

            @Override
            protected Integer buildResult() {
                return status;
            }

            @Override
            public void releaseResources() {
            }
        }, null, new FutureCallback<Integer>() {
            @Override
            public void completed(Integer code) {
                status(run, code);
                next(run, t);
            }

            @Override
            public void failed(Exception ex) {
                run.failed(String.valueOf(ex));
                next(run, t);
            }

            @Override
            public void cancelled() {
                run.failed("cancelled");
                next(run, t);
            }
        });
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
