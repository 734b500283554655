package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.internal.conn.Connection;
import dev.hiper.internal.conn.ConnectionCache;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.tls.TlsContexts;
import dev.hiper.internal.conn.tls.TlsFilter;
import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.internal.http.ExchangeCodec;
import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a request body over TLS when the socket is full: TLS encrypts all the session gives
 * it and keeps the part of the last record the socket did not take. The session must still ask
 * for writability and push that part out when the socket is writable, although the peer, waiting
 * for it, sends nothing that would make the connection read. Were the part left behind, an upload
 * to nginx would stall until its client_body_timeout (60 s) and end with its RST_STREAM
 * PROTOCOL_ERROR.
 *
 * <p>The real {@link TlsFilter} sits on an in-memory socket whose room the test sets, and talks to
 * a server {@link SSLEngine} the test drives by hand, so where the socket fills is exact.
 */
@Timeout(30)
class Http2HeldTlsOutputTest {
    static TestPki pki;
    static TestPki.ServerTls serverTls;

    private final MultiEngine engine = new MultiEngine(null, e -> null, Clock.SYSTEM);
    private final SocketChannel channel;
    private final Connection conn;

    @BeforeAll
    static void makePki(@TempDir Path dir) {
        pki = TestPki.create(dir);
        serverTls = pki.serverTls(pki.server);
    }

    Http2HeldTlsOutputTest() throws IOException {
        channel = SocketChannel.open();
        conn = new Connection(1, "k", "server.hiper.test", 443, channel, engine.openSocket(channel, null));
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    /** The socket: takes what the client writes up to {@code room}, hands it what the server wrote. */
    static final class Socket implements ConnectionFilter {
        final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        ByteBuffer toClient = ByteBuffer.allocate(0);
        long room = Long.MAX_VALUE;

        @Override
        public int read(ByteBuffer dst) {
            int n = Math.min(dst.remaining(), toClient.remaining());
            ByteBuffer slice = toClient.slice(toClient.position(), n);
            dst.put(slice);
            toClient.position(toClient.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = (int) Math.min(src.remaining(), room);
            byte[] b = new byte[n];
            src.get(b);
            fromClient.write(b, 0, n);
            room -= n;
            return n;
        }

        ByteBuffer take() {
            ByteBuffer b = ByteBuffer.wrap(fromClient.toByteArray());
            fromClient.reset();
            return b;
        }

        @Override
        public void close() {
        }
    }

    /** The server's TLS end: decrypts what the client sent, answers the handshake. */
    static final class Server {
        final SSLEngine engine = serverTls.context.createSSLEngine();
        final ByteBuffer in = ByteBuffer.allocate(1 << 17);
        final ByteArrayOutputStream app = new ByteArrayOutputStream();

        Server() {
            engine.setUseClientMode(false);
            engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        }

        /** Takes the client's bytes; returns what the server has to say (handshake messages). */
        ByteBuffer step(ByteBuffer fromClient) throws IOException {
            in.put(fromClient).flip();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer net = ByteBuffer.allocate(1 << 16);
            ByteBuffer plain = ByteBuffer.allocate(1 << 17);
            for (int guard = 0; guard < 1000; guard++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    for (Runnable t; (t = engine.getDelegatedTask()) != null;) {
                        t.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    net.clear();
                    engine.wrap(ByteBuffer.allocate(0), net);
                    out.write(net.array(), 0, net.position());
                } else if (in.hasRemaining()) {
                    plain.clear();
                    SSLEngineResult r = engine.unwrap(in, plain);
                    app.write(plain.array(), 0, plain.position());
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
    }

    /** A DATA frame the server got: its stream, length and END_STREAM. */
    record Data(int stream, int length, boolean endStream) {
    }

    @Test
    void theTailOfABodyTlsKeptWhenTheSocketFilledGoesOutOnWritability() throws IOException {
        Socket socket = new Socket();
        Server server = new Server();
        TlsFilter tls = new TlsContexts().open(options(), socket, "server.hiper.test", 443, m -> { });
        handshake(tls, socket, server);
        conn.filter = tls;
        Http2Session session = new Http2Session(conn, new ConnectionCache(), Clock.SYSTEM, 100, false,
                WriteBatch.NONE);
        ExchangeCodec.Listener transfer = new Http2ConnectProtocolTest.Waiter(() -> { });
        Http2Stream stream = session.open(transfer, List.of(new HeaderField(":method", "PUT"),
                new HeaderField(":scheme", "https"), new HeaderField(":authority", "server.hiper.test"),
                new HeaderField(":path", "/up/a.bin")), false);
        byte[] body = new byte[1000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7 + 1);
        }
        session.data(stream, ByteBuffer.wrap(body), true);

        // the socket takes the first 100 bytes of the one record all this makes, then nothing
        socket.room = 100;
        session.flushSoon(transfer);
        assertEquals(0, session.pendingOutput(), "TLS took every byte the session queued");
        assertTrue(session.hasOutput(), "but the socket has not: the session asks for writability");
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        session.pump(transfer, buf, stream);
        assertTrue(session.drained, "the socket had nothing to read: the session reads again when it is readable");
        assertTrue(session.hasOutput(), "still full: still asking");

        // writable, not readable: what the engine does then is run the transfer, which pumps
        socket.room = Long.MAX_VALUE;
        session.pump(transfer, buf, stream);
        assertFalse(session.hasOutput(), "all out: no more writability wanted");
        server.step(socket.take());
        List<Data> data = dataFrames(server.app.toByteArray());
        assertEquals(List.of(new Data(stream.id, body.length, true)), data,
                "the body's DATA frame, END_STREAM on it, reached the server whole");
        byte[] payload = payloadOfLastFrame(server.app.toByteArray());
        assertArrayEquals(body, payload);
    }

    private static TlsOptions options() {
        TlsOptions o = new TlsOptions();
        o.caInfo = pki.file("ca.pem");
        return o;
    }

    private static void handshake(TlsFilter client, Socket socket, Server server) throws IOException {
        for (int i = 0; i < 50; i++) {
            boolean done = client.connect();
            ByteBuffer answer = server.step(socket.take());
            socket.toClient = concat(socket.toClient, answer);
            if (done) {
                return;
            }
        }
        throw new AssertionError("no handshake");
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        ByteBuffer all = ByteBuffer.allocate(a.remaining() + b.remaining());
        return all.put(a).put(b).flip();
    }

    /** The DATA frames in what the client sent, after its 24-octet preface. */
    private static List<Data> dataFrames(byte[] b) {
        assertEquals("PRI * HTTP/2.0", new String(b, 0, 14, StandardCharsets.US_ASCII));
        List<Data> out = new ArrayList<>();
        for (int p = 24; p + 9 <= b.length;) {
            int len = (b[p] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | b[p + 2] & 0xff;
            int stream = (b[p + 5] & 0x7f) << 24 | (b[p + 6] & 0xff) << 16 | (b[p + 7] & 0xff) << 8 | b[p + 8] & 0xff;
            if (b[p + 3] == Http2Frames.TYPE_DATA) {
                out.add(new Data(stream, len, (b[p + 4] & Http2Frames.FLAG_END_STREAM) != 0));
            }
            p += 9 + len;
            assertTrue(p <= b.length, "whole frames only");
        }
        return out;
    }

    private static byte[] payloadOfLastFrame(byte[] b) {
        int last = -1;
        for (int p = 24; p + 9 <= b.length;) {
            last = p;
            p += 9 + ((b[p] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | b[p + 2] & 0xff);
        }
        int len = (b[last] & 0xff) << 16 | (b[last + 1] & 0xff) << 8 | b[last + 2] & 0xff;
        byte[] out = new byte[len];
        System.arraycopy(b, last + 9, out, 0, len);
        return out;
    }
}
