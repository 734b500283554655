package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The sending side of a {@link JdkWebSocket}: frames queued by the application's threads, given
 * to hiper through the transfer's read callback ({@code wsStartFrame}, then the payload), one frame
 * at a time as the connection takes them. hiper asks the read callback only when what it holds
 * has gone out, so a slow peer holds back the sender: a send's future completes when its last
 * byte was handed over, and the next send of its kind may start then.
 *
 * <p>The queue is guarded by this object; {@link #read} runs on the engine thread. With nothing
 * queued the callback pauses the sending side, and {@link #offer} asks the engine to resume it.
 */
final class WsOutbox {
    /** One frame to send and the future of the send that made it. */
    private static final class Frame {
        final int flags;
        final ByteBuffer payload;
        final CompletableFuture<WebSocket> done;
        boolean started;

        Frame(int flags, ByteBuffer payload, CompletableFuture<WebSocket> done) {
            this.flags = flags;
            this.payload = payload;
            this.done = done;
        }
    }

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private Frame current;
    /** The CLOSE frame was handed over: the read callback ends the sending side next. */
    private boolean closeGiven;
    /** The read callback paused the sending side (engine thread). */
    boolean paused;
    private WebSocket owner;

    void owner(WebSocket ws) {
        this.owner = ws;
    }

    /** Queues a frame (a PONG goes first); the caller then asks the engine to resume sending. */
    synchronized void offer(int flags, ByteBuffer payload, CompletableFuture<WebSocket> done) {
        Frame f = new Frame(flags, payload, done);
        if ((flags & CURLWS_PONG) != 0) {
            queue.addFirst(f);
        } else {
            queue.addLast(f);
        }
    }

    /**
     * The read callback (engine thread): starts the next frame and gives its payload, as much as
     * fits; frames without payload go out in the same call. Pauses when nothing is queued; 0
     * (the end of the sending side) once the CLOSE was given.
     */
    int read(CurlEasy easy, ByteBuffer dst) {
        while (true) {
            Frame f;
            synchronized (this) {
                if (closeGiven) {
                    return 0;
                }
                f = current != null ? current : queue.poll();
                if (f == null) {
                    paused = true;
                    return CURL_READFUNC_PAUSE;
                }
                current = f;
            }
            if (f.flags == -1) {
                synchronized (this) {
                    current = null;
                    closeGiven = true;
                }
                return 0;
            }
            if (!f.started) {
                CurlCode c = easy.wsStartFrame(f.flags, f.payload.remaining());
                if (c != CurlCode.CURLE_OK) {
                    finish(f, new IOException(easy.errorBuffer().isEmpty() ? c.strerror() : easy.errorBuffer()));
                    continue;
                }
                f.started = true;
            }
            int n = Math.min(dst.remaining(), f.payload.remaining());
            if (n > 0) {
                ByteBuffer part = f.payload.duplicate();
                part.limit(part.position() + n);
                dst.put(part);
                f.payload.position(f.payload.position() + n);
            }
            if (!f.payload.hasRemaining()) {
                finish(f, null);
            }
            if (n > 0) {
                return n;
            }
        }
    }

    private void finish(Frame f, IOException error) {
        synchronized (this) {
            current = null;
            if (error == null && (f.flags & CURLWS_CLOSE) != 0) {
                closeGiven = true;
            }
        }
        if (error != null) {
            f.done.completeExceptionally(error);
        } else {
            f.done.complete(owner);
        }
    }

    /** The sending side ends once what is queued has gone (hiper answered the server's CLOSE). */
    synchronized void endAfterQueue() {
        queue.addLast(new Frame(-1, ByteBuffer.allocate(0), new CompletableFuture<>()));
    }

    /** The transfer ended: every send still queued fails with {@code error}. */
    void failAll(IOException error) {
        Frame c;
        Frame[] rest;
        synchronized (this) {
            c = current;
            current = null;
            rest = queue.toArray(new Frame[0]);
            queue.clear();
            closeGiven = true;
        }
        if (c != null) {
            c.done.completeExceptionally(error);
        }
        for (Frame f : rest) {
            f.done.completeExceptionally(error);
        }
    }
}
