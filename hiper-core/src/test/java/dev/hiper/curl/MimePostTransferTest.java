package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CURLOPT_MIMEPOST} against Jetty's own multipart parser on loopback: what the server
 * reads of each part (name, filename, type, length, CRC-32), over HTTP/1.1 (with
 * {@code Content-Length}, and chunked when a part's size is unknown) and HTTP/2, and the body
 * sent again after a 307.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MimePostTransferTest {
    @TempDir
    Path dir;
    private Server jetty;
    private ServerConnector connector;
    private final AtomicReference<String> framing = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger firstBody = new AtomicInteger(-1);

    @BeforeEach
    void start() throws Exception {
        jetty = new Server();
        HttpConfiguration config = new HttpConfiguration();
        connector = new ServerConnector(jetty, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                if (request.getHttpURI().getPath().equals("/moved")) {
                    Content.Source.consumeAll(request);
                    response.setStatus(307);
                    response.getHeaders().put(HttpHeader.LOCATION, "/form");
                    callback.succeeded();
                    return true;
                }
                if (request.getHttpURI().getPath().equals("/auth")
                        && request.getHeaders().get(HttpHeader.AUTHORIZATION) == null) {
                    firstBody.set(Content.Source.asByteBuffer(request).remaining());
                    response.setStatus(401);
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"");
                    callback.succeeded();
                    return true;
                }
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                framing.set(request.getConnectionMetaData().getProtocol() + " "
                        + (request.getHeaders().get(HttpHeader.CONTENT_LENGTH) != null ? "length" : "chunked"));
                if (!type.startsWith("multipart/")) {
                    Content.Sink.write(response, true, type + " " + Content.Source.asString(request), callback);
                    return true;
                }
                MultiPartFormData.Parser parser = new MultiPartFormData.Parser(MultiPart.extractBoundary(type));
                parser.setMaxMemoryFileSize(Long.MAX_VALUE);
                MultiPartFormData.Parts parts = parser.parse(request).get();
                StringBuilder sb = new StringBuilder(type.substring(0, type.indexOf(';'))).append('\n');
                for (MultiPart.Part p : parts) {
                    java.nio.ByteBuffer bb = Content.Source.asByteBuffer(p.getContentSource());
                    byte[] b = new byte[bb.remaining()];
                    bb.get(b);
                    CRC32 crc = new CRC32();
                    crc.update(b);
                    sb.append(p.getName()).append('|').append(p.getFileName()).append('|')
                            .append(p.getHeaders().get(HttpHeader.CONTENT_TYPE)).append('|').append(b.length)
                            .append('|').append(Long.toHexString(crc.getValue())).append('\n');
                }
                parts.close();
                Content.Sink.write(response, true, sb.toString(), callback);
                return true;
            }
        });
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + connector.getLocalPort() + path;
    }

    private static String crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return Long.toHexString(c.getValue());
    }

    /** A form of a text, a 2 MiB file (read as it is sent) and, when asked, a callback part of unknown size. */
    private CurlMime form(CurlEasy easy, byte[] blob, byte[] fromCallback) throws Exception {
        Path file = Files.write(dir.resolve("photo.png"), blob);
        CurlMime mime = CurlMime.init(easy);
        assertEquals(CurlCode.CURLE_OK, mime.addPart().name("greeting"));
        CurlMimePart text = mime.addPart();
        text.name("note");
        text.data("h\u00e9llo");
        CurlMimePart f = mime.addPart();
        f.name("upload");
        assertEquals(CurlCode.CURLE_OK, f.filedata(file.toString()));
        if (fromCallback != null) {
            AtomicInteger at = new AtomicInteger();
            CurlMimePart cb = mime.addPart();
            cb.name("stream");
            cb.type("application/x-test");
            cb.dataCb(-1, (dst, ud) -> {
                int n = Math.min(Math.min(dst.remaining(), 1000), fromCallback.length - at.get());
                dst.put(fromCallback, at.get(), n);
                at.addAndGet(n);
                return n;
            }, (ud, off, origin) -> {
                at.set((int) off);
                return CURL_SEEKFUNC_OK;
            }, null);
        }
        return mime;
    }

    private static String expected(byte[] blob, byte[] fromCallback) {
        byte[] note = "h\u00e9llo".getBytes(StandardCharsets.UTF_8);
        return "multipart/form-data\n"
                + "greeting|null|null|0|0\n"
                + "note|null|null|" + note.length + "|" + crc(note) + "\n"
                + "upload|photo.png|image/png|" + blob.length + "|" + crc(blob) + "\n"
                + (fromCallback == null ? "" : "stream|null|application/x-test|" + fromCallback.length + "|"
                        + crc(fromCallback) + "\n");
    }

    private String post(CurlEasy easy, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        easy.setopt(CURLOPT_URL, url(path));
        easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            out.writeBytes(b);
            return b.length;
        });
        assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
        assertEquals(200L, easy.getinfo(CURLINFO_RESPONSE_CODE));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void jettyReadsEveryPartWithContentLength() throws Exception {
        byte[] blob = random(2 * 1024 * 1024 + 5, 1);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, null));
            assertEquals(expected(blob, null), post(easy, "/form"));
            assertEquals("HTTP/1.1 length", framing.get());
            long sent = easy.getinfo(CURLINFO_SIZE_UPLOAD_T);
            assertTrue(sent > blob.length, "the whole body went: " + sent);
            // the same handle again: the body is read again from its start
            assertEquals(expected(blob, null), post(easy, "/form"));
        }
    }

    @Test
    void aDuplicatedHandleSendsACopy() throws Exception {
        byte[] blob = random(5000, 10);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, null));
            try (CurlEasy dup = easy.duphandle()) {
                assertEquals(expected(blob, null), post(dup, "/form"));
            }
            assertEquals(expected(blob, null), post(easy, "/form"));
        }
    }

    @Test
    void aPartOfUnknownSizeMakesTheBodyChunked() throws Exception {
        byte[] blob = random(300_000, 2);
        byte[] streamed = random(123_457, 3);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, streamed));
            assertEquals(expected(blob, streamed), post(easy, "/form"));
            assertEquals("HTTP/1.1 chunked", framing.get());
        }
    }

    @Test
    void overHttp2() throws Exception {
        byte[] blob = random(700_000, 4);
        byte[] streamed = random(99_999, 5);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, streamed));
            assertEquals(expected(blob, streamed), post(easy, "/form"));
            assertEquals("HTTP/2.0 chunked", framing.get());
        }
    }

    /**
     * A callback part's seek function is the application's code: when it throws as the handle is
     * performed again, that transfer fails with CURLE_SEND_FAIL_REWIND and nothing escapes perform.
     */
    @Test
    void aSeekCallbackThatThrowsFailsTheTransferOnly() throws Exception {
        try (CurlEasy easy = CurlEasy.init()) {
            CurlMime mime = CurlMime.init(easy);
            CurlMimePart cb = mime.addPart();
            cb.name("stream");
            AtomicInteger at = new AtomicInteger();
            byte[] data = random(100, 21);
            cb.dataCb(data.length, (dst, ud) -> {
                int n = Math.min(dst.remaining(), data.length - at.get());
                dst.put(data, at.get(), n);
                at.addAndGet(n);
                return n;
            }, (ud, off, origin) -> {
                if (at.get() == 0) {
                    return CURL_SEEKFUNC_OK; // nothing read yet
                }
                throw new IllegalStateException("no going back");
            }, null);
            easy.setopt(CURLOPT_MIMEPOST, mime);
            easy.setopt(CURLOPT_URL, url("/form"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (d, ud) -> d.remaining());
            assertEquals(CurlCode.CURLE_OK, easy.perform(), easy.errorBuffer());
            assertEquals(CurlCode.CURLE_SEND_FAIL_REWIND, easy.perform());
            assertTrue(easy.errorBuffer().contains("no going back"), easy.errorBuffer());
        }
    }

    @Test
    void a307SendsTheBodyAgain() throws Exception {
        byte[] blob = random(500_000, 6);
        byte[] streamed = random(4321, 7);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_FOLLOWLOCATION, 1L);
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, streamed));
            assertEquals(expected(blob, streamed), post(easy, "/moved"));
            assertEquals(1L, easy.getinfo(CURLINFO_REDIRECT_COUNT));
            assertEquals(2, requests.get());
        }
    }

    @Test
    void anAuthenticationRoundAsksFirstThenSendsTheBody() throws Exception {
        byte[] blob = random(200_000, 11);
        byte[] streamed = random(777, 12);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
            easy.setopt(CURLOPT_USERPWD, "user:secret");
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, streamed));
            assertEquals(expected(blob, streamed), post(easy, "/auth"));
            assertEquals(2, requests.get());
            assertEquals(0, firstBody.get(), "Digest asks first, with an empty body (libcurl's authneg)");
        }
    }

    @Test
    void theApplicationsContentTypeLineNamesTheMultipart() throws Exception {
        byte[] blob = random(10, 8);
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_HTTPHEADER, List.of("Content-Type: multipart/form-data; charset=utf-8"));
            easy.setopt(CURLOPT_MIMEPOST, form(easy, blob, null));
            assertEquals(expected(blob, null), post(easy, "/form"));
        }
    }

    @Test
    void postfieldsSetLaterTakeOver() throws Exception {
        try (CurlEasy easy = CurlEasy.init()) {
            easy.setopt(CURLOPT_MIMEPOST, form(easy, random(10, 9), null));
            easy.setopt(CURLOPT_POSTFIELDS, "a=b".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("application/x-www-form-urlencoded a=b", post(easy, "/form"));
            easy.setopt(CURLOPT_MIMEPOST, form(easy, random(10, 9), null));
            assertTrue(post(easy, "/form").startsWith("multipart/form-data\n"), "and the multipart again");
        }
    }

    @Test
    void aFileGoneBeforeTheTransferFailsItWithReadError() throws Exception {
        Path file = Files.write(dir.resolve("gone.txt"), new byte[100]);
        try (CurlEasy easy = CurlEasy.init()) {
            CurlMime mime = CurlMime.init(easy);
            CurlMimePart p = mime.addPart();
            p.name("f");
            p.filedata(file.toString());
            Files.delete(file);
            easy.setopt(CURLOPT_MIMEPOST, mime);
            easy.setopt(CURLOPT_URL, url("/form"));
            easy.setopt(CURLOPT_WRITEFUNCTION, (data, ud) -> data.remaining());
            assertEquals(CurlCode.CURLE_READ_ERROR, easy.perform());
            assertTrue(easy.errorBuffer().contains("gone.txt"), easy.errorBuffer());
        }
    }
}
