package dev.hiper.bench.drivers;

import dev.hiper.bench.Run;
import dev.hiper.bench.Workload;
import dev.hiper.jdk.HiperHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The JDK's {@code java.net.http.HttpClient} API, HTTP/1.1, the default pool (it has no limit), no
 * cookie handler, no redirects, and an executor that runs each task on the thread that hands it over
 * ({@code Runnable::run}): the body subscriber counts and drops each buffer where it arrives, and the
 * next request of a slot is sent from the completion of the last, so no signal waits for another
 * thread to wake up. Both implementations get that same setup ({@code -Dhiper.bench.executor=default}
 * measures them on their default executors instead). Tool {@code jdk} runs it on the JDK's own implementation, tool
 * {@code hiper-jdk} on {@link HiperHttpClient}: the same code, the line that builds the client
 * aside. In the HTTP/2 cells the client asks for {@code HTTP_2} (ALPN over TLS); the h2c row
 * (prior knowledge) is n/a for it, the API having no such mode.
 */
public final class JdkClient extends SlotClient {
    private final HttpClient client;
    private final HttpRequest request;

    /**
     * @param w the workload
     * @param onHiper whether the client is {@link HiperHttpClient} rather than the JDK's own
     */
    public JdkClient(Workload w, boolean onHiper) throws Exception {
        if (w.close) {
            // Connection is a restricted header unless this is set before the client's classes load
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        }
        HttpClient.Builder b = onHiper ? HiperHttpClient.newBuilder() : HttpClient.newBuilder();
        if (!"default".equals(System.getProperty("hiper.bench.executor", ""))) {
            b.executor(Runnable::run);
        }
        b.version(w.h2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER);
        if (w.https()) {
            if (onHiper) {
                ((HiperHttpClient.Builder) b).trustedCertificates(Path.of(w.ca));
            } else {
                b.sslContext(Tls.context(w.ca));
            }
        }
        if (w.proxy != null) {
            b.proxy(java.net.ProxySelector.of(w.proxyAddress())); // CONNECT for https, as for the other clients
        }
        client = b.build();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(w.url));
        if (w.close) {
            r.header("Connection", "close");
        }
        if (w.upload > 0) {
            r.POST(HttpRequest.BodyPublishers.ofByteArray(w.uploadBody()));
        }
        request = r.build();
    }

    @Override
    void send(Run run, long t) {
        client.sendAsync(request, info -> new Counting(run)).whenComplete((resp, err) -> {
            if (err != null) {
                run.failed(String.valueOf(err));
            } else {
                status(run, resp.statusCode(), resp.version() == HttpClient.Version.HTTP_2);
            }
            next(run, t);
        });
    }

    /** Counts and drops body buffers as they come. */
    private static final class Counting implements HttpResponse.BodySubscriber<Void> {
        private final Run run;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Counting(Run run) {
            this.run = run;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            long n = 0;
            for (ByteBuffer b : items) {
                n += b.remaining();
            }
            run.body(n);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from Java 21 (HiperHttpClient has its own); the process
        // ends right after either way.
        if (client instanceof HiperHttpClient h) {
            h.close();
        }
    }
}
