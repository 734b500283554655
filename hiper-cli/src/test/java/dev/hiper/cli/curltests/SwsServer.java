package dev.hiper.cli.curltests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that behaves as curl's test server ({@code sws}) does for what the test
 * cases use.
 *
 * <p>1. A request is read until its head ends ({@code CRLF CRLF}) and its body is complete (by
 * {@code Content-Length}, or the last chunk of a chunked body). 2. The test number is the number
 * after the last slash of the path ({@code NNNNPPPP}: part {@code PPPP} of test {@code NNNN}); with
 * none, the current test. 3. The whole request is appended to {@code server.input}. 4. The reply is
 * {@code <reply><dataN>}, sent in pieces of at most 20 bytes; the connection closes after it when
 * the reply contains {@code swsclose}, is empty, or the request said {@code Connection: close}.
 * 5. {@code <servercmd>} instructions: {@code idle}, {@code stream}, {@code writedelay: ms},
 * {@code skip: n}, {@code no-expect}, {@code swsclose}, {@code connection-monitor},
 * {@code auth_required}, {@code upgrade} (after the reply, a WebSocket: every byte the client sends
 * is kept until it closes or is silent for a second); {@code <postcmd>} {@code wait N}.
 *
 * <p>One thread per connection; the state that sws keeps across requests ({@code swsbounce})
 * is shared under a lock.
 */
final class SwsServer implements AutoCloseable {
    private static final int NOTHING = -4;
    private static final int QUIT = -3;
    private static final int WERULEZ = -2;
    private static final int DOC404 = -1;
    private static final String SWSVERSION = "curl test suite HTTP server/0.1";
    private static final String DOC_404 = "HTTP/1.1 404 Not Found\r\n"
            + "Server: " + SWSVERSION + "\r\n"
            + "Connection: close\r\n"
            + "Content-Type: text/html\r\n\r\n"
            + "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n"
            + "<HTML><HEAD>\n"
            + "<TITLE>404 Not Found</TITLE>\n"
            + "</HEAD><BODY>\n"
            + "<H1>Not Found</H1>\n"
            + "The requested URL was not found on this server.\n"
            + "<P><HR><ADDRESS>" + SWSVERSION + "</ADDRESS>\n" + "</BODY></HTML>\n";

    private final ServerSocket listener;
    private final Path serverInput;
    private final int testNumber;
    private volatile TestFile test;
    private volatile boolean closed;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Connections in the middle of reading a request (their input not yet stored). */
    private final AtomicInteger reading = new AtomicInteger();
    private final Object lock = new Object();
    private long prevTest = -1;
    private long prevPart = -1;
    private boolean prevBounce;
    /** As a proxy (sws --connect): where a CONNECT's tunnel goes, at the port the CONNECT named. */
    private volatile InetAddress connectHost;

    SwsServer(InetAddress address, Path serverInput, int testNumber) throws IOException {
        this.listener = new ServerSocket();
        this.listener.bind(new InetSocketAddress(address, 0), 50);
        this.serverInput = serverInput;
        this.testNumber = testNumber;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Runs as curl's http-proxy: after a CONNECT's reply, tunnels to {@code host}. */
    void proxyTo(InetAddress host) {
        this.connectHost = host;
    }

    /** The preprocessed test whose replies this server sends; set before the client runs. */
    void test(TestFile t) {
        this.test = t;
    }

    void start() {
        Thread t = new Thread(() -> acceptLoop(listener, null), "sws-accept-" + testNumber);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Also serves TLS on a port of its own, as curl's harness puts stunnel in front of the same
     * sws: one server state, one record of requests. Returns the port.
     */
    int startTls(javax.net.ssl.SSLContext ctx) throws IOException {
        ServerSocket tls = new ServerSocket(0, 50, listener.getInetAddress());
        tlsListener = tls;
        Thread t = new Thread(() -> acceptLoop(tls, ctx), "sws-tls-accept-" + testNumber);
        t.setDaemon(true);
        t.start();
        return tls.getLocalPort();
    }

    private volatile ServerSocket tlsListener;

    private void acceptLoop(ServerSocket listener, javax.net.ssl.SSLContext tls) {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t = new Thread(() -> serve(tls == null ? s : TlsFront.wrap(s, tls, sockets)), "sws-conn-" + testNumber);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits until no connection is halfway through a request, at most {@code ms}. */
    void awaitQuiet(long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (reading.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    /**
     * Waits until every connection has ended on the server's side, at most {@code ms}: the
     * client closed them when it exited, and the server must have seen it (a [DISCONNECT] of
     * connection-monitor is recorded then).
     */
    void awaitClosed(long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (!sockets.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
            if (tlsListener != null) {
                tlsListener.close();
            }
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
    }

    private void store(byte[] b, int len) {
        if (len <= 0) {
            return;
        }
        synchronized (lock) {
            try {
                Files.write(serverInput, Arrays.copyOf(b, len), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the check reports the missing input
            }
        }
    }

    /** What one request asked for, as sws's struct httprequest. */
    private static final class Request {
        long testno = NOTHING;
        long partno;
        boolean open = true;
        boolean authReq;
        boolean auth;
        long cl;
        boolean digest;
        boolean ntlm;
        int writedelay;
        int skip;
        boolean skipall;
        boolean noexpect;
        boolean connmon;
        boolean close;
        boolean upgrade;
        String rcmd = "";
        int protVersion;
        boolean done;
        /** A CONNECT: answered from the test's {@code <connect>} part (sws's connect_request). */
        boolean connect;
        int connectPort;
    }

    private void serve(Socket s) {
        if (s == null) {
            return; // not TLS on the TLS port: reset
        }
        byte[] buf = new byte[64 * 1024];
        boolean connmon = false;
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (;;) {
                Request req = new Request();
                int len = 0;
                try {
                    while (!req.done) {
                        if (len == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                        }
                        int want = buf.length - len;
                        if (req.skip > 0 && req.cl > 0) {
                            // told to leave the last bytes of the body unread
                            int headEnd = str(buf, len).indexOf("\r\n\r\n") + 4;
                            want = (int) Math.max(1, Math.min(want, headEnd + req.cl - len));
                        }
                        int n;
                        try {
                            n = in.read(buf, len, want);
                        } catch (SocketException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            store(buf, len);
                            if (connmon || req.connmon) {
                                byte[] d = "[DISCONNECT]\n".getBytes(StandardCharsets.ISO_8859_1);
                                store(d, d.length);
                            }
                            return;
                        }
                        if (len == 0 && n > 0) {
                            reading.incrementAndGet();
                        }
                        len += n;
                        process(req, buf, len);
                    }
                    store(buf, len);
                } finally {
                    if (len > 0) {
                        reading.decrementAndGet();
                    }
                }
                connmon = req.connmon;
                synchronized (lock) {
                    if (prevBounce) {
                        if (req.testno == prevTest) {
                            req.partno = prevPart + 1;
                        } else {
                            prevBounce = false;
                            prevTest = -1;
                            prevPart = -1;
                        }
                    }
                }
                boolean keep = sendDoc(req, out);
                if (req.testno < 0 || !keep) {
                    sleep(50);
                    if (connmon) {
                        byte[] d = "[DISCONNECT]\n".getBytes(StandardCharsets.ISO_8859_1);
                        store(d, d.length);
                    }
                    return;
                }
                if (req.connect && connectHost != null) {
                    Socket backend = TunnelRelay.connect(new InetSocketAddress(connectHost, req.connectPort));
                    if (backend != null) {
                        TunnelRelay.relay(s, in, backend, sockets);
                    }
                    return;
                }
                if (req.upgrade) {
                    // a WebSocket after the 101: what the client sends is kept until it closes or,
                    // as sws does, stays silent for a second; then the connection closes
                    s.setSoTimeout(1000);
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            store(buf, n);
                        }
                    } catch (java.net.SocketTimeoutException quiet) {
                        // sws's "wait for websocket traffic" ends
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            sockets.remove(s);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String str(byte[] b, int len) {
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWithIgnoreCase(String s, int at, String prefix) {
        return s.regionMatches(true, at, prefix, 0, prefix.length());
    }

    /** sws's ProcessRequest: sets req.done when the request is complete. */
    private void process(Request req, byte[] b, int len) {
        String buf = str(b, len);
        if (req.testno == NOTHING) {
            parseRequestLine(req, buf);
        }
        int end = buf.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        if (req.testno == NOTHING) {
            int t = buf.indexOf("\nTestno: ");
            if (t >= 0) {
                req.testno = strtol(buf, t + 9);
            }
        }
        parseServerCmd(req);
        boolean chunked = false;
        int line = 0;
        while (line >= 0 && line < buf.length()) {
            if (req.cl == 0 && startsWithIgnoreCase(buf, line, "Content-Length:")) {
                int p = line + 15;
                while (p < buf.length() && Character.isWhitespace(buf.charAt(p))) {
                    p++;
                }
                int q = p;
                while (q < buf.length() && Character.isDigit(buf.charAt(q))) {
                    q++;
                }
                if (q == p || q >= buf.length() || !Character.isWhitespace(buf.charAt(q))) {
                    req.open = false;
                    req.done = true;
                    return;
                }
                long clen = Long.parseLong(buf.substring(p, q));
                req.cl = req.skipall ? 0 : clen - req.skip;
            } else if (startsWithIgnoreCase(buf, line, "Transfer-Encoding: chunked")) {
                chunked = true;
            } else if (req.noexpect && startsWithIgnoreCase(buf, line, "Expect: 100-continue")) {
                req.cl = 0;
                req.skipall = true;
            }
            if (chunked) {
                if (buf.contains("\r\n0\r\n\r\n")) {
                    req.done = true;
                } else {
                    int zero = buf.indexOf("\r\n0\r\n");
                    if (zero >= 0 && buf.lastIndexOf("\r\n\r\n") > zero) {
                        req.done = true;
                    }
                }
                return;
            }
            int nl = buf.indexOf('\n', line);
            line = nl < 0 ? -1 : nl + 1;
        }
        if (!req.auth && buf.contains("Authorization:")) {
            req.auth = true;
        }
        if (buf.contains("Authorization: Negotiate")) {
            req.partno += 1;
        } else if (!req.digest && buf.contains("Authorization: Digest")) {
            req.partno += 1000;
            req.digest = true;
        } else if (!req.ntlm && buf.contains("Authorization: NTLM TlRMTVNTUAAD")) {
            req.partno += 1002;
            req.ntlm = true;
        } else if (!req.ntlm && buf.contains("Authorization: NTLM TlRMTVNTUAAB")) {
            req.partno += 1001;
            req.ntlm = true;
        } else if (req.partno >= 1000 && buf.contains("Authorization: Basic")) {
            req.partno += 1;
        }
        if (buf.contains("Connection: close")) {
            req.open = false;
        }
        if (req.authReq && !req.auth) {
            req.done = true;
            return;
        }
        if (req.cl > 0) {
            req.done = req.cl <= len - (end + 4);
            return;
        }
        req.done = true;
    }

    private static long strtol(String s, int at) {
        int i = at;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 18) {
            i++;
        }
        return i == start ? 0 : Long.parseLong(s.substring(start, i));
    }

    private void parseRequestLine(Request req, String buf) {
        int sp = 0;
        while (sp < buf.length() && !Character.isWhitespace(buf.charAt(sp))) {
            sp++;
        }
        if (sp == 0 || sp >= buf.length()) {
            return;
        }
        int lineEnd = buf.indexOf('\n');
        if (lineEnd < 0) {
            return;
        }
        int http = buf.indexOf("HTTP/", sp);
        if (http < 0) {
            return;
        }
        int major;
        int minor;
        int dot = buf.indexOf('.', http + 5);
        try {
            major = Integer.parseInt(buf.substring(http + 5, dot));
            int e = dot + 1;
            while (e < buf.length() && Character.isDigit(buf.charAt(e))) {
                e++;
            }
            minor = Integer.parseInt(buf.substring(dot + 1, e));
        } catch (RuntimeException e) {
            return;
        }
        String path = buf.substring(sp, http).trim();
        if (path.isEmpty()) {
            return;
        }
        req.protVersion = major * 10 + minor;
        if (buf.startsWith("CONNECT ")) {
            // the answer is the current test's <connect> part; what follows on the connection is
            // read as requests again, as sws does for a tunnel to itself
            req.connect = true;
            int colon = path.lastIndexOf(':');
            req.connectPort = colon < 0 ? 0 : (int) Math.min(65535, strtol(path, colon + 1));
            req.partno = 0;
            req.testno = testNumber;
            parseServerCmd(req);
            return;
        }
        int slash = path.lastIndexOf('/');
        if (slash >= 0) {
            String rest = path.substring(slash);
            if (rest.startsWith("/verifiedserver")) {
                req.testno = WERULEZ;
                req.done = true;
                return;
            }
            if (rest.startsWith("/quit")) {
                req.testno = QUIT;
                req.done = true;
                return;
            }
            long n = strtol(path, slash + 1);
            if (n > 10000) {
                req.partno = n % 10000;
                n /= 10000;
            } else {
                req.partno = 0;
            }
            req.testno = n == 0 ? NOTHING : n;
        }
        if (req.testno == NOTHING) {
            req.testno = testNumber; // the harness's "Testnum" command file
        }
        parseServerCmd(req);
    }

    private void parseServerCmd(Request req) {
        TestFile t = test;
        req.close = false;
        req.connmon = false;
        if (t == null || req.testno != testNumber) {
            if (req.testno > 0 && req.testno != testNumber) {
                req.open = false;
            }
            return;
        }
        for (String raw : t.part("reply", "servercmd")) {
            String cmd = raw.trim();
            if (cmd.startsWith("auth_required")) {
                req.authReq = true;
            } else if (cmd.startsWith("idle")) {
                req.rcmd = "idle";
                req.open = true;
            } else if (cmd.startsWith("stream")) {
                req.rcmd = "stream";
            } else if (cmd.startsWith("connection-monitor")) {
                req.connmon = true;
            } else if (cmd.startsWith("upgrade")) {
                req.upgrade = true;
            } else if (cmd.startsWith("swsclose")) {
                req.close = true;
            } else if (cmd.startsWith("skip:")) {
                req.skip = (int) strtol(cmd, 5);
            } else if (cmd.startsWith("no-expect")) {
                req.noexpect = true;
            } else if (cmd.startsWith("writedelay:")) {
                req.writedelay = (int) strtol(cmd, 11);
            }
        }
    }

    /** sws's send_doc: returns whether the connection stays open. */
    private boolean sendDoc(Request req, OutputStream out) throws IOException {
        if (req.rcmd.equals("stream")) {
            byte[] chunk = "a string to stream 01234567890\n".getBytes(StandardCharsets.ISO_8859_1);
            while (!closed) {
                out.write(chunk);
            }
            return false;
        }
        if (req.rcmd.equals("idle")) {
            return true;
        }
        byte[] doc;
        List<String> postcmd = List.of();
        if (req.testno < 0) {
            doc = (req.testno == QUIT ? "HTTP/1.1 200 Goodbye\r\n\r\n" : DOC_404).getBytes(StandardCharsets.ISO_8859_1);
        } else if (req.testno != testNumber) {
            doc = DOC_404.getBytes(StandardCharsets.ISO_8859_1);
        } else {
            TestFile t = test;
            String section = req.connect ? "connect" : "data";
            String part = req.partno != 0 ? section + req.partno : section;
            String text = t.text("reply", part);
            Map<String, String> attrs = t.attributes("reply", part);
            if (attrs.containsKey("nonewline") && text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            doc = text.getBytes(StandardCharsets.ISO_8859_1);
            if (req.connect && !t.exists("reply", part)) {
                doc = "HTTP/1.1 200 Mighty fine indeed\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            }
            postcmd = req.connect ? List.of() : t.part("reply", "postcmd");
        }
        String docText = new String(doc, StandardCharsets.ISO_8859_1);
        boolean persistent = !(docText.contains("swsclose") || doc.length == 0 || req.close);
        synchronized (lock) {
            prevBounce = docText.contains("swsbounce");
        }
        for (int off = 0; off < doc.length; off += 20) {
            out.write(doc, off, Math.min(20, doc.length - off));
            out.flush();
            if (req.writedelay > 0) {
                sleep(req.writedelay);
            }
        }
        for (String line : postcmd) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 2 && w[0].equals("wait")) {
                long secs = strtol(w[1], 0);
                long until = System.nanoTime() + secs * 1_000_000_000L;
                while (!closed && System.nanoTime() < until) {
                    sleep(20);
                }
            }
        }
        synchronized (lock) {
            prevTest = req.testno;
            prevPart = req.partno;
        }
        return req.open && persistent;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
