package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that closes inside the head of a final response, and one that folds its header lines,
 * seen through the header callback: libcurl 8 passes on every header line it got (the last one
 * too, with or without its line end, unfolded when folded) and ends with 18 only when a
 * Content-Length promised a body.
 */
@Timeout(30)
class HeadCutOffTest {
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CurlCode get(List<String> lines, Action... script) {
        server.enqueue(script);
        try (CurlEasy e = CurlEasy.init()) {
            e.setopt(CURLOPT_URL, server.url("/cut"));
            e.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> data.remaining());
            e.setopt(CURLOPT_HEADERFUNCTION, (line, ud) -> {
                byte[] b = new byte[line.remaining()];
                line.get(b);
                lines.add(new String(b, StandardCharsets.ISO_8859_1));
                return b.length;
            });
            CurlCode rc = e.perform();
            if (rc == CurlCode.CURLE_PARTIAL_FILE) {
                assertEquals("transfer closed with 6 bytes remaining to read", e.errorBuffer());
            }
            return rc;
        }
    }

    @Test
    void everyHeaderLineIsPassedOnAndAContentLengthMakesIt18() {
        List<String> lines = new ArrayList<>();
        assertEquals(CurlCode.CURLE_PARTIAL_FILE, get(lines,
                Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nFunny-head: swsclose\r\n"), Action.close()));
        assertEquals(List.of("HTTP/1.1 200 OK\r\n", "Content-Length: 6\r\n", "Funny-head: swsclose\r\n"), lines);
    }

    @Test
    void withoutAContentLengthTheResponseEndsThere() {
        List<String> lines = new ArrayList<>();
        assertEquals(CurlCode.CURLE_OK, get(lines, Action.respond("HTTP/1.1 200 OK\r\nX-A: 1\r\nX-B: par"),
                Action.close()));
        assertEquals(List.of("HTTP/1.1 200 OK\r\n", "X-A: 1\r\n", "X-B: par"), lines);
    }

    @Test
    void noFinalStatusLineIsAnEmptyReply() {
        List<String> lines = new ArrayList<>();
        assertEquals(CurlCode.CURLE_GOT_NOTHING, get(lines, Action.respond("HTTP/1.1 200 O"), Action.close()));
    }

    @Test
    void foldedLinesReachTheCallbackUnfolded() {
        List<String> lines = new ArrayList<>();
        assertEquals(CurlCode.CURLE_OK, get(lines, Action.respond("HTTP/1.1 200 OK\r\nServer: a/\r\n fake\r\n\tfolded\r\n"
                + "Content-Length: 2\r\nConnection:   \r\n close\r\n\r\nok")));
        assertEquals(List.of("HTTP/1.1 200 OK\r\n", "Server: a/ fake folded\r\n", "Content-Length: 2\r\n",
                "Connection: close\r\n", "\r\n"), lines);
    }
}
