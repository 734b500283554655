package dev.hiper.jdk;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A proxy's 407 answered from the client's {@link Authenticator}, side by side with the JDK's
 * client: a loopback proxy that wants {@code Proxy-Authorization: Basic} on each request it
 * forwards (and answers them itself, naming the request it got). Both clients must ask the
 * authenticator the same questions, send the same requests, and end with the same response, chain
 * or exception.
 */
@Timeout(60)
class ProxyAuthTest extends SideBySide {
    static final String USER = "pu";
    static final String PASSWORD = "pp";
    private BasicProxy proxy;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new BasicProxy(USER + ":" + PASSWORD);
    }

    @AfterEach
    void stopProxy() throws IOException {
        proxy.close();
    }

    /** An authenticator that notes every question and answers with what {@code answer} gives. */
    static final class NotingAuthenticator extends Authenticator {
        final List<String> questions = new CopyOnWriteArrayList<>();
        private final Supplier<PasswordAuthentication> answer;

        NotingAuthenticator(Supplier<PasswordAuthentication> answer) {
            this.answer = answer;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            questions.add(getRequestorType() + " " + getRequestingHost() + ":" + getRequestingPort() + " "
                    + getRequestingProtocol() + " realm=" + getRequestingPrompt() + " scheme=" + getRequestingScheme()
                    + " url=" + getRequestingURL());
            return answer.get();
        }
    }

    /** What one client did in one scenario: its results (or exception), the questions, the heads the proxy got. */
    record Run(List<Object> results, List<String> questions, List<String> heads) {
    }

    private Run run(HttpClient client, NotingAuthenticator auth, int requests) throws Exception {
        List<Object> results = new ArrayList<>();
        proxy.heads.clear();
        for (int i = 0; i < requests; i++) {
            try {
                HttpResponse<String> r = client.send(get(jetty.url("/text?i=" + i)), BodyHandlers.ofString());
                List<Object> chain = new ArrayList<>();
                for (HttpResponse<String> p = r; p != null; p = p.previousResponse().orElse(null)) {
                    chain.add(p == r ? Seen.of(p) : p.statusCode() + " " + p.uri() + " " + p.request().method());
                }
                results.add(chain);
            } catch (IOException e) {
                results.add(e.getClass().getName() + ": " + e.getMessage());
            }
        }
        return new Run(results, auth == null ? List.of() : List.copyOf(auth.questions), List.copyOf(proxy.heads));
    }

    /** Runs {@code requests} sends through the proxy on each client, each with its own authenticator. */
    private Run sameRun(Supplier<PasswordAuthentication> answer, boolean withAuthenticator, int requests)
            throws Exception {
        ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port()));
        NotingAuthenticator jdkAuth = new NotingAuthenticator(answer);
        NotingAuthenticator hiperAuth = new NotingAuthenticator(answer);
        HttpClient.Builder jb = HttpClient.newBuilder().proxy(selector).version(HttpClient.Version.HTTP_1_1);
        HiperHttpClient.Builder hb = HiperHttpClient.newBuilder().proxy(selector);
        if (withAuthenticator) {
            jb.authenticator(jdkAuth);
            hb.authenticator(hiperAuth);
        }
        Run a = run(jb.build(), withAuthenticator ? jdkAuth : null, requests);
        Run b;
        try (HiperHttpClient hiper = hb.build()) {
            b = run(hiper, withAuthenticator ? hiperAuth : null, requests);
        }
        assertEquals(a.results(), b.results(), "the JDK's client and hiper's disagree");
        assertEquals(a.questions(), b.questions(), "the authenticator was asked differently");
        assertEquals(a.heads(), b.heads(), "the proxy got different requests");
        return b;
    }

    @Test
    void theAuthenticatorAnswersThe407AndLaterRequestsSendItAtOnce() throws Exception {
        Run run = sameRun(() -> new PasswordAuthentication(USER, PASSWORD.toCharArray()), true, 3);
        assertEquals(1, run.questions().size(), run.questions().toString());
        assertTrue(run.questions().get(0).startsWith("PROXY 127.0.0.1:" + proxy.port() + " http realm=hiper-proxy"),
                run.questions().toString());
        // 407, then the same request with credentials; later ones send them at once
        assertEquals(4, run.heads().size(), run.heads().toString());
        assertFalse(run.heads().get(0).contains("Proxy-Authorization"));
        for (String head : run.heads().subList(1, 4)) {
            assertTrue(head.contains("Proxy-Authorization: Basic "), head);
        }
        @SuppressWarnings("unchecked")
        List<Object> first = (List<Object>) run.results().get(0);
        assertEquals(2, first.size(), "the 407 is the previous response: " + first);
        assertEquals(200, ((Seen) first.get(0)).status());
        assertEquals("forwarded GET " + jetty.url("/text?i=0"), ((Seen) first.get(0)).body());
        assertTrue(first.get(1).toString().startsWith("407 "), first.toString());
    }

    @Test
    void wrongCredentialsEndAfterFourQuestions() throws Exception {
        Run run = sameRun(() -> new PasswordAuthentication(USER, "wrong".toCharArray()), true, 1);
        assertEquals(List.of("java.io.IOException: too many authentication attempts. Limit: 3"), run.results());
        assertEquals(4, run.questions().size());
    }

    @Test
    void noCredentialsFromTheAuthenticator() throws Exception {
        Run run = sameRun(() -> null, true, 1);
        assertEquals(List.of("java.io.IOException: No credentials provided"), run.results());
    }

    @Test
    void withoutAnAuthenticatorThe407IsTheResponse() throws Exception {
        Run run = sameRun(() -> null, false, 1);
        @SuppressWarnings("unchecked")
        List<Object> chain = (List<Object>) run.results().get(0);
        assertEquals(407, ((Seen) chain.get(0)).status());
        assertEquals(1, chain.size());
    }

    /**
     * A proxy on 127.0.0.1 that wants Basic credentials: a request without the right
     * {@code Proxy-Authorization} gets a 407 (with a body), one with them a 200 naming the request
     * line; one request per connection. Every request head is noted.
     */
    static final class BasicProxy implements AutoCloseable {
        final List<String> heads = new CopyOnWriteArrayList<>();
        private final ServerSocket listener;
        private final String expected;

        BasicProxy(String userColonPassword) throws IOException {
            expected = "Proxy-Authorization: Basic "
                    + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
            listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(this::accept, "BasicProxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(10_000);
                    serve(s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    // the next connection
                }
            }
        }

        private void serve(InputStream in, OutputStream out) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
                head.append((char) c);
            }
            String h = head.toString();
            // the headers that differ between the two clients by design are left out of the note
            // (hiper, as libcurl, also says Proxy-Connection: Keep-Alive)
            StringBuilder noted = new StringBuilder();
            for (String line : h.split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (!lower.startsWith("user-agent:") && !lower.startsWith("connection:")
                        && !lower.startsWith("content-length:") && !lower.startsWith("host:")
                        && !lower.startsWith("proxy-connection:")) {
                    noted.append(line).append("\r\n");
                }
            }
            heads.add(noted.toString());
            String requestLine = h.substring(0, Math.max(0, h.indexOf("\r\n")));
            String response;
            if (h.contains("\r\n" + expected + "\r\n")) {
                String body = "forwarded " + requestLine.substring(0, requestLine.lastIndexOf(' '));
                response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body;
            } else {
                String body = "credentials, please";
                response = "HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"hiper-proxy\"\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body;
            }
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
