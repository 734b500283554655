package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The easy handle's own API: options, reset, duphandle, perform's rules, error buffer. */
@Timeout(30)
class EasyHandleTest {
    @Test
    void unknownOptionAndBadValues() {
        try (CurlEasy easy = CurlEasy.init()) {
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_PROXY, "http://127.0.0.1:1")); // proxies: ProxyTransferTest
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.setopt(CURLOPT_TIMEOUT_MS, -5L));
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.setopt(CURLOPT_IPRESOLVE, 7L));
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_TIMEOUT_MS, 5L));
        }
        try (CurlMulti multi = CurlMulti.init()) {
            assertEquals(CurlMCode.CURLM_OK, multi.setopt(CURLMOPT_MAX_CONCURRENT_STREAMS, 10L));
            assertEquals(CurlMCode.CURLM_BAD_FUNCTION_ARGUMENT, multi.setopt(CURLMOPT_MAXCONNECTS, -1L));
        }
    }

    @Test
    void resetForgetsOptionsAndDuphandleCopiesThem() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlEasy easy = CurlEasy.init()) {
            server.setDefault(Action.respond(200, "x"));
            easy.setopt(CURLOPT_URL, server.url("/first"));
            easy.setopt(CURLOPT_HTTPHEADER, List.of("X-One: 1"));
            easy.setopt(CURLOPT_USERAGENT, "agent/1");
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            try (CurlEasy copy = easy.duphandle()) {
                assertEquals(CurlCode.CURLE_OK, copy.perform(), copy.errorBuffer());
                RecordedRequest r = server.takeRequest(5000);
                assertEquals("GET /first HTTP/1.1", r.requestLine());
                assertEquals("1", r.header("X-One"));
                assertEquals("agent/1", r.header("User-Agent"));
            }
            easy.reset();
            easy.setopt(CURLOPT_URL, server.url("/second"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            RecordedRequest r = server.takeRequest(5000);
            assertNull(r.header("X-One"), "reset dropped the custom header");
            assertEquals(Curl.version(), r.header("User-Agent"));
        }
    }

    @Test
    void performRefusesAHandleAddedToAMulti() {
        try (CurlMulti multi = CurlMulti.init(); CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_URL, "http://127.0.0.1:1/");
            multi.addHandle(easy);
            assertEquals(CurlCode.CURLE_FAILED_INIT, easy.perform());
            assertFalse(easy.errorBuffer().isEmpty());
            multi.removeHandle(easy);
        }
    }

    @Test
    void errorBufferIsClearedByTheNextTransfer() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(); CurlEasy easy = CurlEasy.init()) {
            server.setDefault(Action.respond(200, "x"));
            easy.setopt(CURLOPT_URL, "ftp://127.0.0.1/");
            assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, easy.perform());
            assertEquals("Protocol \"ftp\" not supported", easy.errorBuffer());
            easy.setopt(CURLOPT_URL, server.url("/"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, u) -> d.remaining());
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals("", easy.errorBuffer());
        }
    }

    @Test
    void codesHaveLibcurlNumbers() {
        assertEquals(7, CurlMCode.CURLM_ADDED_ALREADY.code());
        assertEquals(-1, CurlMCode.CURLM_CALL_MULTI_PERFORM.code());
        assertEquals(28, CurlCode.CURLE_OPERATION_TIMEDOUT.code());
        assertEquals(100, CurlCode.CURLE_TOO_LARGE.code());
        for (CurlCode c : CurlCode.values()) {
            assertSame(c, CurlCode.of(c.code()));
            assertFalse(c.strerror().isEmpty());
        }
        assertEquals(102, CurlCode.values().length, "every libcurl code 0..101");
    }
}
