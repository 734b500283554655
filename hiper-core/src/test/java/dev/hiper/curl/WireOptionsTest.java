package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The options that send or hand on bytes as they are, against a one-shot loopback server that
 * keeps every byte it reads: {@code CURLOPT_HAPROXYPROTOCOL} and {@code CURLOPT_HAPROXY_CLIENT_IP}
 * (the PROXY line before the request), {@code CURLOPT_PATH_AS_IS} (dot segments sent) and
 * {@code CURLOPT_HTTP_TRANSFER_DECODING} 0 (a chunked body with its framing).
 */
@Timeout(30)
class WireOptionsTest {
    /** Accepts one connection, reads up to the end of the request head, answers {@code reply}, closes. */
    private static final class OneShot implements AutoCloseable {
        final ServerSocket listener;
        final CompletableFuture<String> received = new CompletableFuture<>();
        int clientPort;

        OneShot(String reply) throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            Thread th = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    clientPort = s.getPort();
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        got.write(b);
                    }
                    s.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    received.complete(got.toString(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    received.completeExceptionally(e);
                }
            });
            th.setDaemon(true);
            th.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + listener.getLocalPort() + path;
        }

        String request() throws Exception {
            return received.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

    @Test
    void theProxyLineNamesTheConnectionsAddressesAndPorts() throws Exception {
        try (OneShot server = new OneShot(OK); CurlEasy easy = easy(server.url("/h"), new Sink())) {
            easy.setopt(CURLOPT_HAPROXYPROTOCOL, 1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            String proxyLine = "PROXY TCP4 127.0.0.1 127.0.0.1 " + server.clientPort + " "
                    + server.listener.getLocalPort() + "\r\n";
            assertTrue(server.request().startsWith(proxyLine + "GET /h HTTP/1.1\r\n"), server.request());
        }
    }

    @Test
    void aClientAddressGoesAsBothAddressesAndTurnsTheProtocolOn() throws Exception {
        try (OneShot server = new OneShot(OK); CurlEasy easy = easy(server.url("/h"), new Sink())) {
            easy.setopt(CURLOPT_HAPROXY_CLIENT_IP, "2a04:4e42::347");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertTrue(server.request().startsWith("PROXY TCP6 2a04:4e42::347 2a04:4e42::347 " + server.clientPort
                    + " " + server.listener.getLocalPort() + "\r\nGET /h "), server.request());
        }
    }

    @Test
    void withoutTheOptionNoProxyLine() throws Exception {
        try (OneShot server = new OneShot(OK); CurlEasy easy = easy(server.url("/h"), new Sink())) {
            easy.setopt(CURLOPT_HAPROXY_CLIENT_IP, "192.168.1.1");
            easy.setopt(CURLOPT_HAPROXY_CLIENT_IP, (String) null); // null turns it off again
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertTrue(server.request().startsWith("GET /h HTTP/1.1\r\n"), server.request());
        }
    }

    @Test
    void pathAsIsSendsTheDotSegments() throws Exception {
        try (OneShot server = new OneShot(OK); CurlEasy easy = easy(server.url("/../a/./b/../c?q=/../x"), new Sink())) {
            easy.setopt(CURLOPT_PATH_AS_IS, 1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertTrue(server.request().startsWith("GET /../a/./b/../c?q=/../x HTTP/1.1\r\n"), server.request());
            assertEquals(server.url("/../a/./b/../c?q=/../x"), easy.getinfo(CURLINFO_EFFECTIVE_URL));
        }
    }

    @Test
    void withoutTransferDecodingTheChunksComeWithTheirFraming() throws Exception {
        String body = "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\nTrailer: t\r\n\r\n";
        String reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
        for (long decoding : new long[] {0, 1}) {
            Sink sink = new Sink();
            try (OneShot server = new OneShot(reply); CurlEasy easy = easy(server.url("/c"), sink)) {
                easy.setopt(CURLOPT_HTTP_TRANSFER_DECODING, decoding);
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            }
            assertEquals(decoding == 0 ? body : "hello world", sink.text());
        }
    }

    @Test
    void aUrlWithoutSchemeGetsTheDefaultProtocolInsteadOfAGuess() throws Exception {
        try (OneShot server = new OneShot(OK)) {
            String url = "ftp.example:" + server.listener.getLocalPort() + "/d";
            try (CurlEasy guessed = easy(url, new Sink())) {
                assertEquals(CurlCode.CURLE_UNSUPPORTED_PROTOCOL, guessed.perform(), "ftp. makes it ftp://");
            }
            try (CurlEasy easy = easy(url, new Sink())) {
                easy.setopt(CURLOPT_DEFAULT_PROTOCOL, "http");
                easy.setopt(CURLOPT_RESOLVE, java.util.List.of("ftp.example:" + server.listener.getLocalPort()
                        + ":127.0.0.1"));
                assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
                assertEquals("http://" + url, easy.getinfo(CURLINFO_EFFECTIVE_URL));
            }
            assertTrue(server.request().startsWith("GET /d HTTP/1.1\r\nHost: ftp.example:"), server.request());
        }
    }
}
