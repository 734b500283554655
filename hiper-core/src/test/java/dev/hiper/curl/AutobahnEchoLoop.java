package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The echo client of {@link AutobahnCase} written as an application's own loop over a
 * {@code CURLOPT_CONNECT_ONLY} 2 connection: {@code wsRecv} whenever the socket is readable, each
 * whole TEXT or BINARY message queued to go back with {@code wsSend} of its type, sent as the
 * socket takes it while reading goes on. In this mode libcurl leaves the CLOSE to the application:
 * this one answers with the server's code, or 1002 when the code is one no endpoint may send or
 * the payload has 1 byte, and echoes nothing after it.
 */
final class AutobahnEchoLoop {
    private record Out(ByteBuffer data, int flags) {
    }

    private final CurlEasy easy;
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final ByteArrayOutputStream close = new ByteArrayOutputStream();
    private int type;
    private boolean closing;

    AutobahnEchoLoop(CurlEasy easy) {
        this.easy = easy;
    }

    /** Runs until the connection ends: CURLE_OK when it closed, else the code wsRecv or wsSend failed with. */
    CurlCode run() throws IOException {
        SelectableChannel ch = easy.getinfo(CURLINFO_ACTIVESOCKET).channel();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Selector sel = Selector.open()) {
            SelectionKey key = ch.register(sel, SelectionKey.OP_READ);
            for (;;) {
                CurlCode s = sendSome();
                if (s != CurlCode.CURLE_OK && s != CurlCode.CURLE_AGAIN) {
                    return s;
                }
                CurlCode c = easy.wsRecv(buf.clear());
                if (c == CurlCode.CURLE_GOT_NOTHING) {
                    return CurlCode.CURLE_OK;
                }
                if (c == CurlCode.CURLE_AGAIN) {
                    if (System.nanoTime() > deadline) {
                        return CurlCode.CURLE_OPERATION_TIMEDOUT;
                    }
                    key.interestOps(SelectionKey.OP_READ | (queue.isEmpty() ? 0 : SelectionKey.OP_WRITE));
                    sel.select(1000);
                    sel.selectedKeys().clear();
                    continue;
                }
                if (c != CurlCode.CURLE_OK) {
                    return c;
                }
                buf.flip();
                take(buf, easy.wsMeta());
            }
        }
    }

    private void take(ByteBuffer data, CurlWsFrame m) {
        boolean last = m.bytesleft() == 0;
        if ((m.flags() & CURLWS_CLOSE) != 0) {
            close.write(data.array(), data.position(), data.remaining());
            if (last && !closing) {
                closing = true;
                byte[] p = close.toByteArray();
                int code = p.length >= 2 ? (p[0] & 0xff) << 8 | p[1] & 0xff : -1;
                boolean sendable = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014
                        || code >= 3000 && code <= 4999;
                byte[] answer = p.length == 0 ? p : p.length >= 2 && sendable ? new byte[] {p[0], p[1]}
                        : new byte[] {(byte) (1002 >> 8), (byte) 1002};
                queue.add(new Out(ByteBuffer.wrap(answer), CURLWS_CLOSE));
            }
            return;
        }
        int kind = m.flags() & (CURLWS_TEXT | CURLWS_BINARY);
        if (kind == 0 || closing) {
            return; // a PONG, or anything after the CLOSE
        }
        type = kind;
        message.write(data.array(), data.position(), data.remaining());
        if (last && (m.flags() & CURLWS_CONT) == 0) {
            queue.add(new Out(ByteBuffer.wrap(message.toByteArray()), type));
            message.reset();
        }
    }

    /** Sends queued frames until the socket is full (CURLE_AGAIN) or the queue is empty (CURLE_OK). */
    private CurlCode sendSome() {
        while (!queue.isEmpty()) {
            Out o = queue.peek();
            CurlCode c = easy.wsSend(o.data, 0, o.flags);
            if (c != CurlCode.CURLE_OK) {
                return c;
            }
            if (o.data.hasRemaining()) {
                return CurlCode.CURLE_AGAIN;
            }
            queue.poll();
        }
        return CurlCode.CURLE_OK;
    }
}
