package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A POST whose fields are empty, sent chunked because the application's own
 * {@code Transfer-Encoding: chunked} asks for it: the body is the last chunk alone, as curl sends it.
 */
@Timeout(30)
class EmptyChunkedPostTest {
    @Test
    void theLastChunkAloneIsTheBody() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlEasy e = CurlEasy.init()) {
            server.enqueue(Action.respond(200, "ok"));
            e.setopt(CURLOPT_URL, server.url("/post"));
            e.setopt(CURLOPT_POSTFIELDS, new byte[0]);
            e.setopt(CURLOPT_HTTPHEADER, List.of("Transfer-Encoding: chunked"));
            e.setopt(CURLOPT_WRITEFUNCTION, (d, ud) -> d.remaining());
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            RecordedRequest r = server.takeRequest(5000);
            assertNotNull(r);
            String raw = new String(r.raw(), StandardCharsets.ISO_8859_1);
            assertTrue(raw.startsWith("POST /post HTTP/1.1\r\n"), raw);
            assertTrue(raw.contains("\r\nTransfer-Encoding: chunked\r\n"), raw);
            assertFalse(raw.contains("Content-Length"), raw);
            assertTrue(raw.endsWith("\r\n\r\n0\r\n\r\n"), raw);
        }
    }
}
