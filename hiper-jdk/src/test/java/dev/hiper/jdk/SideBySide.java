package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiper.testkit.JettyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of the side-by-side tests: the same request code runs on the JDK's own client and on
 * {@link HiperHttpClient}, against the same loopback servers, and what each saw must agree.
 */
abstract class SideBySide {
    static JettyServer jetty;
    static JdkServer plain;
    static HttpClient jdkClient;
    static HiperHttpClient hiperClient;

    /** What one client saw of a response; the Date header left out (it moves between requests). */
    record Seen(int status, Map<String, List<String>> headers, Object body, HttpClient.Version version, URI uri) {
        static Seen of(HttpResponse<?> r) {
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(r.headers().map());
            h.remove("date");
            Object body = r.body() instanceof byte[] ? ByteBuffer.wrap((byte[]) r.body()) : r.body();
            return new Seen(r.statusCode(), h, body, r.version(), r.uri());
        }
    }

    /** A call to run on each client. */
    interface Call<R> {
        R run(HttpClient client) throws Exception;
    }

    @BeforeAll
    static void startServersAndClients() throws Exception {
        jetty = JettyServer.start();
        plain = new JdkServer();
        jdkClient = HttpClient.newHttpClient();
        hiperClient = HiperHttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        hiperClient.close();
        plain.close();
        jetty.close();
    }

    static List<HttpClient> clients() {
        return List.of(jdkClient, hiperClient);
    }

    /** Runs {@code call} on both clients; asserts both results are equal and returns the JDK's. */
    static <R> R same(Call<R> call) throws Exception {
        List<R> results = new ArrayList<>();
        for (HttpClient c : clients()) {
            results.add(call.run(c));
        }
        assertEquals(results.get(0), results.get(1), "the JDK's client and hiper's disagree");
        return results.get(0);
    }

    /** Sends {@code request} with {@code handler} on both clients; the two {@link Seen}s must be equal. */
    static <T> Seen sameResponse(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws Exception {
        return same(c -> Seen.of(c.send(request, handler)));
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }
}
