package dev.hiper.internal.conn.tls;

import static dev.hiper.curl.Curl.CURL_POLL_IN;
import static dev.hiper.curl.Curl.CURL_POLL_OUT;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS filter without sockets: it sits on an in-memory pipe and talks to a server
 * {@link SSLEngine} that the test drives by hand, so what is on the "wire" and when is exact.
 */
@Timeout(30)
class TlsFilterTest {
    static TestPki pki;
    static TestPki.ServerTls serverTls;

    @BeforeAll
    static void makePki(@TempDir Path dir) {
        pki = TestPki.create(dir);
        serverTls = pki.serverTls(pki.server);
    }

    /** The filter's socket: reads what the server wrote, takes what the client writes up to a room limit. */
    static final class Pipe implements ConnectionFilter {
        final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        ByteBuffer toClient = ByteBuffer.allocate(0);
        int room = Integer.MAX_VALUE;
        boolean eof;
        int reads;
        /** Whether it says that a read came back short ({@link #inputDrained}), as the socket filter does. */
        boolean tells;
        boolean shortRead;

        void deliver(ByteBuffer b) {
            ByteBuffer all = ByteBuffer.allocate(toClient.remaining() + b.remaining());
            all.put(toClient).put(b).flip();
            toClient = all;
        }

        @Override
        public int read(ByteBuffer dst) {
            reads++;
            shortRead = !eof && dst.remaining() > toClient.remaining();
            if (!toClient.hasRemaining()) {
                return eof ? -1 : 0;
            }
            int n = Math.min(dst.remaining(), toClient.remaining());
            ByteBuffer slice = toClient.duplicate();
            slice.limit(slice.position() + n);
            dst.put(slice);
            toClient.position(toClient.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), room);
            byte[] b = new byte[n];
            src.get(b);
            fromClient.write(b, 0, n);
            room -= n;
            return n;
        }

        @Override
        public boolean inputDrained() {
            return tells && shortRead;
        }

        /** What the client wrote, taken out. */
        ByteBuffer take() {
            ByteBuffer b = ByteBuffer.wrap(fromClient.toByteArray());
            fromClient.reset();
            return b;
        }

        @Override
        public void close() {
        }
    }

    /** The server end: an SSLEngine fed and drained by hand. */
    static final class Server {
        final SSLEngine engine;
        final ByteBuffer in = ByteBuffer.allocate(1 << 17);
        final ByteBuffer app = ByteBuffer.allocate(1 << 17);

        Server(String protocol) {
            engine = serverTls.context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setEnabledProtocols(new String[] {protocol});
        }

        /** Takes what the client sent, runs tasks, and returns everything the server has to say. */
        ByteBuffer step(ByteBuffer fromClient) throws IOException {
            in.put(fromClient);
            in.flip();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer net = ByteBuffer.allocate(1 << 16);
            for (int guard = 0; guard < 100; guard++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable t;
                    while ((t = engine.getDelegatedTask()) != null) {
                        t.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    net.clear();
                    engine.wrap(ByteBuffer.allocate(0), net);
                    out.write(net.array(), 0, net.position());
                } else if (in.hasRemaining()) {
                    SSLEngineResult r = engine.unwrap(in, app);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) {
                        break;
                    }
                } else {
                    break;
                }
            }
            in.compact();
            return ByteBuffer.wrap(out.toByteArray());
        }

        /** Application data as records of at most {@code recordSize} bytes each. */
        ByteBuffer records(byte[] data, int recordSize) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer net = ByteBuffer.allocate(1 << 16);
            for (int off = 0; off < data.length;) {
                net.clear();
                SSLEngineResult r = engine.wrap(ByteBuffer.wrap(data, off, Math.min(recordSize, data.length - off)), net);
                out.write(net.array(), 0, net.position());
                off += r.bytesConsumed(); // a wrap may carry a handshake message instead
            }
            return ByteBuffer.wrap(out.toByteArray());
        }
    }

    private static TlsOptions options() {
        TlsOptions o = new TlsOptions();
        o.caInfo = pki.file("ca.pem");
        return o;
    }

    /** Runs the handshake to its end; returns the trace. */
    private static List<String> handshake(TlsFilter client, Pipe pipe, Server server) throws IOException {
        List<String> trace = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            if (client.connect()) {
                // the server's post-handshake flight (a TLS 1.3 session ticket) goes on the wire
                pipe.deliver(server.step(pipe.take()));
                return trace;
            }
            assertEquals(CURL_POLL_IN, client.socketInterest(0), "a handshake in progress waits for the server");
            pipe.deliver(server.step(pipe.take()));
        }
        throw new AssertionError("no handshake");
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private TlsFilter open(Pipe pipe, List<String> trace) throws IOException {
        return new TlsContexts().open(options(), pipe, "server.hiper.test", 443, trace::add);
    }

    @Test
    void bufferedRecordsAreReportedUntilTheLastByteIsRead() throws IOException {
        Pipe pipe = new Pipe();
        Server server = new Server("TLSv1.3");
        List<String> trace = new ArrayList<>();
        TlsFilter client = open(pipe, trace);
        handshake(client, pipe, server);
        assertEquals(0, client.read(ByteBuffer.allocate(100)), "a session ticket is not data");
        assertFalse(client.hasBufferedInput());
        assertTrue(trace.contains("SSL connection using TLSv1.3 / " + server.engine.getSession().getCipherSuite()),
                trace.toString());

        byte[] sent = data(15_000);
        pipe.deliver(server.records(sent, 3000)); // five records arrive together
        ByteBuffer small = ByteBuffer.allocate(700);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int readsBefore = pipe.reads;
        while (got.size() < sent.length) {
            small.clear();
            int n = client.read(small);
            assertTrue(n > 0, "data is buffered: a read returns some");
            got.write(small.array(), 0, n);
            if (got.size() < sent.length) {
                assertTrue(client.hasBufferedInput(), "more is inside the filter, the socket is empty: say so (rule 16)");
            }
        }
        assertArrayEquals(sent, got.toByteArray());
        assertFalse(client.hasBufferedInput());
        assertEquals(0, client.read(small));
        assertTrue(pipe.reads - readsBefore <= 3, "the records were read from the socket at once: " + (pipe.reads
                - readsBefore) + " socket reads");
    }

    @Test
    void aLargeBufferTakesSeveralRecordsInOneRead() throws IOException {
        Pipe pipe = new Pipe();
        Server server = new Server("TLSv1.3");
        TlsFilter client = open(pipe, new ArrayList<>());
        handshake(client, pipe, server);
        byte[] sent = data(40_000);
        pipe.deliver(server.records(sent, 16_384));
        ByteBuffer big = ByteBuffer.allocate(64 * 1024);
        int total = 0;
        int calls = 0;
        while (total < sent.length) {
            int n = client.read(big);
            assertTrue(n > 0);
            total += n;
            calls++;
        }
        assertTrue(calls <= 2, "decrypted straight into the caller's buffer, several records a call: " + calls);
        big.flip();
        byte[] got = new byte[total];
        big.get(got);
        assertArrayEquals(sent, got);
    }

    @Test
    void aSocketReadThatComesBackShortIsTheReadsLast() throws IOException {
        Pipe pipe = new Pipe();
        Server server = new Server("TLSv1.3");
        TlsFilter client = open(pipe, new ArrayList<>());
        handshake(client, pipe, server);
        assertEquals(0, client.read(ByteBuffer.allocate(100)), "a session ticket is not data");
        ByteBuffer big = ByteBuffer.allocate(64 * 1024);
        for (boolean tells : new boolean[] {true, false}) {
            pipe.tells = tells;
            byte[] sent = data(6_000);
            pipe.deliver(server.records(sent, 2000));
            big.clear();
            int before = pipe.reads;
            assertEquals(sent.length, client.read(big), "every record, decrypted in one call");
            assertEquals(tells ? 1 : 2, pipe.reads - before, tells
                    ? "the socket gave less than the room asked for: no second read to learn it is empty"
                    : "a socket that cannot tell is read until it finds nothing");
            assertTrue(client.inputDrained(), "either way the read ended on the socket having no more");
            assertFalse(client.hasBufferedInput());
        }
    }

    @Test
    void aKeyUpdateIsAnsweredAndDataFlowsOn() throws IOException {
        Pipe pipe = new Pipe();
        Server server = new Server("TLSv1.3");
        TlsFilter client = open(pipe, new ArrayList<>());
        handshake(client, pipe, server);
        client.read(ByteBuffer.allocate(100));
        server.engine.beginHandshake(); // TLS 1.3 after the handshake: a KeyUpdate, update_requested
        pipe.deliver(server.step(ByteBuffer.allocate(0)));
        pipe.deliver(server.records(data(500), 500));
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        assertEquals(500, client.read(dst));
        ByteBuffer answer = pipe.take();
        assertTrue(answer.remaining() > 0, "the client answered the key update");
        byte[] request = data(1000);
        assertEquals(request.length, client.write(ByteBuffer.wrap(request)));
        ByteBuffer wire = ByteBuffer.allocate(answer.remaining() + 2000);
        wire.put(answer).put(pipe.take()).flip();
        server.step(wire);
        server.app.flip();
        byte[] got = new byte[server.app.remaining()];
        server.app.get(got);
        assertArrayEquals(request, got, "the server reads the client's data under the client's new keys");
    }

    @Test
    void aFullSocketMakesTheFilterAskForWritability() throws IOException {
        Pipe pipe = new Pipe();
        Server server = new Server("TLSv1.3");
        TlsFilter client = open(pipe, new ArrayList<>());
        handshake(client, pipe, server);
        pipe.room = 100; // the socket takes 100 bytes, then nothing
        byte[] request = data(5000);
        ByteBuffer src = ByteBuffer.wrap(request);
        int n = client.write(src);
        assertTrue(n > 0 && n <= request.length);
        assertEquals(CURL_POLL_IN | CURL_POLL_OUT, client.socketInterest(CURL_POLL_IN),
                "encrypted bytes wait to be written: OUT as well");
        pipe.room = Integer.MAX_VALUE;
        assertEquals(0, client.write(ByteBuffer.allocate(0)), "nothing new, but what waited goes out");
        assertEquals(CURL_POLL_IN, client.socketInterest(CURL_POLL_IN));
        server.step(pipe.take());
        server.app.flip();
        assertEquals(request.length, server.app.remaining());
    }

    @Test
    void endOfStreamAfterDataIsReportedOnTheNextRead() throws IOException {
        Pipe pipe = new Pipe();
        Server server = new Server("TLSv1.2");
        TlsFilter client = open(pipe, new ArrayList<>());
        handshake(client, pipe, server);
        pipe.deliver(server.records(data(300), 300));
        pipe.eof = true; // no close_notify: the peer just went
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        assertEquals(300, client.read(dst));
        assertTrue(client.hasBufferedInput(), "the end is known: the next read must come without a socket event");
        assertEquals(-1, client.read(dst));
        assertFalse(client.hasBufferedInput());
    }

    @Test
    void namesAndAddressesOfARealCertificate() {
        java.security.cert.X509Certificate c = pki.server.cert;
        for (String ok : new String[] {"server.hiper.test", "SERVER.hiper.test.", "x.wild.hiper.test", "127.0.0.1", "::1",
            "0:0:0:0:0:0:0:1", "::1%lo"}) {
            HostnameMatcher.Result r = HostnameMatcher.check(c, ok);
            assertTrue(r.ok, ok + ": " + r.text);
        }
        for (String bad : new String[] {"other.hiper.test", "wild.hiper.test", "127.0.0.2", "::2", "hiper.test"}) {
            HostnameMatcher.Result r = HostnameMatcher.check(c, bad);
            assertFalse(r.ok, bad);
            assertTrue(r.text.contains("'" + bad + "'") && r.text.contains("DNS:server.hiper.test, DNS:*.wild.hiper.test"),
                    r.text);
        }
    }

    @Test
    void keyFilesInEveryFormatLoad() throws Exception {
        // EC: SEC1 as OpenSSL writes it, PKCS#8, encrypted PKCS#8; RSA: PKCS#1; both as PKCS#12
        String[][] cases = {{"server.pem", "server.key", null, null}, {"server.pem", "server-pkcs8.key", null, null},
            {"server.pem", "server-enc.key", TestPki.PASSWORD, null}, {"client.pem", "client.key", null, null},
            {"client.p12", null, TestPki.PASSWORD, "P12"}, {"server.p12", null, TestPki.PASSWORD, "P12"}};
        for (String[] c : cases) {
            TlsOptions o = options();
            o.sslCert = pki.file(c[0]);
            o.sslKey = c[1] == null ? null : pki.file(c[1]);
            o.keyPasswd = c[2];
            o.sslCertType = c[3];
            ClientIdentity id = ClientIdentity.load(o);
            assertEquals(c[0].startsWith("server") ? "EC" : "RSA", id.key.getAlgorithm(), String.join(" ", c));
            assertEquals(c[0].startsWith("server") ? pki.server.cert : pki.client.cert, id.chain[0]);
        }
    }

    @Test
    void aSecondFilterResumesTheSession() throws IOException {
        TlsContexts contexts = new TlsContexts();
        for (int i = 0; i < 2; i++) {
            Pipe pipe = new Pipe();
            Server server = new Server("TLSv1.3");
            List<String> trace = new ArrayList<>();
            TlsFilter client = contexts.open(options(), pipe, "server.hiper.test", 443, trace::add);
            handshake(client, pipe, server);
            client.read(ByteBuffer.allocate(100)); // takes in the session ticket
            assertEquals(i == 1, client.resumed(), trace.toString());
            assertEquals(i == 1, trace.contains("SSL reusing session"), trace.toString());
            client.shutdown();
        }
        assertEquals(1, contexts.size(), "one context for one configuration");
    }
}
