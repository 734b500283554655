package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The options the hiper command needs beyond the first set: the request lines they add (in curl's
 * order) and the response handling they change.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestOptionsTest {
    private ScriptedServer server;
    private String hostLine;
    private static final String UA = "User-Agent: " + Curl.version() + "\r\n";
    private static final String ACCEPT = "Accept: */*\r\n";

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        hostLine = "Host: 127.0.0.1:" + server.port() + "\r\n";
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

    @Test
    void refererFollowsAccept() throws Exception {
        server.enqueue(Action.respond(200, "x"));
        try (CurlEasy easy = easy(server.url("/r"), new Sink())) {
            easy.setopt(CURLOPT_REFERER, "http://from.example/");
            ok(easy);
            assertEquals("GET /r HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "Referer: http://from.example/\r\n\r\n",
                    ascii(take().raw()));
        }
    }

    @Test
    void rangeAsksForBytes() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 206 Partial\r\nContent-Range: bytes 2-4/10\r\n"
                + "Content-Length: 3\r\n\r\ncde"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/g"), body)) {
            easy.setopt(CURLOPT_RANGE, "2-4");
            ok(easy);
            assertEquals("GET /g HTTP/1.1\r\n" + hostLine + "Range: bytes=2-4\r\n" + UA + ACCEPT + "\r\n",
                    ascii(take().raw()));
            assertEquals("cde", body.text());
            assertEquals(206L, easy.getinfo(CURLINFO_RESPONSE_CODE));
        }
    }

    @Test
    void resumedDownloadNeedsTheRightContentRange() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 206 Partial\r\nContent-Range: bytes 5-9/10\r\n"
                + "Content-Length: 5\r\n\r\nfghij"));
        server.enqueue(Action.respond(200, "abcdefghij"));
        server.enqueue(Action.respond(416, ""));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/f"), body)) {
            easy.setopt(CURLOPT_RESUME_FROM_LARGE, 5L);
            ok(easy);
            assertTrue(ascii(take().raw()).contains("\r\nRange: bytes=5-\r\n"));
            assertEquals("fghij", body.text());
            // a server that ignores the range cannot resume
            assertEquals(CurlCode.CURLE_RANGE_ERROR, easy.perform());
            take();
            assertEquals("fghij", body.text());
            // 416 to a resumed download: the document is already complete
            ok(easy);
            take();
            assertEquals("fghij", body.text());
        }
    }

    @Test
    void resumedUploadSkipsWhatTheServerHas() throws Exception {
        server.enqueue(Action.respond(200, ""));
        byte[] data = ascii("0123456789");
        try (CurlEasy easy = easy(server.url("/u"), new Sink())) {
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, reader(data, 4));
            easy.setopt(CURLOPT_INFILESIZE_LARGE, 10L);
            easy.setopt(CURLOPT_RESUME_FROM_LARGE, 3L);
            ok(easy);
            RecordedRequest r = take();
            assertTrue(ascii(r.head()).contains("\r\nContent-Range: bytes 3-9/10\r\n"), ascii(r.head()));
            assertTrue(ascii(r.head()).contains("\r\nContent-Length: 7\r\n"), ascii(r.head()));
            assertEquals("3456789", ascii(r.body()));
        }
    }

    @Test
    void failOnErrorStopsBeforeTheBody() throws Exception {
        server.enqueue(Action.respond(404, "not here"));
        server.enqueue(Action.respond(399, "fine"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/e"), body)) {
            easy.setopt(CURLOPT_FAILONERROR, 1L);
            assertEquals(CurlCode.CURLE_HTTP_RETURNED_ERROR, easy.perform());
            assertEquals("The requested URL returned error: 404", easy.errorBuffer());
            assertEquals("", body.text());
            assertEquals(404L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            ok(easy);
            assertEquals("fine", body.text());
        }
    }

    @Test
    void http10RequestLineAndNoExpect() throws Exception {
        server.enqueue(Action.respond("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        byte[] data = new byte[2 << 20];
        try (CurlEasy easy = easy(server.url("/h"), new Sink())) {
            easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_0);
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) data.length);
            easy.setopt(CURLOPT_POSTFIELDS, data);
            ok(easy);
            String head = ascii(take().head());
            assertTrue(head.startsWith("POST /h HTTP/1.0\r\n"), head);
            assertFalse(head.contains("Expect:"), head);
            assertEquals(CURL_HTTP_VERSION_1_0, (long) easy.getinfo(CURLINFO_HTTP_VERSION));
        }
    }

    @Test
    void http10RefusesAChunkedUpload() {
        try (CurlEasy easy = easy(server.url("/c"), new Sink())) {
            easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_0);
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, reader(ascii("abc"), 3));
            assertEquals(CurlCode.CURLE_UPLOAD_FAILED, easy.perform());
        }
    }

    @Test
    void timeConditionSendsTheDateAndReports304() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 304 Not Modified\r\n\r\n"));
        try (CurlEasy easy = easy(server.url("/t"), new Sink())) {
            easy.setopt(CURLOPT_TIMECONDITION, CURL_TIMECOND_IFMODSINCE);
            easy.setopt(CURLOPT_TIMEVALUE_LARGE, 784111777L);
            ok(easy);
            assertEquals("GET /t HTTP/1.1\r\n" + hostLine + UA + ACCEPT
                    + "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n", ascii(take().raw()));
            assertEquals(1L, easy.getinfo(CURLINFO_CONDITION_UNMET));
        }
    }

    @Test
    void timeConditionUnmetByLastModifiedDropsTheBody() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nLast-Modified: Sat, 05 Nov 1994 08:49:37 GMT\r\n"
                + "Content-Length: 4\r\n\r\nold!"));
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nLast-Modified: Mon, 07 Nov 1994 08:49:37 GMT\r\n"
                + "Content-Length: 4\r\n\r\nnew!"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/t"), body)) {
            easy.setopt(CURLOPT_TIMECONDITION, CURL_TIMECOND_IFMODSINCE);
            easy.setopt(CURLOPT_TIMEVALUE, 784111777L);
            ok(easy);
            assertEquals("", body.text());
            assertEquals(1L, easy.getinfo(CURLINFO_CONDITION_UNMET));
            assertEquals(304L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            ok(easy);
            assertEquals("new!", body.text());
            assertEquals(0L, easy.getinfo(CURLINFO_CONDITION_UNMET));
        }
    }

    @Test
    void http09OnlyWhenAllowed() throws Exception {
        server.enqueue(Action.respond("just a body\n"), Action.close());
        server.enqueue(Action.respond("just a body\n"), Action.close());
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/09"), body)) {
            assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, easy.perform());
            assertEquals("Received HTTP/0.9 when not allowed", easy.errorBuffer());
            easy.setopt(CURLOPT_HTTP09_ALLOWED, 1L);
            ok(easy);
            assertEquals("just a body\n", body.text());
        }
    }

    @Test
    void requestTargetReplacesThePath() throws Exception {
        server.enqueue(Action.respond(200, ""));
        try (CurlEasy easy = easy(server.url("/ignored?q"), new Sink())) {
            easy.setopt(CURLOPT_CUSTOMREQUEST, "OPTIONS");
            easy.setopt(CURLOPT_REQUEST_TARGET, "*");
            ok(easy);
            assertEquals("OPTIONS * HTTP/1.1\r\n" + hostLine + UA + ACCEPT + "\r\n", ascii(take().raw()));
            assertEquals("OPTIONS", easy.getinfo(CURLINFO_EFFECTIVE_METHOD));
        }
    }

    @Test
    void ignoredContentLengthReadsUntilClose() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabcdef"), Action.close());
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/i"), body)) {
            easy.setopt(CURLOPT_IGNORE_CONTENT_LENGTH, 1L);
            ok(easy);
            assertEquals("abcdef", body.text());
        }
    }

    @Test
    void basicCredentialsFromOptionsAndUrl() throws Exception {
        server.enqueue(Action.respond(200, ""));
        server.enqueue(Action.respond(200, ""));
        server.enqueue(Action.respond(200, ""));
        try (CurlEasy easy = easy(server.url("/a"), new Sink())) {
            easy.setopt(CURLOPT_USERPWD, "user:secret");
            ok(easy);
            assertEquals("GET /a HTTP/1.1\r\n" + hostLine + "Authorization: Basic dXNlcjpzZWNyZXQ=\r\n" + UA + ACCEPT
                    + "\r\n", ascii(take().raw()));
            easy.setopt(CURLOPT_USERPWD, null);
            easy.setopt(CURLOPT_USERNAME, "u");
            easy.setopt(CURLOPT_PASSWORD, "p");
            ok(easy);
            assertTrue(ascii(take().head()).contains("\r\nAuthorization: Basic dTpw\r\n"));
        }
        try (CurlEasy easy = easy("http://who:pw@127.0.0.1:" + server.port() + "/b", new Sink())) {
            ok(easy);
            assertTrue(ascii(take().head()).contains("\r\nAuthorization: Basic d2hvOnB3\r\n"));
        }
    }

    @Test
    void maxFileSizeByContentLengthAndWhileReceiving() throws Exception {
        server.enqueue(Action.respond(200, "0123456789"));
        server.enqueue(Action.respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n6\r\n6789ab\r\n0\r\n\r\n"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/m"), body)) {
            easy.setopt(CURLOPT_MAXFILESIZE_LARGE, 8L);
            assertEquals(CurlCode.CURLE_FILESIZE_EXCEEDED, easy.perform());
            assertEquals("Maximum file size exceeded", easy.errorBuffer());
            assertEquals("", body.text());
            assertEquals(CurlCode.CURLE_FILESIZE_EXCEEDED, easy.perform());
            assertEquals("01234567", body.text(), "delivered up to the limit");
        }
    }

    @Test
    void connectToSendsTheUrlsHostElsewhere() throws Exception {
        server.enqueue(Action.respond(200, "here"));
        Sink body = new Sink();
        try (CurlEasy easy = easy("http://never.invalid:81/c", body)) {
            easy.setopt(CURLOPT_CONNECT_TO, List.of("never.invalid:81:127.0.0.1:" + server.port()));
            ok(easy);
            assertEquals("GET /c HTTP/1.1\r\nHost: never.invalid:81\r\n" + UA + ACCEPT + "\r\n",
                    ascii(take().raw()));
            assertEquals("here", body.text());
        }
        try (CurlEasy easy = easy(server.url("/bad"), body)) {
            easy.setopt(CURLOPT_CONNECT_TO, List.of("a:b:c"));
            assertEquals(CurlCode.CURLE_SETOPT_OPTION_SYNTAX, easy.perform());
        }
    }

    @Test
    void interfaceBindsTheLocalSide() throws Exception {
        server.enqueue(Action.respond(200, ""));
        try (CurlEasy easy = easy(server.url("/if"), new Sink())) {
            easy.setopt(CURLOPT_INTERFACE, "127.0.0.1");
            ok(easy);
            take();
            assertEquals("127.0.0.1", easy.getinfo(CURLINFO_LOCAL_IP));
            easy.setopt(CURLOPT_INTERFACE, "if!no-such-interface0");
            assertEquals(CurlCode.CURLE_INTERFACE_FAILED, easy.perform());
        }
    }

    @Test
    void refusedExpectationIsRetriedWithoutIt() throws Exception {
        server.enqueue(Action.noContinue(), Action.respond(417, ""));
        server.enqueue(Action.respond(200, "done"));
        byte[] data = randomBytes(2 << 20, 7);
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/x"), body)) {
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) data.length);
            easy.setopt(CURLOPT_POSTFIELDS, data);
            ok(easy);
            assertTrue(ascii(take().head()).contains("Expect: 100-continue"));
            RecordedRequest second = take();
            assertFalse(ascii(second.head()).contains("Expect:"), ascii(second.head()));
            assertArrayEquals(data, second.body());
            assertEquals("done", body.text());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
        }
    }

    @Test
    void redirectUrlIsReportedNotFollowed() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 302 Found\r\nLocation: next/page?x=1\r\nContent-Length: 0\r\n\r\n"));
        server.enqueue(Action.respond(200, "fine"));
        try (CurlEasy easy = easy(server.url("/dir/start"), new Sink())) {
            ok(easy);
            assertEquals(302L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(server.url("/dir/next/page?x=1"), easy.getinfo(CURLINFO_REDIRECT_URL));
            assertEquals(1, server.requestCount(), "no redirect followed");
            ok(easy);
            assertNull(easy.getinfo(CURLINFO_REDIRECT_URL));
        }
    }

    @Test
    void bearerTokenWithItsScheme() throws Exception {
        server.enqueue(Action.respond(200, ""));
        try (CurlEasy easy = easy(server.url("/b"), new Sink())) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
            easy.setopt(CURLOPT_XOAUTH2_BEARER, "mF_9.B5f-4.1JqM");
            ok(easy);
            assertEquals("GET /b HTTP/1.1\r\n" + hostLine + "Authorization: Bearer mF_9.B5f-4.1JqM\r\n" + UA + ACCEPT
                    + "\r\n", ascii(take().raw()));
        }
    }

    @Test
    void anyAuthAsksFirstThenPicksBasic() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM, Negotiate, "
                + "Basic realm=\"a, b\"\r\nContent-Length: 6\r\n\r\ndenied"));
        server.enqueue(Action.respond(200, "welcome"));
        Sink body = new Sink();
        HeaderSink headers = new HeaderSink();
        try (CurlEasy easy = easy(server.url("/any"), body)) {
            easy.setopt(CURLOPT_HEADERFUNCTION, headers);
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANY);
            easy.setopt(CURLOPT_USERPWD, "user:secret");
            ok(easy);
            assertFalse(ascii(take().head()).contains("Authorization"), "asks without credentials first");
            assertTrue(ascii(take().head()).contains("\r\nAuthorization: Basic dXNlcjpzZWNyZXQ=\r\n"));
            assertEquals("welcome", body.text(), "the 401's body is not delivered");
            assertTrue(headers.lines.contains("HTTP/1.1 401 Unauthorized\r\n"), "its head is");
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(1L, easy.getinfo(CURLINFO_NUM_CONNECTS), "the connection is reused");
        }
    }

    @Test
    void refusedCredentialsAreNotSentForever() throws Exception {
        String denied = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 2\r\n\r\nno";
        server.enqueue(Action.respond(denied));
        server.enqueue(Action.respond(denied));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/no"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANY);
            easy.setopt(CURLOPT_USERPWD, "user:wrong");
            ok(easy);
            assertEquals(2, server.requestCount());
            assertEquals(401L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("no", body.text());
            assertEquals(CURLAUTH_BASIC, (long) easy.getinfo(CURLINFO_HTTPAUTH_AVAIL));
        }
    }

    @Test
    void anUploadIsRewoundToBeSentAgain() throws Exception {
        String challenge = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n";
        byte[] data = ascii("0123456789");
        server.enqueue(Action.respond(challenge));
        server.enqueue(Action.respond(200, ""));
        int[] pos = {0};
        try (CurlEasy easy = easy(server.url("/put"), new Sink())) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANY);
            easy.setopt(CURLOPT_USERPWD, "u:p");
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_INFILESIZE_LARGE, 10L);
            easy.setopt(CURLOPT_READFUNCTION, (dst, ud) -> {
                int k = Math.min(dst.remaining(), data.length - pos[0]);
                dst.put(data, pos[0], k);
                pos[0] += k;
                return k;
            });
            easy.setopt(CURLOPT_SEEKFUNCTION, (ud, offset, origin) -> {
                pos[0] = (int) offset;
                return CURL_SEEKFUNC_OK;
            });
            ok(easy);
            assertEquals("0123456789", ascii(take().body()));
            RecordedRequest second = take();
            assertTrue(ascii(second.head()).contains("Authorization: Basic dTpw"));
            assertEquals("0123456789", ascii(second.body()));
            // without a way to rewind, the request cannot go again
            server.enqueue(Action.respond(challenge));
            pos[0] = 0;
            easy.setopt(CURLOPT_SEEKFUNCTION, null);
            assertEquals(CurlCode.CURLE_SEND_FAIL_REWIND, easy.perform());
        }
    }

    @Test
    void schemesHiperLacksAreNotBuiltIn() {
        try (CurlEasy easy = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_NOT_BUILT_IN, easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_NTLM));
            assertEquals(CurlCode.CURLE_NOT_BUILT_IN, easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE));
            assertEquals(CurlCode.CURLE_NOT_BUILT_IN, easy.setopt(CURLOPT_PROXYAUTH, CURLAUTH_NTLM));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANYSAFE));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_NONE));
        }
    }
}
