package dev.hiper.bench.drivers;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import java.nio.ByteBuffer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12's {@code HttpClient} over HTTP/1.1: connections per destination and the request queue
 * at least the concurrency, no content decoders, no cookie store, no redirects; the body is
 * counted and dropped in {@code onContent}. In the HTTP/2 cells the transport is
 * {@code HttpClientTransportOverHTTP2} on an {@code HTTP2Client}: ALPN {@code h2} over TLS
 * (jetty-alpn-java-client), prior knowledge over {@code http://}.
 */
public final class JettyClient extends SlotClient {
    private final HttpClient client;
    private final Workload w;
    private final byte[] body;

    public JettyClient(Workload w) throws Exception {
        this.w = w;
        ClientConnector connector = new ClientConnector();
        if (w.https()) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            ssl.setTrustStore(Tls.trustStore(w.ca));
            connector.setSslContextFactory(ssl);
        }
        client = new HttpClient(w.h2() ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
                : new HttpClientTransportOverHTTP(connector));
        client.setMaxConnectionsPerDestination(Math.max(64, w.concurrency));
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, 2 * w.concurrency));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.getContentDecoderFactories().clear();
        if (w.proxy != null) {
            client.getProxyConfiguration().addProxy(new org.eclipse.jetty.client.HttpProxy(
                    w.proxyAddress().getHostString(), w.proxyAddress().getPort()));
        }
        client.start();
        body = w.upload > 0 ? w.uploadBody() : null;
    }

    @Override
    void send(Run run, long t) {
        var req = client.newRequest(w.url);
        if (body != null) {
            req.method(HttpMethod.POST).body(new BytesRequestContent(body));
        }
        if (w.close) {
            req.headers(h -> h.put("Connection", "close"));
        }
        req.send(new Response.Listener() {
            @Override
            public void onContent(Response response, ByteBuffer content) {
                run.body(content.remaining());
            }

            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    run.failed(String.valueOf(result.getFailure()));
                } else {
                    status(run, result.getResponse().getStatus(),
                            result.getResponse().getVersion() == org.eclipse.jetty.http.HttpVersion.HTTP_2);
                }
                next(run, t);
            }
        });
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
