package dev.hiper.cli.curltests;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlWsFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * curl's WebSocket test clients (its {@code tests/libtest}), written again over hiper's API, so
 * that the cases naming them in {@code <tool>} run: {@code lib2301} (raw mode, a PONG sent from
 * the write callback), {@code lib2302} (frames to the write callback, printed with their
 * flags), {@code lib2304} (CONNECT_ONLY on a connection the server closed), {@code lib2700}
 * (CONNECT_ONLY: each frame
 * peeked with an empty buffer, echoed with CURLWS_OFFSET and then in 256-byte pieces, described
 * on stdout as "txt fin [3] txt"; PINGs handed over except in case 2708).
 *
 * <p>curl's debug-build hooks the cases set are honoured here, and only here:
 * {@code CURL_WS_FORCE_ZERO_MASK} sends every frame with a zero mask, {@code CURL_ENTROPY} fixes
 * the key's and the masks' random bytes. The replies of curl's cases
 * carry a fixed {@code Sec-WebSocket-Accept} that no key matches, which libcurl does not check;
 * hiper does, so the runner turns its check off.
 */
final class WsTestClients {
    private WsTestClients() {
    }

    static boolean has(String tool) {
        return tool.equals("lib2700") || tool.equals("lib2301") || tool.equals("lib2302") || tool.equals("lib2304");
    }

    /**
     * Runs {@code tool} for case {@code n} against {@code url}; returns its exit code (a CURLcode).
     * One client at a time: the hooks are the library's, for the whole process.
     */
    static synchronized int run(String tool, int n, String url, Map<String, String> env, OutputStream stdout,
            OutputStream stderr) throws IOException {
        debugHooks("1".equals(env.get("CURL_WS_FORCE_ZERO_MASK")), env.get("CURL_ENTROPY"));
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.ISO_8859_1);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.ISO_8859_1);
        try {
            switch (tool) {
                case "lib2301":
                    return lib2301(url, err);
                case "lib2302":
                    return lib2302(url, out, err);
                case "lib2304":
                    return lib2304(url, out, err);
                default:
                    return lib2700(n, url, out, err);
            }
        } finally {
            debugHooks(false, null);
        }
    }

    /** A WebSocket case of the command line, with the debug hooks its environment asks for. */
    static synchronized int command(java.util.List<String> args, byte[] stdin, java.nio.file.Path work,
            Map<String, String> env, OutputStream stdout, OutputStream stderr) {
        debugHooks("1".equals(env.get("CURL_WS_FORCE_ZERO_MASK")), env.get("CURL_ENTROPY"));
        try {
            dev.hiper.cli.ToolEnv toolEnv = new dev.hiper.cli.ToolEnv(new java.io.ByteArrayInputStream(stdin), stdout,
                    stderr, work, env, () -> false, false);
            return dev.hiper.cli.Hiper.run(args.toArray(new String[0]), toolEnv);
        } finally {
            debugHooks(false, null);
        }
    }

    /** lib2301: raw mode; a PING seen in the raw bytes is answered with a raw PONG from the write callback. */
    private static int lib2301(String url, PrintStream err) {
        try (CurlEasy curl = CurlEasy.init()) {
            curl.setopt(CURLOPT_URL, url);
            curl.setopt(CURLOPT_USERAGENT, "webbie-sox/3");
            curl.setopt(CURLOPT_WS_OPTIONS, CURLWS_RAW_MODE);
            curl.setopt(CURLOPT_WRITEFUNCTION, (data, user) -> {
                int n = data.remaining();
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    hex.append(String.format("%02x ", data.get(data.position() + i)));
                }
                err.println("Called CURLOPT_WRITEFUNCTION with " + n + " bytes: " + hex);
                if (n > 0 && (data.get(data.position()) & 0xff) == 0x89) {
                    err.println("send back a simple PONG");
                    if (curl.wsSend(ByteBuffer.wrap(new byte[] {(byte) 0x8a, 0}), 0, 0) != CurlCode.CURLE_OK) {
                        return 0;
                    }
                }
                return n;
            });
            CurlCode r = curl.perform();
            err.println("curl_easy_perform() returned " + r.code());
            return r.code();
        }
    }

    /** lib2302: frame mode; each run of payload with the same flags printed in hex, then its flags. */
    private static int lib2302(String url, PrintStream out, PrintStream err) {
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        int[] state = {0, -1}; // writes in the run, its flags (-1: none)
        Runnable flush = () -> {
            if (state[0] == 0) {
                return;
            }
            StringBuilder line = new StringBuilder();
            for (byte b : run.toByteArray()) {
                line.append(String.format("%02x ", b));
            }
            out.print(line + "\n");
            if (state[1] >= 0) {
                out.print("RECFLAGS: " + Integer.toHexString(state[1]) + "\n");
            } else {
                err.println("RECFLAGS: NULL");
            }
            run.reset();
            state[0] = 0;
        };
        CurlCode r;
        try (CurlEasy curl = CurlEasy.init()) {
            curl.setopt(CURLOPT_URL, url);
            curl.setopt(CURLOPT_USERAGENT, "webbie-sox/3");
            curl.setopt(CURLOPT_WRITEFUNCTION, (data, user) -> {
                CurlWsFrame m = curl.wsMeta();
                int flags = m == null ? -1 : m.flags();
                if (state[0] == 0 || flags != state[1]) {
                    flush.run();
                    state[1] = flags;
                }
                int n = data.remaining();
                byte[] b = new byte[n];
                data.get(b);
                run.write(b, 0, n);
                state[0]++;
                return n;
            });
            r = curl.perform();
            err.println("curl_easy_perform() returned " + r.code());
        }
        flush.run();
        return r.code();
    }

    /**
     * lib2304: CONNECT_ONLY against a server that closes after the 101: a receive, a PING "foobar"
     * and the wait for its PONG all meet the closed connection; the exit code is the transfer's.
     */
    private static int lib2304(String url, PrintStream out, PrintStream err) throws IOException {
        try (CurlEasy curl = CurlEasy.init()) {
            curl.setopt(CURLOPT_URL, url);
            curl.setopt(CURLOPT_USERAGENT, "websocket/2304");
            curl.setopt(CURLOPT_CONNECT_ONLY, 2L);
            CurlCode r = curl.perform();
            err.println("curl_easy_perform() returned " + r.code());
            if (r != CurlCode.CURLE_OK) {
                return r.code();
            }
            err.println("ws: websocket() starts");
            for (int i = 0; i < 10; i++) {
                ByteBuffer any = ByteBuffer.allocate(256);
                CurlCode got = curl.wsRecv(any);
                if (got == CurlCode.CURLE_OK) {
                    err.println("recv_any: got " + any.position() + " bytes rflags "
                            + Integer.toHexString(curl.wsMeta().flags()));
                }
                err.println("Send ping");
                ByteBuffer ping = ByteBuffer.wrap("foobar".getBytes(StandardCharsets.US_ASCII));
                if (retry(curl, () -> curl.wsSend(ping, 0, CURLWS_PING), SelectionKey.OP_WRITE) != CurlCode.CURLE_OK) {
                    return r.code();
                }
                err.println("Receive pong");
                ByteBuffer pong = ByteBuffer.allocate(256);
                CurlCode p = retry(curl, () -> curl.wsRecv(pong), SelectionKey.OP_READ);
                if (p != CurlCode.CURLE_OK || (curl.wsMeta().flags() & CURLWS_PONG) == 0) {
                    out.print("Connection closed\n");
                    return r.code();
                }
            }
            return r.code();
        }
    }

    /** lib2700: CONNECT_ONLY; each frame peeked, described, and echoed. */
    private static int lib2700(int n, String url, PrintStream out, PrintStream err) throws IOException {
        try (CurlEasy curl = CurlEasy.init()) {
            curl.setopt(CURLOPT_URL, url);
            curl.setopt(CURLOPT_USERAGENT, "client/test2700");
            curl.setopt(CURLOPT_CONNECT_ONLY, 2L);
            if (n != 2708) {
                curl.setopt(CURLOPT_WS_OPTIONS, CURLWS_NOAUTOPONG);
            }
            CurlCode r = curl.perform();
            if (r != CurlCode.CURLE_OK) {
                err.printf("lib2700: curl_easy_perform() failed with code %d (%s)%n", r.code(), r.strerror());
                return r.code();
            }
            boolean stop = false;
            while (!stop) {
                r = recvFrameHead(curl, out, err);
                if (r != CurlCode.CURLE_OK) {
                    return r.code();
                }
                CurlWsFrame m = curl.wsMeta();
                int flags = m.flags();
                long left = m.bytesleft();
                while (left > 0) {
                    ByteBuffer buf = ByteBuffer.allocate(256);
                    r = retry(curl, () -> curl.wsRecv(buf), SelectionKey.OP_READ);
                    if (r != CurlCode.CURLE_OK) {
                        err.printf("lib2700: curl_ws_recv() failed with code %d (%s)%n", r.code(), r.strerror());
                        return r.code();
                    }
                    left = curl.wsMeta().bytesleft();
                    buf.flip();
                    out.write(buf.array(), 0, buf.limit());
                    while (buf.hasRemaining()) {
                        r = retry(curl, () -> curl.wsSend(buf, 0, flags), SelectionKey.OP_WRITE);
                        if (r != CurlCode.CURLE_OK) {
                            err.printf("lib2700: curl_ws_send() failed with code %d (%s)%n", r.code(), r.strerror());
                            return r.code();
                        }
                    }
                }
                stop = (flags & CURLWS_CLOSE) != 0;
                out.print("\n");
            }
            return 0;
        }
    }

    /**
     * Sets hiper's test hooks ({@code WsUpgrade.checkAccept}, {@code WsUpgrade.keyBytes},
     * {@code WsCalls.masks}) by reflection:
     * they are inside the library, which exports only its API; the runner runs on the class path.
     */
    private static void debugHooks(boolean zeroMask, String entropy) {
        try {
            Class<?> calls = Class.forName("dev.hiper.internal.transfer.WsCalls");
            Class<?> upgrade = Class.forName("dev.hiper.internal.http.WsUpgrade");
            Class<?> encoder = Class.forName("dev.hiper.internal.ws.WsFrameEncoder");
            Class<?> source = Class.forName("dev.hiper.internal.ws.WsFrameEncoder$MaskSource");
            boolean on = zeroMask || entropy != null;
            upgrade.getField("checkAccept").setBoolean(null, !on);
            if (!on) {
                calls.getField("masks").set(null, encoder.getField("SECURE").get(null));
                upgrade.getField("keyBytes").set(null, (java.util.function.Consumer<byte[]>) b ->
                        new java.security.SecureRandom().nextBytes(b));
                return;
            }
            Entropy fixed = entropy != null ? new Entropy(entropy) : null;
            if (fixed != null) {
                upgrade.getField("keyBytes").set(null, (java.util.function.Consumer<byte[]>) fixed::fill);
            }
            Object masks = java.lang.reflect.Proxy.newProxyInstance(source.getClassLoader(), new Class<?>[] {source},
                    (proxy, method, args) -> {
                        if (method.getName().equals("next")) {
                            if (zeroMask) {
                                java.util.Arrays.fill((byte[]) args[0], (byte) 0);
                            } else {
                                fixed.fill((byte[]) args[0]);
                            }
                            return null;
                        }
                        return method.getName().equals("toString") ? "fixed masks" : null;
                    });
            calls.getField("masks").set(null, masks);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("hiper's WebSocket test hooks are not reachable: " + e, e);
        }
    }

    /**
     * curl's CURL_ENTROPY in a debug build: the random bytes are successive 32-bit numbers, the
     * first made of the variable's first four bytes, each stored in the machine's (little-endian)
     * order.
     */
    private static final class Entropy {
        private int next;

        Entropy(String seed) {
            byte[] s = java.util.Arrays.copyOf(seed.getBytes(StandardCharsets.ISO_8859_1), 4);
            next = (s[0] & 0xff) << 24 | (s[1] & 0xff) << 16 | (s[2] & 0xff) << 8 | s[3] & 0xff;
        }

        synchronized void fill(byte[] b) {
            for (int i = 0; i < b.length; i += 4) {
                int v = next++;
                for (int k = 0; k < 4 && i + k < b.length; k++) {
                    b[i + k] = (byte) (v >>> (8 * k));
                }
            }
        }
    }

    /** Peeks at the next frame, prints its head, starts its echo. */
    private static CurlCode recvFrameHead(CurlEasy curl, PrintStream out, PrintStream err) throws IOException {
        ByteBuffer none = ByteBuffer.allocate(0);
        CurlCode r = retry(curl, () -> curl.wsRecv(none), SelectionKey.OP_READ);
        if (r != CurlCode.CURLE_OK) {
            err.printf("lib2700: curl_ws_recv() failed with code %d (%s)%n", r.code(), r.strerror());
            return r;
        }
        CurlWsFrame m = curl.wsMeta();
        out.print(describe(m.flags()) + " [" + m.bytesleft() + "]");
        if (m.bytesleft() > 0) {
            out.print(" ");
        }
        r = retry(curl, () -> curl.wsSend(none, m.bytesleft(), m.flags() | CURLWS_OFFSET), SelectionKey.OP_WRITE);
        if (r != CurlCode.CURLE_OK) {
            err.printf("lib2700: curl_ws_send() failed with code %d (%s)%n", r.code(), r.strerror());
        }
        return r;
    }

    private static String describe(int flags) {
        if ((flags & CURLWS_TEXT) != 0) {
            return (flags & CURLWS_CONT) != 0 ? "txt ---" : "txt fin";
        }
        if ((flags & CURLWS_BINARY) != 0) {
            return (flags & CURLWS_CONT) != 0 ? "bin ---" : "bin fin";
        }
        if ((flags & CURLWS_PING) != 0) {
            return "ping";
        }
        if ((flags & CURLWS_PONG) != 0) {
            return "pong";
        }
        return (flags & CURLWS_CLOSE) != 0 ? "close" : "";
    }

    private interface Call {
        CurlCode run();
    }

    /** A call again while it answers CURLE_AGAIN, waiting (at most 10 s each time) for the socket. */
    private static CurlCode retry(CurlEasy curl, Call call, int ops) throws IOException {
        for (int i = 0; i < 10_000; i++) {
            CurlCode r = call.run();
            if (r != CurlCode.CURLE_AGAIN) {
                return r;
            }
            SelectableChannel ch = curl.getinfo(CURLINFO_ACTIVESOCKET).channel();
            if (ch == null) {
                return CurlCode.CURLE_GOT_NOTHING;
            }
            try (Selector sel = Selector.open()) {
                ch.register(sel, ops);
                sel.select(10_000);
            }
        }
        return CurlCode.CURLE_AGAIN;
    }
}
