package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlWsFrame;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's {@link WebSocket} on a hiper transfer: the upgrade is a {@code ws://} or
 * {@code wss://} transfer of the client's engine that runs for the session's whole life. Frames
 * arrive at its write callback ({@link WsInbox} makes the listener's calls of them) and leave
 * through its read callback ({@link WsOutbox}); the listener is called in order on the client's
 * executor, never on the engine's thread.
 *
 * <p>Backpressure: {@link #request(long)} counts the listener calls the application wants; with
 * none left, the write callback pauses the transfer's receiving side, and TCP holds the server
 * back. A PING is answered with a PONG of the same payload before the listener hears it, as the
 * JDK's client does; a CLOSE from the server is answered by hiper at once with the same status
 * code.
 */
final class JdkWebSocket implements WebSocket {
    private final ClientCore client;
    private final Engine engine;
    private final Listener listener;
    private final Workers.Serial events;
    private final CurlEasy easy = CurlEasy.init();
    private final WsOutbox out = new WsOutbox();
    private final WsInbox in = new WsInbox();
    private final AtomicLong demand = new AtomicLong();
    private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    /** One text or binary send at a time; one PING or PONG at a time. */
    private final AtomicBoolean dataPending = new AtomicBoolean();
    private final AtomicBoolean controlPending = new AtomicBoolean();
    private volatile boolean inputClosed;
    private volatile boolean outputClosed;
    private volatile boolean aborted;
    private volatile String subprotocol = "";
    /** The type of the message whose fragments are being sent (0: none); guarded by {@code this}. */
    private int openMessage;
    private CharsetEncoder encoder;
    /** The handshake's answer, for a refused upgrade (engine thread). */
    private final ResponseHead head = new ResponseHead();
    private boolean recvPaused;
    /** The URI as http or https, for the response of a refused upgrade. */
    private URI httpUri;

    JdkWebSocket(ClientCore client, Listener listener) {
        this.client = client;
        this.engine = client.engine();
        this.listener = listener;
        this.events = new Workers.Serial(client.config().executorOrDefault());
        out.owner(this);
    }

    /** Starts the upgrade; the future completes with this socket once the server said 101. */
    CompletableFuture<WebSocket> start(URI uri, List<String> headers, Duration connectTimeout) {
        engine.callStarted();
        try {
            engine.execute(() -> begin(uri, headers, connectTimeout));
        } catch (RejectedExecutionException e) {
            engine.callEnded();
            opened.completeExceptionally(new IOException("the client is shut down"));
        }
        return opened;
    }

    private void begin(URI uri, List<String> headers, Duration connectTimeout) {
        try {
            EasyRequest.set(easy, CURLOPT_URL, uri.toString());
            EasyRequest.set(easy, CURLOPT_HTTPHEADER, headers);
            Duration timeout = connectTimeout != null ? connectTimeout : client.config().connectTimeout();
            if (timeout != null) {
                EasyRequest.set(easy, CURLOPT_CONNECTTIMEOUT_MS, Math.max(1, timeout.toMillis()));
            }
            boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
            httpUri = URI.create((secure ? "https" : "http") + uri.toString().substring(secure ? 3 : 2));
            String proxy = EasyRequest.proxyFor(client.config().proxy(), httpUri);
            EasyRequest.set(easy, CURLOPT_PROXY, proxy);
            if (!proxy.isEmpty()) {
                EasyRequest.set(easy, CURLOPT_HTTPPROXYTUNNEL, 1L); // the upgrade goes through a tunnel, as the JDK's
            }
            if (client.config().localAddress() != null) {
                EasyRequest.set(easy, CURLOPT_INTERFACE, client.config().localAddress().getHostAddress());
            }
            if (secure) {
                EasyRequest.tls(easy, client.config());
            }
            EasyRequest.set(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
            EasyRequest.set(easy, CURLOPT_WS_OPTIONS, CURLWS_NOAUTOPONG);
            EasyRequest.set(easy, CURLOPT_UPLOAD, 1L);
            EasyRequest.set(easy, CURLOPT_READFUNCTION, (dst, u) -> out.read(easy, dst));
            EasyRequest.set(easy, CURLOPT_WRITEFUNCTION, (data, u) -> onWrite(data));
            EasyRequest.set(easy, CURLOPT_HEADERFUNCTION, (line, u) -> onHeader(line));
        } catch (IOException e) {
            engine.callEnded();
            easy.cleanup();
            opened.completeExceptionally(e);
            return;
        }
        engine.add(easy, this::ended);
    }

    private int onHeader(ByteBuffer line) {
        int n = line.remaining();
        String text = StandardCharsets.ISO_8859_1.decode(line.duplicate()).toString();
        if (text.regionMatches(true, 0, "Sec-WebSocket-Protocol:", 0, 23)) {
            subprotocol = text.substring(23).trim();
        }
        head.onLine(line);
        if (text.trim().isEmpty() && head.statusCode() == 101 && !opened.isDone()) {
            events.execute(() -> {
                opened.complete(this);
                try {
                    listener.onOpen(this);
                } catch (RuntimeException thrown) {
                    failAndAbort(thrown);
                }
            });
        }
        return n;
    }

    private int onWrite(ByteBuffer data) {
        int n = data.remaining();
        CurlWsFrame meta = easy.wsMeta();
        if (meta == null || aborted) {
            return n;
        }
        if (demand.get() == 0) {
            recvPaused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        WsInbox.Event e;
        try {
            e = in.piece(meta, data);
        } catch (CharacterCodingException bad) {
            ProtocolException p = new ProtocolException("a text message that is not UTF-8");
            p.initCause(bad);
            failAndAbort(p);
            return n;
        }
        if (e.kind == WsInbox.Kind.NONE) {
            return n;
        }
        if (e.kind == WsInbox.Kind.PING && !outputClosed) {
            out.offer(CURLWS_PONG, e.bytes.duplicate(), new CompletableFuture<>());
            resumeSending();
        }
        if (e.kind == WsInbox.Kind.CLOSE) {
            inputClosed = true;
            outputClosed = true; // hiper answers the CLOSE with the same status code
            out.endAfterQueue();
            resumeSending();
        }
        demand.getAndUpdate(d -> d == Long.MAX_VALUE ? d : d - 1);
        events.execute(() -> deliver(e));
        return n;
    }

    private void deliver(WsInbox.Event e) {
        if (aborted) {
            return;
        }
        try {
            switch (e.kind) {
                case TEXT:
                    listener.onText(this, e.text, e.last);
                    break;
                case BINARY:
                    listener.onBinary(this, e.bytes, e.last);
                    break;
                case PING:
                    listener.onPing(this, e.bytes);
                    break;
                case PONG:
                    listener.onPong(this, e.bytes);
                    break;
                case CLOSE:
                    listener.onClose(this, WsInbox.closeCode(e.bytes), WsInbox.closeReason(e.bytes));
                    break;
                default:
                    break;
            }
        } catch (RuntimeException thrown) {
            failAndAbort(thrown);
        }
    }

    /** The transfer ended (engine thread). */
    private void ended(CurlCode code) {
        engine.callEnded();
        IOException error = code == CurlCode.CURLE_OK ? null : CurlFailures.toException(code, easy.errorBuffer());
        if (!opened.isDone() && !aborted) {
            int status = head.statusCode();
            IOException failure = status != 0 && status != 101
                    ? new WebSocketHandshakeException(new RequestCall.HiperResponse<>(
                            java.net.http.HttpRequest.newBuilder(httpUri).build(), head, null, null))
                    : error != null ? error : new IOException("the server closed the connection during the upgrade");
            events.execute(() -> opened.completeExceptionally(failure));
        } else if (!inputClosed && !aborted) {
            IOException failure = error != null ? error
                    : new IOException("the connection closed without a Close message");
            inputClosed = true;
            events.execute(() -> listener.onError(this, failure));
        }
        inputClosed = true;
        outputClosed = true;
        out.failAll(new IOException("the WebSocket is closed"));
        easy.cleanup();
    }

    private void failAndAbort(Throwable t) {
        if (aborted) {
            return;
        }
        aborted = true;
        inputClosed = true;
        outputClosed = true;
        events.execute(() -> listener.onError(this, t));
        abortTransfer();
    }

    private void abortTransfer() {
        try {
            engine.execute(() -> engine.abort(easy, CurlCode.CURLE_ABORTED_BY_CALLBACK));
        } catch (RejectedExecutionException stopped) {
            // the engine has stopped: its transfers are gone already
        }
    }

    private void resumeSending() {
        if (out.paused) {
            out.paused = false;
            easy.pause(recvPaused ? CURLPAUSE_RECV : CURLPAUSE_CONT);
        }
    }

    // ---- the WebSocket interface ----

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        Objects.requireNonNull(data, "data");
        ByteBuffer payload;
        synchronized (this) {
            if (!dataPending.compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(new IllegalStateException("Send pending"));
            }
            if (openMessage == CURLWS_BINARY) {
                dataPending.set(false);
                return CompletableFuture.failedFuture(new IllegalStateException("Unexpected text message"));
            }
            try {
                if (encoder == null || openMessage == 0) {
                    encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                }
                payload = encode(data, last);
            } catch (CharacterCodingException e) {
                dataPending.set(false);
                return CompletableFuture.failedFuture(new IllegalArgumentException("Malformed UTF-16 text", e));
            }
            openMessage = last ? 0 : CURLWS_TEXT;
        }
        return send(CURLWS_TEXT | (last ? 0 : CURLWS_CONT), payload, dataPending);
    }

    private ByteBuffer encode(CharSequence data, boolean last) throws CharacterCodingException {
        CharBuffer chars = CharBuffer.wrap(data);
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, data.length() * 3L + 8));
        var r = encoder.encode(chars, bytes, last);
        if (r.isError()) {
            r.throwException();
        }
        if (last) {
            encoder.flush(bytes);
        }
        bytes.flip();
        return bytes;
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        Objects.requireNonNull(data, "data");
        synchronized (this) {
            if (!dataPending.compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(new IllegalStateException("Send pending"));
            }
            if (openMessage == CURLWS_TEXT) {
                dataPending.set(false);
                return CompletableFuture.failedFuture(new IllegalStateException("Unexpected binary message"));
            }
            openMessage = last ? 0 : CURLWS_BINARY;
        }
        return send(CURLWS_BINARY | (last ? 0 : CURLWS_CONT), copy(data), dataPending);
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        return control(CURLWS_PING, message);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return control(CURLWS_PONG, message);
    }

    private CompletableFuture<WebSocket> control(int flags, ByteBuffer message) {
        Objects.requireNonNull(message, "message");
        if (message.remaining() > 125) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Payload over 125 bytes"));
        }
        if (!controlPending.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("Send pending"));
        }
        return send(flags, copy(message), controlPending);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (statusCode != NORMAL_CLOSURE && (statusCode < 3000 || statusCode > 4999)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("statusCode: " + statusCode));
        }
        ByteBuffer r = StandardCharsets.UTF_8.encode(reason);
        if (r.remaining() > 123) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("reason over 123 bytes"));
        }
        if (outputClosed) {
            return CompletableFuture.completedFuture(this);
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + r.remaining());
        payload.putShort((short) statusCode).put(r).flip();
        CompletableFuture<WebSocket> f = send(CURLWS_CLOSE, payload, new AtomicBoolean(true));
        outputClosed = true;
        return f;
    }

    private CompletableFuture<WebSocket> send(int flags, ByteBuffer payload, AtomicBoolean slot) {
        if (outputClosed) {
            slot.set(false);
            return CompletableFuture.failedFuture(new IOException("Output closed"));
        }
        CompletableFuture<WebSocket> sent = new CompletableFuture<>();
        CompletableFuture<WebSocket> result = sent.whenCompleteAsync((ws, t) -> slot.set(false),
                client.config().executorOrDefault());
        out.offer(flags, payload, sent);
        try {
            engine.execute(this::resumeSending);
        } catch (RejectedExecutionException e) {
            out.failAll(new IOException("the client is shut down"));
        }
        return result;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        b.position(b.limit()); // the JDK's client consumes the buffer too
        return c;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        long before = demand.getAndUpdate(d -> d > Long.MAX_VALUE - n ? Long.MAX_VALUE : d + n);
        if (before == 0 && !inputClosed) {
            try {
                engine.execute(() -> {
                    if (recvPaused && !aborted) {
                        recvPaused = false;
                        easy.pause(out.paused ? CURLPAUSE_SEND : CURLPAUSE_CONT);
                    }
                });
            } catch (RejectedExecutionException stopped) {
                // nothing more will arrive
            }
        }
    }

    @Override
    public String getSubprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOutputClosed() {
        return outputClosed;
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    public void abort() {
        if (aborted) {
            return;
        }
        aborted = true;
        inputClosed = true;
        outputClosed = true;
        abortTransfer();
    }

    @Override
    public String toString() {
        return "HiperWebSocket[" + easy + "]";
    }
}
