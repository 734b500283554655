package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.Action;
import dev.hiper.testkit.ScriptedServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failures give the same exception classes as the JDK's client, with libcurl's messages. */
@Timeout(60)
class FailureTest extends SideBySide {

    /** The class of what {@code send} threw; hiper's always says what happened. */
    private static Class<?> thrownBy(HttpClient c, HttpRequest r) {
        IOException e = assertThrows(IOException.class, () -> c.send(r, BodyHandlers.ofString()));
        if (c instanceof HiperHttpClient) {
            assertNotNull(e.getMessage(), "no message in " + e);
        }
        return e.getClass();
    }

    @Test
    void aStalledServerGivesHttpTimeoutException() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.stall());
            HttpRequest r = HttpRequest.newBuilder(URI.create(server.url("/stall")))
                    .timeout(Duration.ofMillis(300)).build();
            // HttpConnectTimeoutException (a subclass) when the connect itself took that long: both
            // clients say so then, and a loaded machine may make either one slow
            for (HttpClient c : clients()) {
                assertTrue(HttpTimeoutException.class.isAssignableFrom(thrownBy(c, r)));
            }
            IOException e = assertThrows(IOException.class, () -> hiperClient.send(r, BodyHandlers.ofString()));
            assertTrue(e.getMessage().matches("(Operation|Connection) timed out after .*"), e.getMessage());
        }
    }

    @Test
    void theTimeoutFailsTheAsyncFutureToo() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.stall());
            HttpRequest r = HttpRequest.newBuilder(URI.create(server.url("/stall")))
                    .timeout(Duration.ofMillis(200)).build();
            for (HttpClient c : clients()) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> c.sendAsync(r, BodyHandlers.ofString()).get(30, TimeUnit.SECONDS));
                assertInstanceOf(HttpTimeoutException.class, e.getCause());
            }
        }
    }

    @Test
    void aRefusedConnectionGivesConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpRequest r = get("http://127.0.0.1:" + port + "/");
        assertEquals(ConnectException.class, same(c -> thrownBy(c, r)));
        ConnectException e = assertThrows(ConnectException.class, () -> hiperClient.send(r, BodyHandlers.ofString()));
        assertTrue(e.getMessage().contains("" + port), e.getMessage());
    }

    @Test
    void aConnectThatHangsGivesHttpConnectTimeoutException() throws Exception {
        // A listener that never accepts, its backlog filled: further SYNs are dropped (Linux), so a
        // connect neither succeeds nor fails until the client's connect timeout.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket f = new Socket();
                    fillers.add(f);
                    try {
                        f.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), 200);
                    } catch (IOException full) {
                        break; // the queue is full: this one hung
                    }
                }
                HttpRequest r = get("http://127.0.0.1:" + s.getLocalPort() + "/");
                HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();
                try (HiperHttpClient hiper = HiperHttpClient.newBuilder().connectTimeout(Duration.ofMillis(300))
                        .build()) {
                    assertEquals(HttpConnectTimeoutException.class, thrownBy(jdk, r));
                    assertEquals(HttpConnectTimeoutException.class, thrownBy(hiper, r));
                }
                // the request timeout, when it ends a connect, is a connect timeout too
                HttpRequest timed = HttpRequest.newBuilder(r.uri()).timeout(Duration.ofMillis(300)).build();
                assertEquals(HttpConnectTimeoutException.class, same(c -> thrownBy(c, timed)));
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void aServerThatClosesWithoutAnswerGivesIOException() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.close());
            HttpRequest r = get(server.url("/"));
            assertTrue(IOException.class.isAssignableFrom(same(c -> thrownBy(c, r))));
        }
    }

    @Test
    void aTruncatedBodyGivesIOException() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten.."),
                    Action.close());
            HttpRequest r = get(server.url("/"));
            assertEquals(IOException.class, same(c -> thrownBy(c, r)));
        }
    }

    @Test
    void hiperMessagesAreLibcurls() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten.."),
                    Action.close());
            IOException e = assertThrows(IOException.class,
                    () -> hiperClient.send(get(server.url("/")), BodyHandlers.ofString()));
            assertEquals("transfer closed with 90 bytes remaining to read", e.getMessage());
        }
    }

    @Test
    void aMalformedStatusLineGivesProtocolException() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.respond("HTTX/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), Action.close());
            HttpRequest r = get(server.url("/"));
            assertEquals(java.net.ProtocolException.class, same(c -> thrownBy(c, r)));
        }
    }

    @Test
    void hiperIsStricterThanTheJdkWithAHeaderLineWithoutColon() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.setDefault(Action.respond("HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n"),
                    Action.close());
            HttpRequest r = get(server.url("/"));
            // the JDK's client takes the response; hiper, as libcurl, refuses it
            assertEquals(200, jdkClient.send(r, BodyHandlers.ofString()).statusCode());
            java.net.ProtocolException e = assertThrows(java.net.ProtocolException.class,
                    () -> hiperClient.send(r, BodyHandlers.ofString()));
            assertEquals("Header without colon", e.getMessage());
        }
    }
}
