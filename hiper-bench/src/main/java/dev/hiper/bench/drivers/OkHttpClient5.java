package dev.hiper.bench.drivers;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * OkHttp 5 ({@code okhttp-jvm}) with asynchronous calls: a dispatcher allowing the concurrency
 * in all and per host, a connection pool that keeps that many idle connections, HTTP/1.1 only,
 * no cookie jar (its default), {@code Accept-Encoding: identity} so that its transparent gzip
 * stays off, no redirects or retries; the body is read and dropped 8 KiB at a time. In the
 * HTTP/2 cells: {@code HTTP_2} (with {@code HTTP_1_1}, which OkHttp requires beside it) over TLS,
 * {@code H2_PRIOR_KNOWLEDGE} for h2c; OkHttp multiplexes on one connection.
 */
public final class OkHttpClient5 extends SlotClient {
    private final OkHttpClient client;
    private final Request request;
    private final Workload w;

    public OkHttpClient5(Workload w) throws Exception {
        this.w = w;
        int pool = Math.max(64, w.concurrency);
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(pool);
        d.setMaxRequestsPerHost(pool);
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(d)
                .connectionPool(new ConnectionPool(pool, 5, TimeUnit.MINUTES))
                .protocols(!w.h2() ? List.of(Protocol.HTTP_1_1) : "prior".equals(w.http2)
                        ? List.of(Protocol.H2_PRIOR_KNOWLEDGE) : List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .readTimeout(120, TimeUnit.SECONDS)
                .callTimeout(0, TimeUnit.SECONDS);
        if (w.https()) {
            X509TrustManager tm = Tls.trustManager(w.ca);
            b.sslSocketFactory(Tls.context(w.ca).getSocketFactory(), tm);
        }
        if (w.proxy != null) {
            b.proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP, w.proxyAddress()));
        }
        client = b.build();
        Request.Builder r = new Request.Builder().url(w.url).header("Accept-Encoding", "identity");
        if (w.close) {
            r.header("Connection", "close");
        }
        if (w.upload > 0) {
            r.post(RequestBody.create(w.uploadBody(), MediaType.get("application/octet-stream")));
        }
        request = r.build();
    }

    @Override
    void send(Run run, long t) {
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                run.failed(String.valueOf(e));
                next(run, t);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    BufferedSource src = response.body().source();
                    Buffer sink = new Buffer();
                    long n;
                    while ((n = src.read(sink, 8192)) != -1) {
                        run.body(n);
                        sink.clear();
                    }
                    status(run, response.code(), response.protocol() == Protocol.HTTP_2
                            || response.protocol() == Protocol.H2_PRIOR_KNOWLEDGE);
                } catch (IOException e) {
                    run.failed(String.valueOf(e));
                }
                next(run, t);
            }
        });
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
