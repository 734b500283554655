package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CURLOPT_NETRC} and {@code CURLOPT_NETRC_FILE} on real requests: each host, redirects
 * included, gets its own entry's Basic credentials; options win; a bad file fails with 26.
 */
@Timeout(30)
class NetrcOptionTest {
    @TempDir
    Path dir;
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String basic(String userPass) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private String head() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r);
        return new String(r.head(), StandardCharsets.ISO_8859_1);
    }

    private CurlEasy easy(String host, String netrcText, long mode) throws Exception {
        Path f = dir.resolve("netrc");
        Files.writeString(f, netrcText, StandardCharsets.ISO_8859_1);
        CurlEasy e = CurlEasy.init();
        int port = server.port();
        e.setopt(CURLOPT_URL, "http://" + host + ":" + port + "/one");
        e.setopt(CURLOPT_RESOLVE, List.of("a.example:" + port + ":127.0.0.1", "b.example:" + port + ":127.0.0.1"));
        e.setopt(CURLOPT_NETRC, mode);
        e.setopt(CURLOPT_NETRC_FILE, f.toString());
        e.setopt(CURLOPT_WRITEFUNCTION, (d, ud) -> d.remaining());
        return e;
    }

    @Test
    void eachHostOfARedirectGetsItsOwnEntry() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 302 Found\r\nLocation: http://b.example:" + server.port()
                + "/two\r\nContent-Length: 0\r\n\r\n"));
        server.enqueue(Action.respond(200, "ok"));
        try (CurlEasy e = easy("a.example", "machine a.example login ua password pa\n"
                + "machine b.example login ub password pb\n", CURL_NETRC_REQUIRED)) {
            e.setopt(CURLOPT_FOLLOWLOCATION, 1L);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
        }
        assertTrue(head().contains("\r\n" + basic("ua:pa") + "\r\n"));
        assertTrue(head().contains("\r\n" + basic("ub:pb") + "\r\n"));
    }

    @Test
    void optionsWinAndIgnoredReadsNothing() throws Exception {
        server.setDefault(Action.respond(200, "ok"));
        try (CurlEasy e = easy("a.example", "default login d password dd\n", CURL_NETRC_REQUIRED)) {
            e.setopt(CURLOPT_USERPWD, "opt:ion");
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(head().contains(basic("opt:ion")));
            e.setopt(CURLOPT_USERPWD, (String) null);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertTrue(head().contains(basic("d:dd")));
            e.setopt(CURLOPT_NETRC, CURL_NETRC_IGNORED);
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertFalse(head().contains("Authorization:"));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, e.setopt(CURLOPT_NETRC, 3L));
        }
    }

    @Test
    void aBadFileFailsWhenRequired() throws Exception {
        try (CurlEasy e = easy("a.example", "machine a.example password \"open\n", CURL_NETRC_REQUIRED)) {
            assertEquals(CurlCode.CURLE_READ_ERROR, e.perform());
            assertEquals(".netrc error: syntax error", e.errorBuffer());
            e.setopt(CURLOPT_NETRC, CURL_NETRC_OPTIONAL);
            server.enqueue(Action.respond(200, "ok"));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertFalse(head().contains("Authorization:"));
        }
    }
}
