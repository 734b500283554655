package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.WebSocketConnectOnlyTest.message;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recv;
import static dev.hiper.curl.WebSocketConnectOnlyTest.recvText;
import static dev.hiper.curl.WebSocketConnectOnlyTest.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.testkit.ServerProcess;
import dev.hiper.testkit.TestPki;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * hiper's WebSocket against a server written by others outside the JVM: Debian's
 * python3-websockets (bin/setup installs it), plain and over TLS, started here on 127.0.0.1
 * (the script is {@code ws_server.py} beside this class's resources). Its permessage-deflate is
 * zlib's, its fragments, pings and close codes its own.
 */
@Timeout(120)
class WebSocketPythonTest {
    private static ServerProcess plainServer;
    private static ServerProcess tlsServer;
    private static int plainPort;
    private static int tlsPort;
    private static TestPki pki;

    @BeforeAll
    static void start() throws Exception {
        Path python = ServerProcess.executable("/usr/bin/python3", "python3-websockets");
        Path dir = Files.createTempDirectory("hiper-ws-python");
        dir.toFile().deleteOnExit();
        Path script = dir.resolve("ws_server.py");
        try (InputStream in = WebSocketPythonTest.class.getResourceAsStream("/dev/hiper/ws/ws_server.py")) {
            Files.copy(in, script);
        }
        pki = TestPki.create(dir);
        plainPort = ServerProcess.freePort();
        plainServer = ServerProcess.start(dir, "ws-plain", List.of(python.toString(), script.toString(),
                String.valueOf(plainPort)), plainPort);
        tlsPort = ServerProcess.freePort();
        tlsServer = ServerProcess.start(dir, "ws-tls", List.of(python.toString(), script.toString(),
                String.valueOf(tlsPort), pki.file("server-chain.pem"), pki.file("server.key")), tlsPort);
    }

    @AfterAll
    static void stop() {
        if (plainServer != null) {
            plainServer.close();
        }
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    private static CurlEasy connect(String url, List<String> heads, String... headers) {
        CurlEasy easy = CurlEasy.init();
        easy.setopt(CURLOPT_URL, url);
        easy.setopt(CURLOPT_CONNECT_ONLY, 2L);
        easy.setopt(CURLOPT_HTTPHEADER, List.of(headers));
        easy.setopt(CURLOPT_HEADERFUNCTION, (data, u) -> {
            int n = data.remaining();
            heads.add(StandardCharsets.ISO_8859_1.decode(data).toString().trim());
            return n;
        });
        if (url.startsWith("wss:")) {
            easy.setopt(CURLOPT_RESOLVE, List.of("server.hiper.test:" + tlsPort + ":127.0.0.1"));
            easy.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
        }
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer() + " " + plainServer.log());
        return easy;
    }

    private static String plain(String path) {
        return "ws://127.0.0.1:" + plainPort + path;
    }

    private static String tls(String path) {
        return "wss://server.hiper.test:" + tlsPort + path;
    }

    /** Our CLOSE with 1000, the server's answer with the same code, then the end of the connection. */
    private static void closeWith1000(CurlEasy easy) throws Exception {
        send(easy, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8}), CURLWS_CLOSE, () -> { });
        ByteBuffer dst = ByteBuffer.allocate(125);
        assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
        assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
        assertEquals(1000, (dst.get(0) & 0xff) << 8 | dst.get(1) & 0xff);
        assertEquals(CurlCode.CURLE_GOT_NOTHING, recv(easy, dst));
    }

    private static void echoes(CurlEasy easy, int messages, int size) throws Exception {
        Random random = new Random(size);
        for (int i = 0; i < messages; i++) {
            String text = "message " + i + " é " + "abcdefgh".repeat(size / 8);
            send(easy, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), CURLWS_TEXT, () -> { });
            int[] flags = new int[1];
            assertEquals(text, new String(message(easy, flags), StandardCharsets.UTF_8));
            assertEquals(CURLWS_TEXT, flags[0] & (CURLWS_TEXT | CURLWS_BINARY));
        }
        byte[] noise = new byte[1 << 20];
        random.nextBytes(noise);
        send(easy, ByteBuffer.wrap(noise), CURLWS_BINARY, () -> { });
        int[] flags = new int[1];
        assertArrayEquals(noise, message(easy, flags));
        assertEquals(CURLWS_BINARY, flags[0] & (CURLWS_TEXT | CURLWS_BINARY));
        // a message sent in three fragments comes back whole
        send(easy, ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT | CURLWS_CONT, () -> { });
        send(easy, ByteBuffer.wrap("cd".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT | CURLWS_CONT, () -> { });
        send(easy, ByteBuffer.wrap("ef".getBytes(StandardCharsets.US_ASCII)), CURLWS_TEXT, () -> { });
        assertEquals("abcdef", new String(message(easy, flags), StandardCharsets.US_ASCII));
        closeWith1000(easy);
    }

    @Test
    void echoesPlain() throws Exception {
        try (CurlEasy easy = connect(plain("/echo"), new ArrayList<>())) {
            echoes(easy, 50, 4096);
        }
    }

    @Test
    void echoesOverTls() throws Exception {
        try (CurlEasy easy = connect(tls("/echo"), new ArrayList<>())) {
            echoes(easy, 50, 4096);
        }
    }

    /**
     * permessage-deflate with zlib on the other side: the server agrees (limiting the client's
     * window, so hiper sends uncompressed as RFC 7692 section 6 allows) and compresses its own
     * messages, which hiper inflates.
     */
    @Test
    void permessageDeflateWithZlib() throws Exception {
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";
        List<String> heads = new ArrayList<>();
        try (CurlEasy easy = connect(plain("/ext"), heads, offer)) {
            String agreed = heads.stream().filter(h -> h.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25))
                    .findFirst().orElseThrow(() -> new AssertionError("no extension in " + heads));
            assertTrue(agreed.contains("permessage-deflate"), agreed);
            assertEquals(agreed.substring(agreed.indexOf(':') + 1).trim(), recvText(easy),
                    "the server says it agreed to what the 101 says");
            closeWith1000(easy);
        }
        try (CurlEasy easy = connect(tls("/echo"), new ArrayList<>(), offer)) {
            echoes(easy, 200, 16 * 1024);
        }
    }

    @Test
    void aFragmentedMessageFromTheServerComesWhole() throws Exception {
        try (CurlEasy easy = connect(plain("/frag"), new ArrayList<>())) {
            int[] flags = new int[1];
            assertEquals("abcdef", new String(message(easy, flags), StandardCharsets.US_ASCII));
            assertEquals(CURLWS_TEXT | CURLWS_CONT, flags[0], "the first fragment says more follows");
            ByteBuffer dst = ByteBuffer.allocate(125);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
        }
    }

    /** The server's PING is answered with its payload without the application's help; its CLOSE code arrives. */
    @Test
    void thePingIsAnsweredAndTheCloseCodeArrives() throws Exception {
        try (CurlEasy easy = connect(tls("/ping"), new ArrayList<>())) {
            assertEquals("pong hiper-ping", recvText(easy));
            ByteBuffer dst = ByteBuffer.allocate(125);
            assertEquals(CurlCode.CURLE_OK, recv(easy, dst), easy.errorBuffer());
            assertEquals(CURLWS_CLOSE, easy.wsMeta().flags());
            assertEquals(4001, (dst.get(0) & 0xff) << 8 | dst.get(1) & 0xff);
            assertEquals("done here", new String(dst.array(), 2, dst.position() - 2, StandardCharsets.UTF_8));
        }
    }
}
