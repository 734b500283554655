package dev.hiper.internal.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The redirect rules on their own, for what needs no server: schemes, limits, bad locations. */
class RedirectHopTest {
    private static HttpHeaders location(String where) {
        return HttpHeaders.of(Map.of("Location", List.of(where)), (n, v) -> true);
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }

    @Test
    void normalNeverGoesFromHttpsToHttpButAlwaysDoes() throws IOException {
        HttpRequest from = get("https://a.example/x");
        assertNull(RedirectHop.next(Redirect.NORMAL, from, 302, location("http://a.example/y"), 0));
        assertEquals(URI.create("http://a.example/y"),
                RedirectHop.next(Redirect.ALWAYS, from, 302, location("http://a.example/y"), 0).uri());
        assertEquals(URI.create("https://b.example/y"),
                RedirectHop.next(Redirect.NORMAL, get("http://a.example/x"), 301, location("https://b.example/y"), 0).uri());
    }

    @Test
    void relativeLocationsResolveAgainstTheRequestSent() throws IOException {
        HttpRequest to = RedirectHop.next(Redirect.NORMAL, get("http://a.example/dir/page?q=1"), 307, location("../up#f"), 0);
        assertEquals(URI.create("http://a.example/up#f"), to.uri());
        assertEquals("GET", to.method());
    }

    @Test
    void theFifthResponseIsTheAnswer() throws IOException {
        HttpRequest from = get("http://a.example/x");
        assertTrue(RedirectHop.next(Redirect.NORMAL, from, 302, location("/y"), 3) != null);
        assertNull(RedirectHop.next(Redirect.NORMAL, from, 302, location("/y"), 4));
    }

    @Test
    void anUnparsableLocationFailsLikeAMissingOne() {
        IOException e = assertThrows(IOException.class,
                () -> RedirectHop.next(Redirect.NORMAL, get("http://a.example/x"), 302, location("http://a b/"), 0));
        assertTrue(e.getMessage().startsWith("Invalid redirection"), e.getMessage());
    }
}
