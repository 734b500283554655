package dev.hiper.testkit;

import dev.hiper.internal.http2.HeaderField;
import dev.hiper.internal.http2.HpackDecoder;
import dev.hiper.internal.http2.HpackEncoder;
import dev.hiper.internal.http2.Http2ErrorCode;
import dev.hiper.internal.http2.Http2FrameWriter;
import dev.hiper.internal.http2.Http2Frames;
import dev.hiper.internal.http2.Http2Settings;
import dev.hiper.internal.http2.OctetBuffer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that speaks HTTP/2 with prior knowledge (h2c) by script: for each connection
 * it accepts it runs the next {@link Script} (the last one again when they run out), which reads
 * the client's frames and writes exactly the frames it wants, valid or not, with the codec's own
 * {@link Http2FrameWriter} and {@link HpackEncoder}. The client's header blocks go through an
 * {@link HpackDecoder}, so the scripts see requests as fields. For the fault tests: resets,
 * GOAWAY, floods, frames a client must refuse.
 *
 * <p>One daemon thread per connection; every blocking read has a 10 s timeout, so a script that
 * waits for something the client never sends ends instead of hanging the test. Failures inside a
 * script are kept in {@link #errors()}.
 */
public final class H2ScriptedServer implements AutoCloseable {
    /** What the server does on one connection. */
    @FunctionalInterface
    public interface Script {
        void run(Conn c) throws Exception;
    }

    /** One frame from the client. */
    public record Frame(int type, int flags, int streamId, byte[] payload, List<HeaderField> fields) {
        public boolean endStream() {
            return (flags & Http2Frames.FLAG_END_STREAM) != 0;
        }

        /** The value of a field of a HEADERS frame, or null. */
        public String field(String name) {
            if (fields != null) {
                for (HeaderField f : fields) {
                    if (f.name().equals(name)) {
                        return f.value();
                    }
                }
            }
            return null;
        }
    }

    private final ServerSocket listener;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private volatile Script last;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private H2ScriptedServer(Script... scripts) throws IOException {
        this.scripts.addAll(Arrays.asList(scripts));
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "H2ScriptedServer-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server that runs {@code scripts} on its connections, in order. */
    public static H2ScriptedServer start(Script... scripts) {
        try {
            return new H2ScriptedServer(scripts);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code "http://127.0.0.1:PORT" + path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** What went wrong inside scripts (a script that found the client's frames unexpected). */
    public List<Throwable> errors() {
        return errors;
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            sockets.add(s);
            Script next = scripts.poll();
            if (next != null) {
                last = next;
            }
            Script script = next != null ? next : last;
            Thread t = new Thread(() -> {
                try (Socket sock = s) {
                    sock.setSoTimeout(10_000);
                    script.run(new Conn(sock));
                } catch (Throwable e) {
                    if (!closed) {
                        errors.add(e);
                    }
                }
            }, "H2ScriptedServer-conn-" + connections.get());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Waits (at most {@code ms} in all) until every script started so far has ended. */
    public void awaitScripts(long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        for (Thread t : threads) {
            t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000L));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection: read the client's frames, write the script's. */
    public static final class Conn {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final OctetBuffer buf = new OctetBuffer();
        private final HpackEncoder encoder = new HpackEncoder(HpackEncoder.DEFAULT_TABLE_SIZE);
        private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        /** What the script writes: frames go out at each {@link #flush}. */
        public final Http2FrameWriter writer = new Http2FrameWriter(buf, encoder);

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /**
         * Reads the client's preface and first SETTINGS, answers with {@code settings} (empty when
         * null) and an acknowledgement.
         */
        public void handshake(Http2Settings settings) throws IOException {
            byte[] preface = new byte[Http2Frames.CLIENT_PREFACE.length];
            in.readFully(preface);
            if (!Arrays.equals(preface, Http2Frames.CLIENT_PREFACE)) {
                throw new IOException("not an HTTP/2 preface");
            }
            Frame f = read();
            if (f.type() != Http2Frames.TYPE_SETTINGS) {
                throw new IOException("the first frame was " + f.type());
            }
            writer.settings(settings == null ? new Http2Settings() : settings);
            writer.settingsAck();
            flush();
        }

        /** The next frame from the client. */
        public Frame read() throws IOException {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fff_ffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            List<HeaderField> fields = null;
            if (type == Http2Frames.TYPE_HEADERS) {
                int off = 0;
                int len = length;
                if ((flags & Http2Frames.FLAG_PADDED) != 0) {
                    off = 1;
                    len -= 1 + (payload[0] & 0xff);
                }
                if ((flags & Http2Frames.FLAG_PRIORITY) != 0) {
                    off += 5;
                    len -= 5;
                }
                try {
                    fields = decoder.decode(payload, off, len);
                } catch (Exception e) {
                    throw new IOException("bad header block from the client: " + e, e);
                }
            }
            return new Frame(type, flags, stream, payload, fields);
        }

        /** Reads until the next frame of {@code type}; returns it. */
        public Frame await(int type) throws IOException {
            for (;;) {
                Frame f = read();
                if (f.type() == type) {
                    return f;
                }
            }
        }

        /** Reads until {@code n} requests (HEADERS frames) arrived; returns them. */
        public List<Frame> requests(int n) throws IOException {
            List<Frame> got = new ArrayList<>();
            while (got.size() < n) {
                got.add(await(Http2Frames.TYPE_HEADERS));
            }
            return got;
        }

        /** A response head on {@code streamId}: {@code :status} and the fields given as name, value pairs. */
        public void respond(int streamId, int status, boolean endStream, String... nameValues) {
            List<HeaderField> fields = new ArrayList<>();
            fields.add(new HeaderField(":status", String.valueOf(status)));
            for (int i = 0; i + 1 < nameValues.length; i += 2) {
                fields.add(new HeaderField(nameValues[i], nameValues[i + 1]));
            }
            writer.headers(streamId, fields, endStream);
        }

        /** DATA on {@code streamId}. */
        public void data(int streamId, byte[] body, boolean endStream) {
            writer.data(streamId, ByteBuffer.wrap(body), endStream);
        }

        public void rst(int streamId, Http2ErrorCode code) {
            writer.rstStream(streamId, code);
        }

        public void goAway(int lastStreamId, Http2ErrorCode code) {
            writer.goAway(lastStreamId, code, new byte[0]);
        }

        /** Writes what the script queued. */
        public void flush() throws IOException {
            out.write(buf.take());
            out.flush();
        }

        /** Waits (at most the read timeout) until the client closes; the frames it sends meanwhile are returned. */
        public List<Frame> drainUntilClosed() {
            List<Frame> seen = new ArrayList<>();
            try {
                for (;;) {
                    seen.add(read());
                }
            } catch (IOException e) {
                return seen;
            }
        }

        public void close() throws IOException {
            socket.close();
        }
    }
}
