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
 * that the cases naming them in {@code <tool>} run: {@code lib2700} (CONNECT_ONLY: each frame
 * peeked with an empty buffer, echoed with CURLWS_OFFSET and then in 256-byte pieces, described
 * on stdout as "txt fin [3] txt"; PINGs handed over except in case 2708).
 *
 * <p>curl's debug-build hooks the cases set are honoured here, and only here:
 * {@code CURL_WS_FORCE_ZERO_MASK} sends every frame with a zero mask. The replies of curl's cases
 * carry a fixed {@code Sec-WebSocket-Accept} that no key matches, which libcurl does not check;
 * hiper does, so the runner turns its check off.
 */
final class WsTestClients {
    private WsTestClients() {
    }

    static boolean has(String tool) {
        return tool.equals("lib2700");
    }

    /** Runs {@code tool} for case {@code n} against {@code url}; returns its exit code (a CURLcode). */
    static int run(String tool, int n, String url, Map<String, String> env, OutputStream stdout, OutputStream stderr)
            throws IOException {
        debugHooks("1".equals(env.get("CURL_WS_FORCE_ZERO_MASK")));
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.ISO_8859_1);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.ISO_8859_1);
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
     * Sets hiper's test hooks ({@code WsCalls.checkAccept}, {@code WsCalls.masks}) by reflection:
     * they are inside the library, which exports only its API; the runner runs on the class path.
     */
    private static void debugHooks(boolean zeroMask) {
        try {
            Class<?> calls = Class.forName("dev.hiper.internal.transfer.WsCalls");
            calls.getField("checkAccept").setBoolean(null, false);
            Class<?> source = Class.forName("dev.hiper.internal.ws.WsFrameEncoder$MaskSource");
            Object masks = zeroMask
                    ? java.lang.reflect.Proxy.newProxyInstance(source.getClassLoader(), new Class<?>[] {source},
                            (proxy, method, args) -> {
                                if (method.getName().equals("next")) {
                                    java.util.Arrays.fill((byte[]) args[0], (byte) 0);
                                    return null;
                                }
                                return method.getName().equals("toString") ? "zero masks" : null;
                            })
                    : Class.forName("dev.hiper.internal.ws.WsFrameEncoder").getField("SECURE").get(null);
            calls.getField("masks").set(null, masks);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("hiper's WebSocket test hooks are not reachable: " + e, e);
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
