package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.auth.AwsSigV4;
import dev.hiper.testkit.Action;
import dev.hiper.testkit.RecordedRequest;
import dev.hiper.testkit.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code CURLOPT_AWS_SIGV4} on real loopback sockets: the lines that reach the server (the
 * scripted one over HTTP/1.1, Jetty over HTTP/2), each signature checked by computing it here the
 * way a server does (AWS's steps written out again, from the request as received), at a fixed time.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AwsSigV4TransferTest {
    /** 2015-08-30T12:36:00Z, the time of AWS's test suite. */
    private static final long TIME = 1_440_938_160L;
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private ScriptedServer server;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        AwsSigV4.forceTime(TIME);
    }

    @AfterEach
    void stop() {
        AwsSigV4.forceTime(null);
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5000);
        assertNotNull(r, "the server got a request");
        return r;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature a server computes from the parts of a request it received. */
    private static String serverSignature(String canonicalRequest, String scope) throws Exception {
        String toSign = "AWS4-HMAC-SHA256\n20150830T123600Z\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        key = hmac(key, parts[3]);
        return hex(hmac(key, toSign));
    }

    @Test
    void aGetCarriesTheSignatureAndTheDate() throws Exception {
        server.enqueue(Action.respond(200, "signed"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/obj/a%20b?b=2&a=1"), body)) {
            assertEquals(CurlCode.CURLE_OK, easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz:eu-central-1:execute-api"));
            easy.setopt(CURLOPT_USERPWD, "AKIDEXAMPLE:" + SECRET);
            easy.setopt(CURLOPT_HTTPHEADER, List.of("X-Amz-Meta-Color:   deep   blue "));
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            RecordedRequest r = take();
            assertEquals("20150830T123600Z", r.header("X-Amz-Date"));
            assertNull(r.header("x-amz-content-sha256"), "only s3 gets the content hash line");
            String host = "127.0.0.1:" + server.port();
            assertEquals(host, r.header("Host"));
            String canonical = "GET\n/obj/a%2520b\na=1&b=2\nhost:" + host + "\nx-amz-date:20150830T123600Z\n"
                    + "x-amz-meta-color:deep blue\n\nhost;x-amz-date;x-amz-meta-color\n" + hex(sha256(new byte[0]));
            String scope = "20150830/eu-central-1/execute-api/aws4_request";
            assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope
                    + ", SignedHeaders=host;x-amz-date;x-amz-meta-color, Signature="
                    + serverSignature(canonical, scope), r.header("Authorization"));
            assertEquals("signed", body.text());
            assertEquals(CURLAUTH_AWS_SIGV4, (long) easy.getinfo(CURLINFO_HTTPAUTH_USED));
        }
    }

    @Test
    void anS3PostSignsItsFields() throws Exception {
        server.enqueue(Action.respond(200, "ok"));
        byte[] fields = "Param1=value1".getBytes(StandardCharsets.US_ASCII);
        try (CurlEasy easy = easy(server.url("/up"), new Sink())) {
            easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3");
            easy.setopt(CURLOPT_USERPWD, "AKIDEXAMPLE:" + SECRET);
            easy.setopt(CURLOPT_POSTFIELDS, fields);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            RecordedRequest r = take();
            String hash = hex(sha256(fields));
            assertEquals(hash, r.header("x-amz-content-sha256"));
            assertArrayEquals(fields, r.body());
            String host = "127.0.0.1:" + server.port();
            String canonical = "POST\n/up\n\nhost:" + host + "\nx-amz-content-sha256:" + hash
                    + "\nx-amz-date:20150830T123600Z\n\nhost;x-amz-content-sha256;x-amz-date\n" + hash;
            String scope = "20150830/us-east-1/s3/aws4_request";
            assertTrue(r.header("Authorization").endsWith("Signature=" + serverSignature(canonical, scope)),
                    r.header("Authorization"));
        }
    }

    @Test
    void anS3UploadOfUnknownSizeIsUnsigned() throws Exception {
        server.enqueue(Action.respond(200, "ok"));
        byte[] data = "streamed body".getBytes(StandardCharsets.US_ASCII);
        try (CurlEasy easy = easy(server.url("/put"), new Sink())) {
            easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3");
            easy.setopt(CURLOPT_USERPWD, "AKIDEXAMPLE:" + SECRET);
            easy.setopt(CURLOPT_UPLOAD, 1L);
            easy.setopt(CURLOPT_READFUNCTION, reader(data, 4));
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            RecordedRequest r = take();
            assertEquals("PUT", r.method());
            assertEquals("UNSIGNED-PAYLOAD", r.header("x-amz-content-sha256"));
            assertArrayEquals(data, r.decodedBody());
        }
    }

    @Test
    void aRefused401IsTheAnswer() throws Exception {
        server.enqueue(Action.respond("HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"x\"\r\n"
                + "Content-Length: 2\r\n\r\nno"));
        try (CurlEasy easy = easy(server.url("/deny"), new Sink())) {
            easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:svc");
            easy.setopt(CURLOPT_USERPWD, "AKIDEXAMPLE:" + SECRET);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertNotNull(take().header("Authorization"));
            assertEquals(401L, easy.getinfo(CURLINFO_RESPONSE_CODE));
            assertEquals(1, server.requestCount(), "Basic is not what was asked for: no second request");
        }
    }

    @Test
    void aBadParameterFailsBeforeAnythingIsSent() throws Exception {
        try (CurlEasy easy = easy(server.url("/x"), new Sink())) {
            easy.setopt(CURLOPT_AWS_SIGV4, ":amz");
            easy.setopt(CURLOPT_USERPWD, "AKIDEXAMPLE:" + SECRET);
            assertEquals(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, easy.perform());
            assertEquals("first aws-sigv4 provider cannot be empty", easy.errorBuffer());
            // no service and region given, and none in a numeric host name's labels beyond "127.0"
            easy.setopt(CURLOPT_URL, "http://localhost:" + server.port() + "/x");
            easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz");
            assertEquals(CurlCode.CURLE_URL_MALFORMAT, easy.perform());
            assertEquals("aws-sigv4: service missing in parameters and hostname", easy.errorBuffer());
            assertEquals(0, server.requestCount());
        }
        // the handle's other transfers go on: the same server answers a plain request
        server.enqueue(Action.respond(200, "fine"));
        Sink body = new Sink();
        try (CurlEasy easy = easy(server.url("/y"), body)) {
            assertEquals(CurlCode.CURLE_OK, easy.perform());
            assertEquals("fine", body.text());
        }
    }

    @Test
    void overHttp2TheSameLinesGoAsHeaderFields() throws Exception {
        Server jetty = new Server();
        HttpConfiguration config = new HttpConfiguration();
        ServerConnector c = new ServerConnector(jetty, new HTTP2CServerConnectionFactory(config));
        c.setHost("127.0.0.1");
        c.setPort(0);
        jetty.addConnector(c);
        AtomicReference<String[]> seen = new AtomicReference<>();
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                seen.set(new String[] {request.getConnectionMetaData().getProtocol(),
                        request.getHeaders().get("Authorization"), request.getHeaders().get("X-Amz-Date"),
                        request.getHttpURI().getAuthority()});
                Content.Sink.write(response, true, "h2", callback);
                return true;
            }
        });
        jetty.start();
        try (CurlEasy easy = easy("http://127.0.0.1:" + c.getLocalPort() + "/two", new Sink())) {
            easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:svc");
            easy.setopt(CURLOPT_USERPWD, "AKIDEXAMPLE:" + SECRET);
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            String[] r = seen.get();
            assertEquals("HTTP/2.0", r[0]);
            assertEquals("20150830T123600Z", r[2]);
            String canonical = "GET\n/two\n\nhost:" + r[3] + "\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                    + hex(sha256(new byte[0]));
            String scope = "20150830/us-east-1/svc/aws4_request";
            assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope + ", SignedHeaders=host;x-amz-date, "
                    + "Signature=" + serverSignature(canonical, scope), r[1]);
        } finally {
            jetty.stop();
        }
    }

    @Test
    void withoutCredentialsNothingIsSigned() throws Exception {
        server.enqueue(Action.respond(200, "anon"));
        try (CurlEasy easy = easy(server.url("/anon"), new Sink())) {
            easy.setopt(CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:svc");
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            RecordedRequest r = take();
            assertNull(r.header("Authorization"));
            assertNull(r.header("X-Amz-Date"));
        }
    }
}
