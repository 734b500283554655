package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code CURLOPT_FOLLOWLOCATION} and its companions against the scripted server: the hops, the
 * information about them, the limit, hostile {@code Location} values, the body of a 3xx (drained on
 * a kept connection, not read on a closing one), the method rules of 301/302/303/307/308 with the
 * rewind of a read callback, and credentials kept from other origins. Every hop that can reuse the
 * connection does ({@code CURLINFO_NUM_CONNECTS}, the server's connection count).
 */
@Timeout(30)
class RedirectTest {
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Action redirect(int code, String location, String body) {
        return Action.respond("HTTP/1.1 " + code + " Moved\r\nLocation: " + location + "\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
    }

    private CurlEasy follow(String path, Sink sink) {
        CurlEasy e = easy(server.url(path), sink);
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_FOLLOWLOCATION, 1L));
        return e;
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server recorded the request");
        return r;
    }

    @Test
    void relativeAndAbsoluteLocationsFollowedOnOneConnection() throws Exception {
        server.enqueue(redirect(301, "/b?x=1", "moved"));
        server.enqueue(redirect(302, server.url("/c"), "found"));
        server.enqueue(redirect(307, "d", ""));
        server.enqueue(Action.respond(200, "done"));
        Sink sink = new Sink();
        try (CurlEasy easy = follow("/a/", sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("done", sink.text(), "the bodies of the 3xx are not delivered");
            assertEquals(3L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
            assertEquals(server.url("/d"), easy.getinfo(CURLINFO_EFFECTIVE_URL));
            assertNull(easy.getinfo(CURLINFO_REDIRECT_URL), "the last response did not redirect");
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS), "each hop reused the connection");
            long redirectUs = easy.getinfo(CURLINFO_REDIRECT_TIME_T);
            assertTrue(redirectUs > 0 && redirectUs <= easy.getinfo(CURLINFO_TOTAL_TIME_T), "redirect time " + redirectUs);
            assertEquals(4L, easy.getinfo(CURLINFO_SIZE_DOWNLOAD_T), "the last response's body only");
        }
        assertEquals("/a/", take().target());
        assertEquals("/b?x=1", take().target());
        assertEquals("/c", take().target());
        RecordedRequest last = take();
        assertEquals("/d", last.target());
        assertEquals("GET", last.method());
        assertEquals(1, server.connectionCount());
    }

    @Test
    void withoutFollowTheRedirectIsOnlyReported() throws Exception {
        server.enqueue(redirect(302, "/elsewhere", "moved"));
        Sink sink = new Sink();
        try (CurlEasy easy = easy(server.url("/a"), sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("moved", sink.text());
            assertEquals(server.url("/elsewhere"), easy.getinfo(CURLINFO_REDIRECT_URL));
            assertEquals(0L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
            assertEquals(0L, easy.getinfo(CURLINFO_REDIRECT_TIME_T));
        }
        assertEquals(1, server.requestCount());
    }

    @Test
    void aLoopEndsWith47AtTheLimit() throws Exception {
        server.setDefault(redirect(302, "/loop", "again"));
        try (CurlEasy easy = follow("/loop", new Sink())) {
            easy.setopt(CURLOPT_MAXREDIRS, 5L);
            CurlCode rc = easy.perform();
            assertEquals(CurlCode.CURLE_TOO_MANY_REDIRECTS, rc, easy.errorBuffer());
            assertEquals(47, rc.code());
            assertEquals("Maximum (5) redirects followed", easy.errorBuffer());
            assertEquals(5L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
            assertEquals(server.url("/loop"), easy.getinfo(CURLINFO_REDIRECT_URL));
        }
        assertEquals(6, server.requestCount());
        assertEquals(1, server.connectionCount());
    }

    @Test
    void theDefaultLimitIs30AndMinusOneHasNone() throws Exception {
        server.setDefault(redirect(302, "/loop", ""));
        try (CurlEasy easy = follow("/loop", new Sink())) {
            assertEquals(CurlCode.CURLE_TOO_MANY_REDIRECTS, easy.perform());
            assertEquals(30L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
        }
        assertEquals(31, server.requestCount());
        for (int i = 0; i < 40; i++) {
            server.enqueue(redirect(308, "/hop" + i, ""));
        }
        server.enqueue(Action.respond(200, "end"));
        Sink sink = new Sink();
        try (CurlEasy easy = follow("/start", sink)) {
            easy.setopt(CURLOPT_MAXREDIRS, -1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(40L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
            assertEquals("end", sink.text());
        }
    }

    @Test
    void maxRedirsZeroFollowsNothing() throws Exception {
        server.enqueue(redirect(301, "/b", "body"));
        Sink sink = new Sink();
        try (CurlEasy easy = follow("/a", sink)) {
            easy.setopt(CURLOPT_MAXREDIRS, 0L);
            assertEquals(CurlCode.CURLE_TOO_MANY_REDIRECTS, easy.perform());
            assertEquals(server.url("/b"), easy.getinfo(CURLINFO_REDIRECT_URL));
            assertEquals("", sink.text(), "the body of a 3xx being followed is ignored");
        }
        assertEquals(1, server.requestCount());
    }

    @Test
    void optionRangesAreChecked() {
        try (CurlEasy easy = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.setopt(CURLOPT_FOLLOWLOCATION, 4L));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.setopt(CURLOPT_MAXREDIRS, -2L));
            assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, easy.setopt(CURLOPT_REDIR_PROTOCOLS_STR, "http,nope"));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.setopt(CURLOPT_REDIR_PROTOCOLS_STR, ","));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_REDIR_PROTOCOLS_STR, "HTTP, https"));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_REDIR_PROTOCOLS_STR, "all"));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_POSTREDIR, CURL_REDIR_POST_ALL));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_UNRESTRICTED_AUTH, 1L));
            easy.setopt(CURLOPT_MAXREDIRS, 3L);
            try (CurlEasy dup = easy.duphandle()) {
                assertEquals(3L, dup.handle().maxRedirs);
                assertTrue(dup.handle().seldom.unrestrictedAuth);
            }
            easy.reset();
            assertEquals(30L, easy.handle().maxRedirs);
            assertEquals(0L, easy.handle().followLocation);
        }
    }

    @Test
    void aLocationToFileOrAnUnlistedSchemeIsRefused() throws Exception {
        String[][] cases = {
            {"file:///etc/passwd", null, "Protocol \"file\" disabled (in redirect)"},
            {"ftp://127.0.0.1/x", null, "Protocol \"ftp\" not supported (in redirect)"},
            {"gopher://127.0.0.1/x", null, "Protocol \"gopher\" disabled (in redirect)"},
            {server.url("/plain"), "https", "Protocol \"http\" disabled (in redirect)"},
        };
        for (String[] c : cases) {
            server.enqueue(redirect(302, c[0], ""));
            try (CurlEasy easy = follow("/a", new Sink())) {
                if (c[1] != null) {
                    easy.setopt(CURLOPT_REDIR_PROTOCOLS_STR, c[1]);
                }
                assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, easy.perform(), c[0]);
                assertEquals(c[2], easy.errorBuffer());
                assertEquals(1L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
            }
        }
        assertEquals(cases.length, server.requestCount(), "nothing followed");
    }

    @Test
    void aLocationWithCrOrLfIsNotFollowed() throws Exception {
        // a bare CR inside the field: the response is malformed, as libcurl 8 judges it
        server.enqueue(Action.respond("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + server.port()
                + "/a\rX-Injected: 1\r\nContent-Length: 0\r\n\r\n"));
        try (CurlEasy easy = follow("/a", new Sink())) {
            assertEquals(CurlCode.CURLE_WEIRD_SERVER_REPLY, easy.perform(), "a Location holding CR is refused");
            assertEquals(0L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
        }
        assertEquals(1, server.requestCount(), "no request to the injected target");
        // CR LF escaped in the value stays escaped in the next request's target: no header injected
        server.enqueue(redirect(302, "/b%0d%0aX-Injected:%201 c", ""));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy easy = follow("/a", new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        take();
        take();
        RecordedRequest next = take();
        assertEquals("/b%0d%0aX-Injected:%201%20c", next.target());
        assertNull(next.header("X-Injected"));
    }

    @Test
    void verboseTellsEachHopAsCurlDoes() throws Exception {
        server.enqueue(redirect(301, "/b", "moved"));
        server.enqueue(Action.respond(200, "ok"));
        List<String> text = new ArrayList<>();
        try (CurlEasy easy = follow("/a", new Sink())) {
            easy.setopt(CURLOPT_VERBOSE, 1L);
            easy.setopt(CURLOPT_DEBUGFUNCTION, (e, type, data, ud) -> {
                if (type == CurlInfoType.CURLINFO_TEXT) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    text.add(ascii(b).strip());
                }
                return 0;
            });
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        int ignoring = text.indexOf("Ignoring the response-body");
        int intact = text.indexOf("Connection #0 to host 127.0.0.1 left intact");
        int issue = text.indexOf("Issue another request to this URL: '" + server.url("/b") + "'");
        assertTrue(ignoring >= 0 && intact > ignoring && issue > intact, text.toString());
        assertTrue(text.subList(issue, text.size()).stream().anyMatch(l -> l.startsWith("Re-using existing")),
                text.toString());
    }

    @Test
    void aMissingLocationEndsWithThe3xx() throws Exception {
        server.enqueue(Action.respond(302, "no location"));
        Sink sink = new Sink();
        try (CurlEasy easy = follow("/a", sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(302L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("no location", sink.text());
            assertEquals(0L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
        }
    }

    @Test
    void aBodyOnAKeptConnectionIsDrainedAndOneOnAClosingOneNotRead() throws Exception {
        String big = "x".repeat(200_000);
        server.enqueue(redirect(301, "/next", big));
        server.enqueue(Action.respond(200, "kept"));
        Sink sink = new Sink();
        try (CurlEasy easy = follow("/a", sink)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("kept", sink.text());
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
        assertEquals(1, server.connectionCount());
        // a 3xx that closes, its body without a length: not read, the next hop connects anew
        server.enqueue(Action.respond("HTTP/1.1 302 Found\r\nLocation: /fresh\r\nConnection: close\r\n\r\n"),
                Action.stall());
        server.enqueue(Action.respond(200, "fresh"));
        Sink sink2 = new Sink();
        try (CurlEasy easy = follow("/b", sink2)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("fresh", sink2.text());
            assertEquals(2L, easy.getinfo(CURLINFO_NUM_CONNECTS));
        }
        assertEquals(3, server.connectionCount());
    }

    @Test
    void postBecomesGetAfter301302And303UnlessPostRedirSaysOtherwise() throws Exception {
        byte[] fields = ascii("name=value");
        int[] codes = {301, 302, 303};
        for (int code : codes) {
            for (boolean keep : new boolean[] {false, true}) {
                server.enqueue(redirect(code, "/target", ""));
                server.enqueue(Action.respond(200, "ok"));
                try (CurlEasy easy = follow("/form", new Sink())) {
                    easy.setopt(CURLOPT_POSTFIELDS, fields);
                    if (keep) {
                        easy.setopt(CURLOPT_POSTREDIR, CURL_REDIR_POST_ALL);
                    }
                    assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                    assertEquals(keep ? "POST" : "GET", easy.getinfo(CURLINFO_EFFECTIVE_METHOD), code + " " + keep);
                }
                RecordedRequest first = take();
                assertEquals("POST", first.method());
                RecordedRequest second = take();
                String what = code + (keep ? " with POSTREDIR" : "");
                if (keep) {
                    assertEquals("POST", second.method(), what);
                    assertEquals("name=value", ascii(second.body()), what);
                } else {
                    assertEquals("GET", second.method(), what);
                    assertNull(second.header("Content-Length"), what);
                    assertEquals(0, second.bodySize(), what);
                }
            }
        }
    }

    @Test
    void aPutBecomesGetAfter303() throws Exception {
        server.enqueue(redirect(303, "/see", ""));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy easy = follow("/put", new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, reader(ascii("payload"), 100));
            easy.setopt(CURLOPT_INFILESIZE_LARGE, 7L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertEquals("PUT", take().method());
        RecordedRequest second = take();
        assertEquals("GET", second.method());
        assertEquals(0, second.bodySize());
    }

    @Test
    void with307And308PostFieldsGoAgain() throws Exception {
        for (int code : new int[] {307, 308}) {
            server.enqueue(redirect(code, "/again", ""));
            server.enqueue(Action.respond(200, "ok"));
            try (CurlEasy easy = follow("/form", new Sink())) {
                easy.setopt(CURLOPT_POSTFIELDS, ascii("a=1&b=2"));
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            }
            take();
            RecordedRequest second = take();
            assertEquals("POST", second.method());
            assertEquals("/again", second.target());
            assertEquals("a=1&b=2", ascii(second.body()));
        }
    }

    /** A read callback over fixed bytes, rewound by the seek callback. */
    private static final class Source implements CurlReadFunction, CurlSeekFunction {
        final byte[] data;
        int pos;
        final List<Long> seeks = new ArrayList<>();

        Source(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst, Object userdata) {
            int n = Math.min(dst.remaining(), data.length - pos);
            dst.put(data, pos, n);
            pos += n;
            return n;
        }

        @Override
        public int seek(Object userdata, long offset, int origin) {
            seeks.add(offset);
            pos = (int) offset;
            return CURL_SEEKFUNC_OK;
        }
    }

    @Test
    void with307AReadCallbackIsRewoundThroughTheSeekCallback() throws Exception {
        byte[] body = randomBytes(50_000, 5);
        server.enqueue(redirect(307, "/again", ""));
        server.enqueue(Action.respond(200, "stored"));
        Source src = new Source(body);
        try (CurlEasy easy = follow("/up", new Sink())) {
            easy.setopt(CURLOPT_POST, 1L);
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) body.length);
            easy.setopt(CURLOPT_READFUNCTION, src);
            easy.setopt(CURLOPT_SEEKFUNCTION, src);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(body.length, easy.getinfo(CURLINFO_SIZE_UPLOAD_T));
        }
        assertEquals(List.of(0L), src.seeks);
        assertArrayEquals(body, take().body());
        RecordedRequest again = take();
        assertEquals("POST", again.method());
        assertArrayEquals(body, again.body(), "the whole body again");
    }

    @Test
    void with308AReadCallbackWithoutSeekEndsWith65() throws Exception {
        server.enqueue(redirect(308, "/again", ""));
        try (CurlEasy easy = follow("/up", new Sink())) {
            easy.setopt(CURLOPT_POST, 1L);
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, 5L);
            easy.setopt(CURLOPT_READFUNCTION, reader(ascii("hello"), 100));
            CurlCode rc = easy.perform();
            assertEquals(CurlCode.CURLE_SEND_FAIL_REWIND, rc, easy.errorBuffer());
            assertEquals(65, rc.code());
        }
        assertEquals(1, server.requestCount(), "not sent again without its start");
    }

    @Test
    void credentialsAndSensitiveHeadersStayWithTheFirstOrigin() throws Exception {
        try (ScriptedServer other = ScriptedServer.start()) {
            for (boolean unrestricted : new boolean[] {false, true}) {
                server.enqueue(redirect(302, "/same", ""));
                server.enqueue(redirect(302, other.url("/other-port"), ""));
                other.enqueue(redirect(302, "http://other.test:" + other.port() + "/other-host", ""));
                other.enqueue(Action.respond(200, "ok"));
                try (CurlEasy easy = follow("/first", new Sink())) {
                    easy.setopt(CURLOPT_USERPWD, "user:secret");
                    easy.setopt(CURLOPT_HTTPHEADER, List.of("Cookie: c=1", "X-Keep: yes", "Authorization: Token t"));
                    easy.setopt(CURLOPT_RESOLVE, List.of("other.test:" + other.port() + ":127.0.0.1"));
                    if (unrestricted) {
                        easy.setopt(CURLOPT_UNRESTRICTED_AUTH, 1L);
                    }
                    assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                    assertEquals(3L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
                }
                for (RecordedRequest r : new RecordedRequest[] {take(), take()}) {
                    assertEquals("Token t", r.header("Authorization"), r.target());
                    assertEquals("c=1", r.header("Cookie"), r.target());
                }
                for (int i = 0; i < 2; i++) {
                    RecordedRequest r = other.takeRequest(5000);
                    assertNotNull(r);
                    assertEquals("yes", r.header("X-Keep"), r.target());
                    if (unrestricted) {
                        assertEquals("Token t", r.header("Authorization"), r.target());
                        assertEquals("c=1", r.header("Cookie"), r.target());
                    } else {
                        assertNull(r.header("Authorization"), r.target() + " gets no credentials");
                        assertNull(r.header("Cookie"), r.target() + " gets no cookie");
                    }
                }
            }
        }
    }

    @Test
    void basicCredentialsFollowOnlyWithUnrestrictedAuth() throws Exception {
        try (ScriptedServer other = ScriptedServer.start()) {
            for (boolean unrestricted : new boolean[] {false, true}) {
                server.enqueue(redirect(301, "/same", ""));
                server.enqueue(redirect(301, other.url("/away"), ""));
                other.enqueue(Action.respond(200, "ok"));
                try (CurlEasy easy = follow("/first", new Sink())) {
                    easy.setopt(CURLOPT_USERPWD, "user:secret");
                    easy.setopt(CURLOPT_UNRESTRICTED_AUTH, unrestricted ? 1L : 0L);
                    assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                    assertEquals(2L, easy.getinfo(CURLINFO_NUM_CONNECTS));
                }
                String basic = "Basic dXNlcjpzZWNyZXQ=";
                assertEquals(basic, take().header("Authorization"));
                assertEquals(basic, take().header("Authorization"), "same origin: kept");
                RecordedRequest away = other.takeRequest(5000);
                assertEquals(unrestricted ? basic : null, away.header("Authorization"));
            }
        }
    }

    @Test
    void theApplicationsHostLineStaysWithTheFirstOrigin() throws Exception {
        try (ScriptedServer other = ScriptedServer.start()) {
            server.enqueue(redirect(301, "/same", ""));
            server.enqueue(redirect(301, "http://other.test:" + other.port() + "/away", ""));
            other.enqueue(Action.respond(200, "ok"));
            try (CurlEasy easy = follow("/first", new Sink())) {
                easy.setopt(CURLOPT_HTTPHEADER, List.of("Host: custom.example"));
                easy.setopt(CURLOPT_RESOLVE, List.of("other.test:" + other.port() + ":127.0.0.1"));
                easy.setopt(CURLOPT_UNRESTRICTED_AUTH, 1L); // does not carry the Host line
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            }
            assertEquals("custom.example", take().header("Host"));
            assertEquals("custom.example", take().header("Host"), "same origin: kept");
            RecordedRequest away = other.takeRequest(5000);
            assertNotNull(away);
            assertEquals(List.of("other.test:" + other.port()), away.headers("Host"), "the target's own Host, once");
        }
    }

    @Test
    void aRedirectToAnotherHostConnectsToThatHostsAddress() throws Exception {
        try (ScriptedServer other = ScriptedServer.start(java.net.InetAddress.getByName("127.0.0.2"))) {
            server.enqueue(redirect(302, "http://127.0.0.2:" + other.port() + "/there", ""));
            other.enqueue(Action.respond(200, "there"));
            Sink sink = new Sink();
            try (CurlEasy easy = follow("/here", sink)) {
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals("127.0.0.2", easy.getinfo(CURLINFO_PRIMARY_IP));
            }
            assertEquals("there", sink.text());
            assertEquals("/there", other.takeRequest(5000).target());
        }
    }

    @Test
    void anEmptyUserinfoInTheLocationIsNoCredentials() throws Exception {
        server.enqueue(redirect(301, "http://@127.0.0.1:" + server.port() + "/empty", ""));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy easy = follow("/first", new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertNull(take().header("Authorization"));
        assertNull(take().header("Authorization"), "http://@host/ sends no Basic of an empty user");
    }

    @Test
    void afterAnHttp10ResponseTheNextHopIsHttp10TooAndAStreamedUploadCannotGo() throws Exception {
        server.enqueue(Action.respond("HTTP/1.0 301 Moved\r\nLocation: /next\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n"), Action.close());
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy easy = follow("/first", new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        }
        assertEquals("GET /first HTTP/1.1", take().requestLine());
        assertEquals("GET /next HTTP/1.0", take().requestLine(), "on a new connection, still 1.0");

        // a PUT of unknown size goes chunked, which HTTP/1.0 cannot carry: 25 before any byte goes
        server.enqueue(Action.respond("HTTP/1.0 307 Again\r\nLocation: /put2\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n"), Action.close());
        byte[] data = "upload".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int[] at = {0};
        try (CurlEasy easy = follow("/put", new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, (CurlReadFunction) (buf, ud) -> {
                int n = Math.min(buf.remaining(), data.length - at[0]);
                buf.put(data, at[0], n);
                at[0] += n;
                return n;
            });
            easy.setopt(CURLOPT_SEEKFUNCTION, (CurlSeekFunction) (ud, offset, origin) -> {
                at[0] = (int) offset;
                return CURL_SEEKFUNC_OK;
            });
            assertEquals(CurlCode.CURLE_UPLOAD_FAILED, easy.perform());
            assertEquals("Chunky upload is not supported by HTTP 1.0", easy.errorBuffer());
        }
        assertEquals("PUT /put HTTP/1.1", take().requestLine());
    }

    @Test
    void autoRefererNamesThePreviousUrlWithoutCredentials() throws Exception {
        server.enqueue(redirect(302, "/next", ""));
        server.enqueue(Action.respond(200, "ok"));
        String url = "http://u:p@127.0.0.1:" + server.port() + "/from?q=1";
        try (CurlEasy easy = easy(url, new Sink())) {
            easy.setopt(CURLOPT_FOLLOWLOCATION, 1L);
            easy.setopt(CURLOPT_AUTOREFERER, 1L);
            easy.setopt(CURLOPT_REFERER, "first.html");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("http://127.0.0.1:" + server.port() + "/from?q=1", easy.getinfo(CURLINFO_REFERER),
                    "the last request's Referer");
        }
        assertEquals("first.html", take().header("Referer"));
        assertEquals("http://127.0.0.1:" + server.port() + "/from?q=1", take().header("Referer"));
    }

    @Test
    void aChainOfRedirectsOnJetty() throws Exception {
        try (JettyServer jetty = JettyServer.start()) {
            Sink sink = new Sink();
            try (CurlEasy easy = easy(jetty.url("/redirect/5"), sink)) {
                easy.setopt(CURLOPT_FOLLOWLOCATION, 1L);
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
                assertEquals(6L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
                assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS), "every hop on one connection");
                assertEquals(jetty.url("/bytes?n=100000&seed=7"), easy.getinfo(CURLINFO_EFFECTIVE_URL));
            }
            assertEquals(JettyServer.crc32(100_000, 7), crc(sink.bytes()));
        }
    }

    @Test
    void toHttpsOnAnotherPortTheCredentialsStayBehind() throws Exception {
        TlsFixture fx = TlsFixture.get();
        for (boolean unrestricted : new boolean[] {false, true}) {
            server.enqueue(redirect(302, fx.url(TlsFixture.VALID, "server.hiper.test", "/headers"), ""));
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            try (CurlEasy easy = follow("/plain", null)) {
                easy.setopt(CURLOPT_WRITEFUNCTION, TlsFixture.into(body));
                easy.setopt(CURLOPT_RESOLVE,
                        List.of("server.hiper.test:" + fx.port(TlsFixture.VALID) + ":127.0.0.1"));
                easy.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
                easy.setopt(CURLOPT_USERPWD, "user:secret");
                easy.setopt(CURLOPT_UNRESTRICTED_AUTH, unrestricted ? 1L : 0L);
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals("https", easy.getinfo(CURLINFO_SCHEME));
                assertEquals(2L, easy.getinfo(CURLINFO_NUM_CONNECTS));
            }
            assertEquals("Basic dXNlcjpzZWNyZXQ=", take().header("Authorization"));
            String seen = body.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(unrestricted, seen.contains("Authorization: Basic dXNlcjpzZWNyZXQ="), seen);
        }
    }

    @Test
    void fromHttpsToPlainHttpTheSecondHopHasNoTls() throws Exception {
        TlsFixture fx = TlsFixture.get();
        server.enqueue(Action.respond(200, "plain"));
        String target = server.url("/after");
        try (dev.hiper.testkit.RawTlsServer tls = new dev.hiper.testkit.RawTlsServer(
                fx.tls[TlsFixture.VALID].context, null, (s, raw) -> {
                    dev.hiper.testkit.RawTlsServer.readHead(s.getInputStream());
                    s.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: " + target
                            + "\r\nSet-Cookie: seen=1\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // until the client closes
                })) {
            Sink sink = new Sink();
            try (CurlEasy easy = easy("https://server.hiper.test:" + tls.port() + "/start", sink)) {
                easy.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + tls.port() + ":127.0.0.1"));
                easy.setopt(CURLOPT_CAINFO, fx.pki.file("ca.pem"));
                easy.setopt(CURLOPT_FOLLOWLOCATION, 1L);
                easy.setopt(CURLOPT_COOKIEFILE, "");
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals("http", easy.getinfo(CURLINFO_SCHEME));
                assertEquals("plain", sink.text());
            }
        }
        RecordedRequest after = take();
        assertEquals("/after", after.target(), "the plain hop spoke HTTP, not TLS");
        assertNull(after.header("Cookie"), "the https host's cookie is not for 127.0.0.1");
    }
}
