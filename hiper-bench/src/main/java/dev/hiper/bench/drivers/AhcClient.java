package dev.hiper.bench.drivers;

import static org.asynchttpclient.Dsl.asyncHttpClient;
import static org.asynchttpclient.Dsl.config;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.time.Duration;
import org.asynchttpclient.AsyncHandler;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.BoundRequestBuilder;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.HttpResponseBodyPart;
import org.asynchttpclient.HttpResponseStatus;

/**
 * AsyncHttpClient 3 (Netty): connections in all and per host at least the concurrency,
 * keep-alive, no cookie store, no decompression, no redirects; the body is counted and dropped
 * part by part in an {@link AsyncHandler}.
 */
public final class AhcClient extends SlotClient {
    private final AsyncHttpClient client;
    private final Workload w;
    private final byte[] body;

    public AhcClient(Workload w) throws Exception {
        this.w = w;
        int pool = Math.max(64, w.concurrency);
        DefaultAsyncHttpClientConfig.Builder c = config()
                .setMaxConnections(pool)
                .setMaxConnectionsPerHost(pool)
                .setKeepAlive(true)
                .setCookieStore(null)
                .setCompressionEnforced(false)
                // through a proxy, AHC 3 removes its "inflater" handler after CONNECT and fails when it
                // is not there: keep it (nginx sends the file uncompressed; nothing asks otherwise)
                .setEnableAutomaticDecompression(w.proxy != null)
                .setFollowRedirect(false)
                .setRequestTimeout(Duration.ofSeconds(120))
                .setReadTimeout(Duration.ofSeconds(120));
        if (w.https()) {
            c.setSslContext(SslContextBuilder.forClient().trustManager(new File(w.ca)).build());
        }
        if (w.proxy != null) {
            c.setProxyServer(new org.asynchttpclient.proxy.ProxyServer.Builder(w.proxyAddress().getHostString(),
                    w.proxyAddress().getPort()).build());
        }
        client = asyncHttpClient(c);
        body = w.upload > 0 ? w.uploadBody() : null;
    }

    @Override
    void send(Run run, long t) {
        BoundRequestBuilder b = body != null ? client.preparePost(w.url).setBody(body) : client.prepareGet(w.url);
        if (w.close) {
            b.setHeader("Connection", "close");
        }
        b.execute(new AsyncHandler<Void>() {
            private int status;

            @Override
            public State onStatusReceived(HttpResponseStatus s) {
                status = s.getStatusCode();
                return State.CONTINUE;
            }

            @Override
            public State onHeadersReceived(HttpHeaders headers) {
                return State.CONTINUE;
            }

            @Override
            public State onBodyPartReceived(HttpResponseBodyPart part) {
                run.body(part.length());
                return State.CONTINUE;
            }

            @Override
            public void onThrowable(Throwable e) {
                run.failed(String.valueOf(e));
                next(run, t);
            }

            @Override
            public Void onCompleted() {
                status(run, status);
                next(run, t);
                return null;
            }
        });
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
