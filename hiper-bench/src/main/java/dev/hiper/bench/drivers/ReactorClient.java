package dev.hiper.bench.drivers;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import java.io.File;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty's HTTP client over HTTP/2, in the HTTP/2 rows only: {@code H2} (ALPN) over TLS,
 * {@code H2C} (prior knowledge) over {@code http://}, a pool of as many connections as the row's
 * requests need at the row's streams a connection, no bound on requests waiting for a stream,
 * no compression; the body is counted and dropped buffer by buffer.
 */
public final class ReactorClient extends SlotClient {
    private final ConnectionProvider pool;
    private final HttpClient client;
    private final String url;

    public ReactorClient(Workload w) {
        url = w.url;
        int streams = Math.max(1, w.streams);
        pool = ConnectionProvider.builder("bench").maxConnections(Math.max(1, (w.concurrency + streams - 1) / streams))
                .pendingAcquireMaxCount(-1).build();
        HttpClient c = HttpClient.create(pool).compress(false);
        if (w.https()) {
            c = c.protocol(HttpProtocol.H2).secure(spec -> spec.sslContext(Http2SslContextSpec.forClient()
                    .configure(b -> b.trustManager(new File(w.ca)))));
        } else {
            c = c.protocol(HttpProtocol.H2C);
        }
        client = c;
    }

    @Override
    void send(Run run, long t) {
        client.get().uri(url)
                .response((HttpClientResponse resp, reactor.netty.ByteBufFlux body) -> body
                        .doOnNext(b -> run.body(b.readableBytes()))
                        .then(Mono.just(resp)))
                .next()
                .subscribe(resp -> {
                    status(run, resp.status().code(), resp.version().majorVersion() == 2);
                    next(run, t);
                }, err -> {
                    run.failed(String.valueOf(err));
                    next(run, t);
                });
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
