package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.transfer.Transfer;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handle added to the same multi again after its transfer ended runs its next transfer in the
 * same internal transfer object (no allocation per keep-alive request), with nothing of the last
 * transfer showing, also after a transfer the application removed before it ended.
 */
@Timeout(30)
class TransferReuseTest {
    @Test
    void aHandleAddedAgainRestartsItsTransferWithNothingLeftFromTheLast() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                CurlEasy easy = CurlEasy.init()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> {
                int n = d.remaining();
                byte[] b = new byte[n];
                d.get(b);
                body.write(b, 0, n);
                return n;
            });
            easy.setopt(CURLOPT_FAILONERROR, 1L);
            Transfer first = null;
            for (int i = 0; i < 4; i++) {
                server.enqueue(i == 2 ? Action.respond(404, "gone") : Action.respond(200, "body " + i));
                easy.setopt(CURLOPT_URL, server.url("/" + i));
                body.reset();
                assertEquals(CurlMCode.CURLM_OK, multi.addHandle(easy));
                Transfer t = easy.handle().transfer;
                if (first == null) {
                    first = t;
                } else {
                    assertSame(first, t, "transfer " + i + " runs in the handle's first transfer object");
                }
                CurlMsg m = runToEnd(multi);
                if (i == 2) {
                    assertEquals(CurlCode.CURLE_HTTP_RETURNED_ERROR, m.result());
                    assertEquals("The requested URL returned error: 404", easy.errorBuffer());
                } else {
                    assertEquals(CurlCode.CURLE_OK, m.result(), easy.errorBuffer());
                    assertEquals("", easy.errorBuffer(), "the last transfer's error is gone");
                    assertEquals("body " + i, body.toString());
                    assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
                    assertEquals(server.url("/" + i), easy.getinfo(CURLINFO_EFFECTIVE_URL));
                }
                assertEquals(CurlMCode.CURLM_OK, multi.removeHandle(easy));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals("GET /" + i + " HTTP/1.1", server.takeRequest(5000).requestLine());
            }
        }
    }

    @Test
    void aHandleRemovedMidTransferRunsItsNextTransferCleanly() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start(); CurlMulti multi = CurlMulti.init();
                CurlEasy easy = CurlEasy.init()) {
            server.enqueue(Action.await(release), Action.respond(200, "late"));
            server.enqueue(Action.respond(200, "next"));
            StringBuilder got = new StringBuilder();
            easy.setopt(CURLOPT_URL, server.url("/slow"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> {
                int n = d.remaining();
                byte[] b = new byte[n];
                d.get(b);
                got.append(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
                return n;
            });
            multi.addHandle(easy);
            Transfer abandoned = easy.handle().transfer;
            for (int i = 0; i < 250 && server.requestCount() == 0; i++) {
                multi.perform();
                multi.poll(20);
            }
            assertEquals(1, server.requestCount(), "the request went out");
            multi.removeHandle(easy); // still waiting for its response: its connection is closed, its waits let go
            release.countDown();
            easy.setopt(CURLOPT_URL, server.url("/next"));
            multi.addHandle(easy);
            assertSame(abandoned, easy.handle().transfer, "an abandoned transfer holds nothing either: restarted");
            CurlMsg m = runToEnd(multi);
            assertEquals(CurlCode.CURLE_OK, m.result(), easy.errorBuffer());
            assertEquals("next", got.toString(), "nothing of the abandoned response shows");
            assertNull(multi.infoRead(), "one message: the abandoned transfer queued none");
            multi.removeHandle(easy);
        }
    }

    private static CurlMsg runToEnd(CurlMulti multi) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            multi.perform();
            CurlMsg m = multi.infoRead();
            if (m != null) {
                return m;
            }
            multi.poll(50);
        }
        throw new AssertionError("no transfer ended within 10 s");
    }
}
