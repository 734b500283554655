package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.DigestAuthenticator;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Digest against a real server: Jetty's DigestAuthenticator on loopback checks every answer
 * (its own code computes the expected response), with MD5 and SHA-256, qop=auth, nonce counts
 * across requests and an expired nonce answered with stale=true, over HTTP/1.1 and HTTP/2.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JettyDigestTest {
    private Server server;
    private int port;

    private void start(String algorithm, int maxNonceCount) throws Exception {
        server = new Server();
        // HTTP/1.1, and HTTP/2 with prior knowledge on the same port
        HttpConfiguration config = new HttpConfiguration();
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(config),
                new HTTP2CServerConnectionFactory(config));
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        UserStore users = new UserStore();
        users.addUser("Mufasa", Credential.getCredential("Circle of Life"), new String[] {"user"});
        HashLoginService login = new HashLoginService("hiper@example.org");
        login.setUserStore(users);
        DigestAuthenticator digest = new DigestAuthenticator();
        digest.setAlgorithm(algorithm);
        digest.setMaxNonceCount(maxNonceCount);
        SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
        security.setLoginService(login);
        security.setAuthenticator(digest);
        security.put("/*", Constraint.ANY_USER);
        security.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Principal p = AuthenticationState.getUserPrincipal(request);
                String path = request.getHttpURI().getPath();
                if (path.startsWith("/private/hop/") && !path.endsWith("/7")) {
                    int n = Integer.parseInt(path.substring("/private/hop/".length()));
                    response.setStatus(302);
                    response.getHeaders().put("Location", "/private/hop/" + (n + 1));
                    callback.succeeded();
                    return true;
                }
                Content.Sink.write(response, true, "hello " + (p == null ? "nobody" : p.getName()), callback);
                return true;
            }
        });
        server.setHandler(security);
        server.start();
        port = c.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void getsIn(long auth, String algorithm) throws Exception {
        start(algorithm, 1024);
        Sink body = new Sink();
        try (CurlEasy easy = easy(url("/private/page?x=1"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, auth);
            easy.setopt(CURLOPT_USERPWD, "Mufasa:Circle of Life");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("hello Mufasa", body.text());
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_HTTPAUTH_USED));
        }
    }

    @Test
    void md5() throws Exception {
        getsIn(CURLAUTH_DIGEST, "MD5");
    }

    @Test
    void sha256PickedFromAny() throws Exception {
        getsIn(CURLAUTH_ANY, "SHA-256");
    }

    @Test
    void overHttp2TheSameDecisions() throws Exception {
        start("SHA-256", 1024);
        Sink body = new Sink();
        try (CurlEasy easy = easy(url("/private/h2"), body)) {
            easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_ANY);
            easy.setopt(CURLOPT_USERPWD, "Mufasa:Circle of Life");
            easy.setopt(CURLOPT_COPYPOSTFIELDS, "over=h2");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CURL_HTTP_VERSION_2_0, (long) easy.getinfo(CURLINFO_HTTP_VERSION));
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("hello Mufasa", body.text());
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_HTTPAUTH_USED));
        }
    }

    @Test
    void wrongPasswordEndsWithThe401() throws Exception {
        start("MD5", 1024);
        Sink body = new Sink();
        try (CurlEasy easy = easy(url("/private"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "Mufasa:Circle of Death");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(401L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(CURLAUTH_DIGEST, (long) easy.getinfo(CURLINFO_HTTPAUTH_AVAIL));
        }
    }

    @Test
    void aPostIsSentOnceTheNonceIsKnown() throws Exception {
        start("SHA-256", 1024);
        Sink body = new Sink();
        try (CurlEasy easy = easy(url("/private/post"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "Mufasa:Circle of Life");
            easy.setopt(CURLOPT_COPYPOSTFIELDS, "a=1&b=2");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals("hello Mufasa", body.text());
        }
    }

    @Test
    void nonceCountsGoUpAndAnUsedUpNonceIsReplaced() throws Exception {
        // Jetty refuses a nonce after 3 uses with stale=true: the next request takes the new nonce
        start("MD5", 3);
        Sink body = new Sink();
        java.util.List<String> sent = new java.util.ArrayList<>();
        try (CurlEasy easy = easy(url("/private/hop/0"), body)) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "Mufasa:Circle of Life");
            easy.setopt(CURLOPT_FOLLOWLOCATION, 1L);
            easy.setopt(CURLOPT_DEBUGFUNCTION, (e, type, data, ud) -> {
                if (type == CurlInfoType.CURLINFO_HEADER_OUT) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    sent.add(new String(b, StandardCharsets.ISO_8859_1));
                }
                return 0;
            });
            easy.setopt(CURLOPT_VERBOSE, 1L);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals("hello Mufasa", body.text());
            assertEquals(7L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
        }
        String all = String.join("", sent);
        assertTrue(all.contains("nc=00000002") && all.contains("nc=00000003"), "counts go up");
        assertFalse(all.contains("nc=00000004"), "Jetty's limit of 3 uses: a new nonce after");
    }
}
