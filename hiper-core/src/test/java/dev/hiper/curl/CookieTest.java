package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cookie engine against the scripted server: cookies kept from one response and sent with
 * the next, across redirect hops, by host name (a Secure cookie not over plain HTTP to a
 * non-loopback name, no cookie for a public suffix), the files (COOKIEFILE, COOKIEJAR written
 * at cleanup, COOKIESESSION), COOKIELIST's commands, CURLINFO_COOKIELIST, CURLOPT_COOKIE, and
 * libcurl's limit of 50 cookies taken from one response.
 */
@Timeout(30)
class CookieTest {
    private ScriptedServer server;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Action withCookies(String... setCookies) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (String c : setCookies) {
            sb.append("Set-Cookie: ").append(c).append("\r\n");
        }
        return Action.respond(sb.append("Content-Length: 2\r\n\r\nok").toString());
    }

    private String cookieLine() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server recorded the request");
        for (String line : ascii(r.head()).split("\r\n")) {
            if (line.regionMatches(true, 0, "Cookie:", 0, 7)) {
                return line.substring(7).trim();
            }
        }
        return null;
    }

    /** A handle for a name that resolves to the loopback server but is not a loopback name. */
    private CurlEasy named(String host, String path) {
        CurlEasy e = easy("http://" + host + ":" + server.port() + path, new Sink());
        assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_RESOLVE, List.of(host + ":" + server.port() + ":127.0.0.1")));
        return e;
    }

    @Test
    void keptFromOneResponseAndSentWithTheNext() throws Exception {
        server.enqueue(withCookies("a=1", "b=2; Path=/app", "gone=x; Max-Age=0", "c=3; Path=/other"));
        server.enqueue(Action.respond(200, "ok"));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy easy = easy(server.url("/app/login"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_COOKIEFILE, ""));
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertNull(cookieLine(), "no cookie before any was set");
            easy.setopt(CURLOPT_URL, server.url("/app/page"));
            easy.setopt(CURLOPT_COOKIE, "extra=yes");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("b=2; a=1; extra=yes", cookieLine(), "longest path first, CURLOPT_COOKIE last");
            List<String> list = easy.getinfo(CURLINFO_COOKIELIST);
            assertEquals(3, list.size(), list.toString());
            assertTrue(list.contains("127.0.0.1\tFALSE\t/app\tFALSE\t0\tb\t2"), list.toString());
            easy.setopt(CURLOPT_COOKIELIST, "ALL");
            easy.setopt(CURLOPT_COOKIE, null);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertNull(cookieLine(), "ALL forgot them");
        }
    }

    @Test
    void withoutTheEngineNothingIsKept() throws Exception {
        server.enqueue(withCookies("a=1"));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertNull(easy.getinfo(CURLINFO_COOKIELIST).isEmpty() ? null : "kept");
        }
        cookieLine();
        assertNull(cookieLine());
    }

    @Test
    void sentAlongTheHopsOfARedirect() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 302 Found\r\nLocation: /next\r\nSet-Cookie: hop=1\r\n"
                + "Content-Length: 0\r\n\r\n"));
        server.enqueue(withCookies("final=2"));
        try (CurlEasy easy = easy(server.url("/start"), new Sink())) {
            easy.setopt(CURLOPT_COOKIEFILE, "");
            easy.setopt(CURLOPT_FOLLOWLOCATION, 1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(2, easy.getinfo(CURLINFO_COOKIELIST).size());
        }
        assertNull(cookieLine());
        assertEquals("hop=1", cookieLine(), "the cookie of the 302 goes with the next hop");
    }

    @Test
    void secureAndPublicSuffixRulesByHostName() throws Exception {
        server.setDefault(Action.respond(200, "ok"));
        server.enqueue(withCookies("s=1; Secure", "plain=1", "psl=1; Domain=co.uk", "mine=1; Domain=example.co.uk",
                "__Host-x=1; Path=/"));
        try (CurlEasy easy = named("www.example.co.uk", "/")) {
            easy.setopt(CURLOPT_COOKIEFILE, "");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            List<String> list = easy.getinfo(CURLINFO_COOKIELIST);
            assertEquals(2, list.size(), "no Secure over http, no public suffix, no __Host- without Secure: " + list);
        }
        assertNull(cookieLine());
        assertEquals("plain=1; mine=1", cookieLine(), "the longer domain first");
        // to a loopback name, plain http is a secure context (as libcurl treats localhost)
        server.enqueue(withCookies("s=1; Secure"));
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_COOKIEFILE, "");
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals(CurlCode.CURLE_OK, easy.perform());
        }
        assertNull(cookieLine());
        assertEquals("s=1", cookieLine());
    }

    @Test
    void jarWrittenAtCleanupAndReadBack() throws Exception {
        Path jar = dir.resolve("jar.txt");
        server.setDefault(Action.respond(200, "ok"));
        server.enqueue(withCookies("sess=1", "keep=2; Max-Age=3600", "ho=3; HttpOnly; Max-Age=3600"));
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_COOKIEJAR, jar.toString());
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertFalse(Files.exists(jar), "written at cleanup, not before");
        }
        List<String> lines = Files.readAllLines(jar);
        assertEquals("# Netscape HTTP Cookie File", lines.get(0));
        assertEquals("", lines.get(3));
        assertEquals(7, lines.size(), lines.toString());
        assertTrue(lines.get(4).startsWith("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t"), "newest first: " + lines);
        assertTrue(lines.get(6).endsWith("\tsess\t1"), lines.toString());
        cookieLine();
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_COOKIEFILE, jar.toString());
            assertEquals(CurlCode.CURLE_OK, easy.perform());
        }
        assertEquals("sess=1; keep=2; ho=3", cookieLine(), "longest name first, then the newest");
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_COOKIEFILE, jar.toString());
            easy.setopt(CURLOPT_COOKIESESSION, 1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform());
        }
        assertEquals("keep=2; ho=3", cookieLine(), "a new session drops the session cookie");
    }

    @Test
    void cookieListCommands() throws Exception {
        Path jar = dir.resolve("flushed.txt");
        server.setDefault(Action.respond(200, "ok"));
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_COOKIELIST, "Set-Cookie: a=1; Max-Age=600; Domain=127.0.0.1"));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t0\tb\t2"));
            assertEquals(2, easy.getinfo(CURLINFO_COOKIELIST).size());
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals("b=2; a=1", cookieLine(), "a cookie from the list without a Path has none, and sorts last");
            easy.setopt(CURLOPT_COOKIELIST, "SESS");
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals("a=1", cookieLine(), "SESS dropped the session cookie");
            easy.setopt(CURLOPT_COOKIEJAR, jar.toString());
            easy.setopt(CURLOPT_COOKIELIST, "FLUSH");
            assertTrue(Files.readString(jar).contains("\ta\t1\n"), "FLUSH wrote the jar");
            Path file = dir.resolve("in.txt");
            Files.writeString(file, "127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\tyes\n");
            easy.setopt(CURLOPT_COOKIEFILE, file.toString());
            easy.setopt(CURLOPT_COOKIELIST, "ALL");
            easy.setopt(CURLOPT_COOKIELIST, "RELOAD");
            assertEquals(List.of("127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\tyes"), easy.getinfo(CURLINFO_COOKIELIST));
        }
    }

    @Test
    void atMostFiftyFromOneResponse() throws Exception {
        String[] many = new String[60];
        for (int i = 0; i < many.length; i++) {
            many[i] = "c" + i + "=" + i;
        }
        server.enqueue(withCookies(many));
        try (CurlEasy easy = easy(server.url("/"), new Sink())) {
            easy.setopt(CURLOPT_COOKIEFILE, "");
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals(50, easy.getinfo(CURLINFO_COOKIELIST).size());
        }
    }
}
