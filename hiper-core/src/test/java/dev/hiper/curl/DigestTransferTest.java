package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Digest authentication and the scheme choice of CURLOPT_HTTPAUTH / CURLOPT_PROXYAUTH on real
 * loopback sockets: what goes out first, what answers a challenge (checked by computing the
 * RFC 7616 answer here), stale and refused nonces, the body held back while the scheme is not
 * known, and a forwarding proxy's 407.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DigestTransferTest {
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server got a request");
        return r;
    }

    private static void ok(CurlEasy easy) {
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
    }

    private static String challenge(int code, String header, String params) {
        String body = "no";
        return "HTTP/1.1 " + code + " Auth\r\n" + header + ": Digest " + params + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    /** The fields of an answer line ({@code name="value"} or {@code name=value}). */
    private static Map<String, String> fields(String head, String header) {
        Matcher line = Pattern.compile("\r\n" + header + ": Digest ([^\r]*)\r\n").matcher(head);
        assertTrue(line.find(), head);
        Map<String, String> m = new HashMap<>();
        Matcher f = Pattern.compile("(\\w+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,]*)").matcher(line.group(1));
        while (f.find()) {
            m.put(f.group(1), f.group(3) != null ? f.group(3) : f.group(2));
        }
        return m;
    }

    private static String hex(String algorithm, String s) throws Exception {
        byte[] d = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder();
        for (byte x : d) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    /** What a server computes for an answer with qop=auth (RFC 7616 section 3.4.1). */
    private static String expected(String alg, Map<String, String> f, String pass, String method) throws Exception {
        String ha1 = hex(alg, f.get("username") + ":" + f.get("realm") + ":" + pass);
        String ha2 = hex(alg, method + ":" + f.get("uri"));
        return hex(alg, ha1 + ":" + f.get("nonce") + ":" + f.get("nc") + ":" + f.get("cnonce") + ":" + f.get("qop")
                + ":" + ha2);
    }

    @Test
    void digestAsksFirstThenAnswersTheChallenge() throws Exception {
        server.enqueue(Action.respond(challenge(401, "WWW-Authenticate",
                "realm=\"r@example\", nonce=\"n0nce\", qop=\"auth\", opaque=\"op\"")));
        server.enqueue(Action.respond(200, "in"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/d?q=1"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "Mufasa:Circle of Life");
            ok(easy);
            assertFalse(ascii(take().head()).contains("Authorization"), "no nonce yet: no credentials");
            String head = ascii(take().head());
            Map<String, String> f = fields(head, "Authorization");
            assertEquals("Mufasa", f.get("username"));
            assertEquals("/d?q=1", f.get("uri"));
            assertEquals("00000001", f.get("nc"));
            assertEquals("op", f.get("opaque"));
            assertEquals(expected("MD5", f, "Circle of Life", "GET"), f.get("response"));
            assertEquals("in", body.text());
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_HTTPAUTH_AVAIL));
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_HTTPAUTH_USED));
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS), "the connection is reused");
        }
    }

    @Test
    void aStaleNonceIsReplacedWithoutFailing() throws Exception {
        server.enqueue(Action.respond(challenge(401, "WWW-Authenticate",
                "realm=\"r\", nonce=\"first\", qop=\"auth\", algorithm=SHA-256")));
        server.enqueue(Action.respond(challenge(401, "WWW-Authenticate",
                "realm=\"r\", nonce=\"second\", qop=\"auth\", algorithm=SHA-256, stale=true")));
        server.enqueue(Action.respond(200, "fresh"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/s"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "u:p");
            ok(easy);
            take();
            Map<String, String> one = fields(ascii(take().head()), "Authorization");
            Map<String, String> two = fields(ascii(take().head()), "Authorization");
            assertEquals("first", one.get("nonce"));
            assertEquals("second", two.get("nonce"));
            assertEquals("00000001", two.get("nc"), "a new nonce counts from one");
            assertEquals(expected("SHA-256", two, "p", "GET"), two.get("response"));
            assertEquals("fresh", body.text());
        }
    }

    @Test
    void aRefusedAnswerEndsWithThe401() throws Exception {
        server.enqueue(Action.respond(challenge(401, "WWW-Authenticate", "realm=\"r\", nonce=\"a\"")));
        server.enqueue(Action.respond(challenge(401, "WWW-Authenticate", "realm=\"r\", nonce=\"b\"")));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/x"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "u:wrong");
            ok(easy);
            assertEquals(2, server.requestCount(), "no third try");
            assertEquals(401L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("no", body.text());
            easy.setopt(CURLOPT_FAILONERROR, 1L);
            server.enqueue(Action.respond(challenge(401, "WWW-Authenticate", "realm=\"r\", nonce=\"a\"")));
            server.enqueue(Action.respond(challenge(401, "WWW-Authenticate", "realm=\"r\", nonce=\"b\"")));
            assertEquals(CurlCode.CURLE_HTTP_RETURNED_ERROR, easy.perform());
            assertEquals("The requested URL returned error: 401", easy.errorBuffer());
        }
    }

    @Test
    void anyPicksDigestOverBasic() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"b\"\r\n"
                + "WWW-Authenticate: Digest realm=\"d\", nonce=\"nn\", qop=\"auth-int,auth\"\r\nContent-Length: 0\r\n\r\n"));
        server.enqueue(Action.respond(200, ""));
        try (CurlEasy easy = easy(server.url("/any"), new Sink())) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANY);
            easy.setopt(CURLOPT_USERPWD, "u:p");
            ok(easy);
            take();
            Map<String, String> f = fields(ascii(take().head()), "Authorization");
            assertEquals("auth", f.get("qop"));
            assertEquals(expected("MD5", f, "p", "GET"), f.get("response"));
            assertEquals(CURLAUTH_BASIC | CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_HTTPAUTH_AVAIL));
        }
    }

    @Test
    void anySafeNeverSendsBasic() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"b\"\r\nContent-Length: 0\r\n\r\n"));
        try (CurlEasy easy = easy(server.url("/safe"), new Sink())) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANYSAFE);
            easy.setopt(CURLOPT_USERPWD, "u:p");
            ok(easy);
            assertEquals(1, server.requestCount());
            assertFalse(ascii(take().head()).contains("Authorization"));
            assertEquals(401L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(0L, easy.getinfo(CURLINFO_HTTPAUTH_USED));
        }
    }

    @Test
    void aPostWaitsForTheChallengeBeforeItsBody() throws Exception {
        server.enqueue(Action.respond(challenge(401, "WWW-Authenticate", "realm=\"r\", nonce=\"p1\", qop=\"auth\"")));
        server.enqueue(Action.respond(200, "posted"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/post"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "u:p");
            easy.setopt(CURLOPT_COPYPOSTFIELDS, "name=value");
            ok(easy);
            RecordedRequest probe = take();
            assertTrue(ascii(probe.head()).contains("\r\nContent-Length: 0\r\n"), ascii(probe.head()));
            assertEquals(0, probe.body().length);
            RecordedRequest real = take();
            assertEquals("name=value", ascii(real.body()));
            Map<String, String> f = fields(ascii(real.head()), "Authorization");
            assertEquals(expected("MD5", f, "p", "POST"), f.get("response"));
            assertEquals("posted", body.text());
        }
    }

    @Test
    void aForwardingProxyAsksForDigest() throws Exception {
        server.enqueue(Action.respond(challenge(407, "Proxy-Authenticate", "realm=\"proxy\", nonce=\"px\", qop=\"auth\"")));
        server.enqueue(Action.respond(200, "through"));
        Sink body = new Sink();
        try (CurlEasy easy = easy("http://origin.example/page", body)) {
            easy.setopt(CURLOPT_PROXY, "http://127.0.0.1:" + server.port());
            easy.setopt(CURLOPT_PROXYAUTH, CURLAUTH_ANY);
            easy.setopt(CURLOPT_PROXYUSERPWD, "pu:pp");
            ok(easy);
            assertFalse(ascii(take().head()).contains("Proxy-Authorization"), "asks first");
            String head = ascii(take().head());
            assertTrue(head.startsWith("GET http://origin.example/page HTTP/1.1\r\n"), head);
            Map<String, String> f = fields(head, "Proxy-Authorization");
            assertEquals("/page", f.get("uri"));
            assertEquals(expected("MD5", f, "pp", "GET"), f.get("response"));
            assertEquals("through", body.text());
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_PROXYAUTH_AVAIL));
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_PROXYAUTH_USED));
        }
    }

    @Test
    void hostileChallengesEndQuietly() throws Exception {
        String[] bad = {"nonce=\"unclosed", "realm=x", "nonce=1, algorithm=SHA-1", "nonce=1, algorithm=MD5-sess",
            "\"\"\"===,,,", "x".repeat(5000) + "=1, nonce=2", "a=1, ".repeat(100) + "nonce=3"};
        for (String params : bad) {
            server.enqueue(Action.respond(challenge(401, "WWW-Authenticate", params)));
            server.enqueue(Action.respond(200, "must not be asked"));
            try (CurlEasy easy = easy(server.url("/h"), new Sink())) {
                easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
                easy.setopt(CURLOPT_USERPWD, "u:p");
                ok(easy);
                assertEquals(401L, easy.getinfo(CURLINFO_RESPONSE_CODE), params.substring(0, Math.min(40, params.length())));
            }
            take();
            server.close();
            server = ScriptedServer.start();
        }
    }
}
