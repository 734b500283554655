package dev.hiper.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that answers each request with a script of raw {@link Action}s and records what it
 * received, byte for byte.
 *
 * <h2>Request handling</h2>
 * For every request the server
 * <ol>
 *   <li>reads the head (up to and including the blank line; at most 1 MiB);</li>
 *   <li>takes the next script: the oldest one {@link #enqueue enqueued} (one FIFO shared by all connections, taken
 *       in the order request heads arrive), or the {@link #setDefault default} when the queue is empty;</li>
 *   <li>unless the script starts with {@link Action#noContinue()} / {@link Action#closeBeforeReading()}: sends
 *       {@code HTTP/1.1 100 Continue} if the request carries {@code Expect: 100-continue} and announces a body,
 *       then reads the whole body (by {@code Transfer-Encoding: chunked}, else by {@code Content-Length}, else
 *       none), keeping at most {@link #setBodyLimit body limit} bytes (the rest is read and dropped);</li>
 *   <li>records the request (see {@link Action#noContinue()} for when the body is skipped), then runs the script;</li>
 *   <li>unless the script closed the connection, waits for the next request on the same connection, until the
 *       client closes it.</li>
 * </ol>
 * A connection that ends in the middle of a request body, or with malformed chunked framing, still records what
 * arrived ({@link RecordedRequest#complete()} is false) and is then closed. A connection that ends in the middle of
 * a head records nothing.
 *
 * <p>One daemon thread per connection (named {@code ScriptedServer-PORT-conn-N}); {@link #close()} closes the
 * listener and every connection and joins the threads for at most 5 seconds.
 */
public final class ScriptedServer implements AutoCloseable {

    /** Default {@link #setBodyLimit body limit}: 64 MiB. */
    public static final int DEFAULT_BODY_LIMIT = 64 << 20;

    private static final int MAX_HEAD = 1 << 20;
    private static final int MAX_LINE = 64 << 10;
    private static final long CLOSE_DRAIN_MS = 1000;
    private static final long JOIN_MS = 5000;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final List<Action> DEFAULT_SCRIPT =
            List.of(Action.respond("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));

    private final ServerSocket listener;
    private final InetAddress address;
    private final int port;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<List<Action>> scripts = new ConcurrentLinkedQueue<>();
    private volatile List<Action> defaultScript = DEFAULT_SCRIPT;
    private volatile int bodyLimit = DEFAULT_BODY_LIMIT;
    private final LinkedBlockingQueue<RecordedRequest> recorded = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ScriptedServer(InetAddress bindAddress) throws IOException {
        this.listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(bindAddress, 0), 4096);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        this.address = bindAddress;
        this.port = listener.getLocalPort();
        this.acceptor = new Thread(this::acceptLoop, "ScriptedServer-" + port + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server on 127.0.0.1, ephemeral port. */
    public static ScriptedServer start() {
        try {
            return start(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Starts a server on the given address (e.g. {@code ::1}), ephemeral port. */
    public static ScriptedServer start(InetAddress bindAddress) {
        try {
            return new ScriptedServer(bindAddress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + bindAddress, e);
        }
    }

    public int port() {
        return port;
    }

    /** The address the server is bound to. */
    public InetAddress address() {
        return address;
    }

    /** {@code "http://HOST:PORT" + path}: IPv6 hosts in brackets; {@code path} is appended as given. */
    public String url(String path) {
        String host = address.getHostAddress();
        int pct = host.indexOf('%');
        if (pct >= 0) host = host.substring(0, pct);
        if (address instanceof Inet6Address) host = "[" + host + "]";
        return "http://" + host + ":" + port + path;
    }

    /** Adds the script for the next request (one FIFO over all connections). */
    public void enqueue(Action... actions) {
        scripts.add(List.of(actions));
    }

    /** The script used when the queue is empty. Initially: 200 with an empty body and {@code Content-Length: 0}. */
    public void setDefault(Action... actions) {
        defaultScript = List.of(actions);
    }

    /** At most this many body bytes are kept per request (both raw and decoded); the rest is read and dropped. */
    public void setBodyLimit(int bytes) {
        if (bytes < 0) throw new IllegalArgumentException("bytes < 0");
        bodyLimit = bytes;
    }

    /** The next recorded request in arrival order, or null if none arrives within {@code timeoutMs}. */
    public RecordedRequest takeRequest(long timeoutMs) throws InterruptedException {
        return recorded.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Number of requests recorded so far (taken or not). */
    public int requestCount() {
        return requestCount.get();
    }

    /** Number of connections accepted so far. */
    public int connectionCount() {
        return connectionCount.get();
    }

    /** Number of connections currently open on the server side. */
    public int openConnections() {
        return open.get();
    }

    /** The highest number of connections that were open at the same time. */
    public int maxOpenConnections() {
        return maxOpen.get();
    }

    /** Closes the listener and every connection, interrupts scripts and joins the threads (5 seconds at most). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeQuietly(listener);
        List<Conn> snapshot = new ArrayList<>(conns);
        for (Conn c : snapshot) {
            closeQuietly(c.socket);
            c.thread.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MS);
        join(acceptor, deadline);
        for (Conn c : snapshot) join(c.thread, deadline);
        for (Conn c : new ArrayList<>(conns)) { // accepted while closing
            closeQuietly(c.socket);
            join(c.thread, deadline);
        }
    }

    private static void join(Thread t, long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) return;
        try {
            t.join(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (closed) return;
                continue; // e.g. EMFILE: keep going
            }
            int index = connectionCount.getAndIncrement();
            int now = open.incrementAndGet();
            maxOpen.accumulateAndGet(now, Math::max);
            Conn c = new Conn(s, index);
            conns.add(c);
            c.thread.start();
            if (closed) closeQuietly(s);
        }
    }

    private List<Action> nextScript() {
        List<Action> s = scripts.poll();
        return s != null ? s : defaultScript;
    }

    private void record(RecordedRequest r) {
        requestCount.incrementAndGet();
        recorded.add(r);
    }

    /** Thrown on malformed chunked framing or an oversized head or line. */
    private static final class BadInput extends IOException {
        private static final long serialVersionUID = 1L;

        BadInput(String m) {
            super(m);
        }
    }

    /** Buffered input that keeps bytes read past one request for the next (pipelining). */
    private static final class In {
        private final InputStream is;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;

        In(InputStream is) {
            this.is = is;
        }

        /** Ensures buffered bytes; returns false on EOF. */
        boolean fill() throws IOException {
            if (pos < lim) return true;
            pos = 0;
            lim = 0;
            int n = is.read(buf);
            if (n < 0) return false;
            lim = n;
            return true;
        }

        void discard() {
            pos = lim;
        }

        /** Returns the head through its blank line; null on EOF before the first byte. */
        byte[] readHead() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            int b1 = -1; // previous byte
            int b2 = -1; // the one before
            while (true) {
                if (!fill()) {
                    if (out.size() == 0) return null;
                    throw new EOFException("EOF inside request head");
                }
                while (pos < lim) {
                    int b = buf[pos++] & 0xff;
                    out.write(b);
                    if (b == '\n' && (b1 == '\n' || (b1 == '\r' && b2 == '\n'))) return out.toByteArray();
                    b2 = b1;
                    b1 = b;
                }
                if (out.size() > MAX_HEAD) throw new BadInput("request head over " + MAX_HEAD + " bytes");
            }
        }

        /** Reads one line through LF, copying the raw bytes to {@code body}; returns it without CR/LF. */
        String readLine(Body body) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(32);
            while (true) {
                if (!fill()) throw new EOFException("EOF inside chunked body");
                int start = pos;
                while (pos < lim) {
                    byte b = buf[pos++];
                    if (b == '\n') {
                        line.write(buf, start, pos - start);
                        body.raw(buf, start, pos - start);
                        byte[] l = line.toByteArray();
                        int n = l.length - 1;
                        if (n > 0 && l[n - 1] == '\r') n--;
                        return new String(l, 0, n, StandardCharsets.ISO_8859_1);
                    }
                }
                line.write(buf, start, pos - start);
                body.raw(buf, start, pos - start);
                if (line.size() > MAX_LINE) throw new BadInput("chunked body line over " + MAX_LINE + " bytes");
            }
        }

        /** Copies exactly n bytes to the body (raw and, if {@code data}, decoded). */
        void copy(long n, Body body, boolean data) throws IOException {
            while (n > 0) {
                if (!fill()) throw new EOFException("EOF inside request body");
                int k = (int) Math.min(n, lim - pos);
                body.raw(buf, pos, k);
                if (data) body.decoded(buf, pos, k);
                pos += k;
                n -= k;
            }
        }
    }

    /** Body bytes kept up to the limit. */
    private static final class Body {
        final boolean chunked;
        final int limit;
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        final ByteArrayOutputStream decoded;
        long rawSize;
        long decodedSize;
        boolean truncated;

        Body(boolean chunked, int limit) {
            this.chunked = chunked;
            this.limit = limit;
            this.decoded = chunked ? new ByteArrayOutputStream() : null;
        }

        void raw(byte[] b, int off, int len) {
            rawSize += len;
            int keep = Math.max(0, Math.min(len, limit - raw.size()));
            raw.write(b, off, keep);
            if (keep < len) truncated = true;
            if (!chunked) decodedSize += len;
        }

        void decoded(byte[] b, int off, int len) {
            if (!chunked) return;
            decodedSize += len;
            int keep = Math.max(0, Math.min(len, limit - decoded.size()));
            decoded.write(b, off, keep);
            if (keep < len) truncated = true;
        }
    }

    /** One request in progress. */
    private final class Exchange {
        final byte[] head;
        final int seq;
        final boolean chunked;
        final long contentLength; // -1 if none
        final boolean expectContinue;
        Body body;
        boolean bodyDone; // read to its end
        boolean recorded;

        Exchange(byte[] head, int seq) {
            this.head = head;
            this.seq = seq;
            RecordedRequest parsed = new RecordedRequest(head, new byte[0], new byte[0], 0, 0, false, true, 0, 0);
            boolean ch = false;
            List<String> te = parsed.headers("Transfer-Encoding");
            if (!te.isEmpty()) {
                String last = te.get(te.size() - 1);
                String[] codings = last.split(",");
                ch = codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
            }
            long cl = -1;
            if (!ch && te.isEmpty()) {
                String v = parsed.header("Content-Length");
                if (v != null) {
                    try {
                        cl = Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        cl = -1;
                    }
                }
            }
            this.chunked = ch;
            this.contentLength = cl;
            String expect = parsed.header("Expect");
            this.expectContinue = expect != null && expect.equalsIgnoreCase("100-continue");
        }

        boolean hasBody() {
            return chunked || contentLength > 0;
        }

        /** Reads the body; on failure, records what arrived and rethrows. */
        void readBody(In in, int limit) throws IOException {
            if (body != null) return;
            body = new Body(chunked, limit);
            if (chunked) {
                while (true) {
                    String line = in.readLine(body);
                    int semi = line.indexOf(';');
                    String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
                    long size;
                    try {
                        size = Long.parseLong(hex, 16);
                    } catch (NumberFormatException e) {
                        throw new BadInput("bad chunk size line: " + line);
                    }
                    if (size < 0) throw new BadInput("bad chunk size line: " + line);
                    if (size == 0) {
                        while (!in.readLine(body).isEmpty()) {
                            // trailer field, kept in the raw body
                        }
                        break;
                    }
                    in.copy(size, body, true);
                    if (!in.readLine(body).isEmpty()) throw new BadInput("chunk data not followed by CRLF");
                }
            } else if (contentLength > 0) {
                in.copy(contentLength, body, true);
            }
            bodyDone = true;
        }

        /** Reads at most {@code max} bytes of a Content-Length body (chunked bodies are read whole). */
        void readBodyPart(In in, int limit, long max) throws IOException {
            if (body != null) return;
            if (chunked || contentLength <= max) {
                readBody(in, limit);
                return;
            }
            body = new Body(false, limit);
            in.copy(max, body, true);
        }

        void record(int connIndex) {
            if (recorded) return;
            recorded = true;
            byte[] raw = body == null ? new byte[0] : body.raw.toByteArray();
            byte[] dec = body == null ? new byte[0] : (chunked ? body.decoded.toByteArray() : raw);
            boolean complete = bodyDone || !hasBody();
            ScriptedServer.this.record(new RecordedRequest(head, raw, dec,
                    body == null ? 0 : body.rawSize, body == null ? 0 : body.decodedSize,
                    body != null && body.truncated, complete, connIndex, seq));
        }
    }

    /** One accepted connection and its thread. */
    private final class Conn implements Runnable {
        final Socket socket;
        final int index;
        final Thread thread;
        private boolean outputShut;

        Conn(Socket socket, int index) {
            this.socket = socket;
            this.index = index;
            this.thread = new Thread(null, this, "ScriptedServer-" + port + "-conn-" + index, 256 * 1024);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                socket.setTcpNoDelay(true);
                In in = new In(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                int seq = 0;
                while (!closed) {
                    byte[] head = in.readHead();
                    if (head == null) break; // client closed between requests
                    Exchange ex = new Exchange(head, seq++);
                    List<Action> script = nextScript();
                    Action.Kind first = script.isEmpty() ? null : script.get(0).kind;
                    boolean skipBody = first == Action.Kind.NO_CONTINUE || first == Action.Kind.CLOSE_BEFORE_READING;
                    if (!skipBody) {
                        if (ex.expectContinue && ex.hasBody()) {
                            out.write(CONTINUE);
                            out.flush();
                        }
                        try {
                            ex.readBody(in, bodyLimit);
                        } finally {
                            ex.record(index);
                        }
                    } else if (!containsReadBody(script)) {
                        ex.record(index);
                    }
                    boolean keepOpen;
                    try {
                        keepOpen = runScript(script, ex, in, out);
                    } finally {
                        ex.record(index); // deferred record (noContinue + readBody), no-op otherwise
                    }
                    if (!keepOpen) return;
                }
            } catch (IOException e) {
                // the client went away, the server is closing, or the input was malformed: end the connection
            } catch (RuntimeException | Error e) {
                if (!closed) e.printStackTrace();
            } finally {
                closeQuietly(socket);
                conns.remove(this);
                open.decrementAndGet();
            }
        }

        private boolean containsReadBody(List<Action> script) {
            for (Action a : script) {
                if (a.kind == Action.Kind.READ_BODY || a.kind == Action.Kind.READ_BODY_PART) return true;
            }
            return false;
        }

        /** Runs the script; returns whether the connection stays open for another request. */
        private boolean runScript(List<Action> script, Exchange ex, In in, OutputStream out) throws IOException {
            for (Action a : script) {
                switch (a.kind) {
                    case WRITE:
                        out.write(a.data);
                        out.flush();
                        break;
                    case DRIP:
                        for (int i = 0; i < a.data.length; i++) {
                            if (i > 0 && a.millis > 0 && !pause(a.millis)) return false;
                            out.write(a.data[i]);
                            out.flush();
                        }
                        break;
                    case SLEEP:
                        if (!pause(a.millis)) return false;
                        break;
                    case AWAIT:
                        try {
                            a.signal.await();
                        } catch (InterruptedException e) {
                            return false;
                        }
                        if (closed) return false;
                        break;
                    case CLOSE:
                        gracefulClose(in);
                        return false;
                    case SHUTDOWN_OUTPUT:
                        if (!outputShut) {
                            outputShut = true;
                            socket.shutdownOutput();
                        }
                        break;
                    case RESET:
                        socket.setSoLinger(true, 0);
                        socket.close();
                        return false;
                    case CLOSE_BEFORE_READING:
                        socket.close();
                        return false;
                    case STALL:
                        drainUntilEof(in, 0);
                        return false;
                    case READ_BODY:
                        try {
                            ex.readBody(in, bodyLimit);
                        } finally {
                            ex.record(index);
                        }
                        break;
                    case READ_BODY_PART:
                        try {
                            ex.readBodyPart(in, bodyLimit, a.millis);
                        } finally {
                            ex.record(index);
                        }
                        break;
                    case NO_CONTINUE:
                        break;
                    default:
                        throw new AssertionError(a.kind);
                }
            }
            if (outputShut) { // cannot answer anything more: wait for the client to leave
                drainUntilEof(in, 0);
                return false;
            }
            return true;
        }

        /** Sleeps; false if interrupted (the server is closing). */
        private boolean pause(long ms) {
            try {
                Thread.sleep(ms);
                return !closed;
            } catch (InterruptedException e) {
                return false;
            }
        }

        private void gracefulClose(In in) throws IOException {
            if (!outputShut) {
                outputShut = true;
                socket.shutdownOutput(); // FIN after what was written
            }
            drainUntilEof(in, CLOSE_DRAIN_MS);
            socket.close();
        }

        /** Reads and drops input until EOF, the server closes, or (if {@code maxMs > 0}) time runs out. */
        private void drainUntilEof(In in, long maxMs) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
            in.discard();
            while (!closed) {
                if (maxMs > 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) return;
                    socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
                }
                try {
                    if (!in.fill()) return;
                } catch (SocketTimeoutException e) {
                    return;
                }
                in.discard();
            }
        }
    }

    @Override
    public String toString() {
        return "ScriptedServer[" + url("") + ", connections=" + connectionCount() + ", requests=" + requestCount()
                + "]";
    }
}
