package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;

import dev.hiper.testkit.JettyServer;
import dev.hiper.testkit.JettyServer.TlsEndpoint;
import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the HTTPS tests share, made once per test JVM: a {@link TestPki} and one Jetty server
 * with an HTTPS connector per server identity. Certificates name server.hiper.test; transfers
 * pin that name to 127.0.0.1 with {@code CURLOPT_RESOLVE}, so no look-up happens.
 */
final class TlsFixture {
    /** The HTTPS connectors, by index. */
    static final int VALID = 0;
    static final int EXPIRED = 1;
    static final int WRONG_NAME = 2;
    static final int SELF_SIGNED = 3;
    static final int CLIENT_AUTH = 4;
    /** Same identity as VALID, its own handshake counter: for the resumption tests. */
    static final int RESUME = 5;
    /** Same again, for the 1,000-transfer test. */
    static final int MANY = 6;

    final TestPki pki;
    final JettyServer jetty;
    final TestPki.ServerTls[] tls;

    private static TlsFixture instance;

    private TlsFixture() {
        Path dir;
        try {
            dir = Files.createTempDirectory("hiper-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dir.toFile().deleteOnExit();
        pki = TestPki.create(dir);
        tls = new TestPki.ServerTls[] {pki.serverTls(pki.server), pki.serverTls(pki.expired),
            pki.serverTls(pki.wrongName), pki.serverTls(pki.selfSigned), pki.serverTls(pki.server),
            pki.serverTls(pki.server), pki.serverTls(pki.server)};
        TlsEndpoint[] eps = new TlsEndpoint[tls.length];
        for (int i = 0; i < tls.length; i++) {
            eps[i] = new TlsEndpoint(tls[i].context, i == CLIENT_AUTH);
        }
        jetty = JettyServer.startTls(eps);
    }

    static synchronized TlsFixture get() {
        if (instance == null) {
            instance = new TlsFixture();
        }
        return instance;
    }

    int port(int endpoint) {
        return jetty.tlsPort(endpoint);
    }

    /** "https://HOST:PORT/PATH" for an endpoint. */
    String url(int endpoint, String host, String path) {
        return "https://" + host + ":" + port(endpoint) + path;
    }

    /**
     * An easy handle for https://server.hiper.test:PORT + path on an endpoint, the name pinned to
     * 127.0.0.1, the test root as CAINFO, the body collected in {@code body}.
     */
    CurlEasy easy(int endpoint, String path, ByteArrayOutputStream body) {
        return easy(endpoint, "server.hiper.test", path, body);
    }

    CurlEasy easy(int endpoint, String host, String path, ByteArrayOutputStream body) {
        CurlEasy e = CurlEasy.init();
        e.setopt(CURLOPT_URL, url(endpoint, host, path));
        e.setopt(CURLOPT_RESOLVE, List.of(host + ":" + port(endpoint) + ":127.0.0.1"));
        e.setopt(CURLOPT_CAINFO, pki.file("ca.pem"));
        e.setopt(CURLOPT_WRITEFUNCTION, into(body));
        return e;
    }

    /** A write callback that keeps the body in {@code body}. */
    static CurlWriteFunction into(ByteArrayOutputStream body) {
        return (data, u) -> {
            int n = data.remaining();
            byte[] b = new byte[n];
            data.get(b);
            body.write(b, 0, n);
            return n;
        };
    }

    /** Collects the verbose trace's text lines ("* " lines of curl -v, without the prefix). */
    static List<String> traceText(CurlEasy e) {
        List<String> lines = new ArrayList<>();
        e.setopt(CURLOPT_VERBOSE, 1L);
        e.setopt(CURLOPT_DEBUGFUNCTION, (h, type, data, u) -> {
            if (type == CurlInfoType.CURLINFO_TEXT) {
                byte[] b = new byte[data.remaining()];
                data.duplicate().get(b);
                String s = new String(b, StandardCharsets.UTF_8);
                lines.add(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
            }
            return 0;
        });
        return lines;
    }

    /** The value of "key=" in a /tls answer. */
    static String field(ByteArrayOutputStream body, String key) {
        for (String line : body.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    static String text(ByteBuffer b) {
        byte[] x = new byte[b.remaining()];
        b.duplicate().get(x);
        return new String(x, StandardCharsets.UTF_8);
    }
}
