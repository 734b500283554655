package dev.hiper.internal.jdk;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlHeaderFunction;
import dev.hiper.curl.CurlReadFunction;
import dev.hiper.curl.CurlSeekFunction;
import dev.hiper.curl.CurlWriteFunction;
import java.io.IOException;
import java.net.PasswordAuthentication;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of one easy handle for a request: the first try, the one after a 401, or a redirect's. It owns the
 * handle's callbacks and the Flow plumbing on both sides.
 *
 * <ol>
 *   <li>{@link #start} (engine thread): options from the request, callbacks, and the handle into
 *       the multi.
 *   <li>Header lines go to a {@link ResponseHead}; when the final head is complete the
 *       {@link RequestCall} hears it, and queues on {@link #signals} the task that makes the
 *       subscriber (user code) and calls {@link #subscribe}.
 *   <li>Body bytes: the write callback copies one chunk (at most 16 KiB) into one {@code onNext}
 *       item for each unit of demand; with no demand it answers {@code CURL_WRITEFUNC_PAUSE}, and
 *       the next {@code request(n)} resumes the transfer with {@code CurlEasy.pause} on the engine
 *       thread. So no more is read from the socket than the subscriber asked for, plus the one
 *       chunk hiper holds while paused.
 *   <li>Request bytes: the read callback takes them from an {@link UploadPump}, which pauses and
 *       resumes the upload in the same way.
 *   <li>When the transfer ends, {@link RequestCall} hears the result and queues the last signal on
 *       {@link #signals}, behind every {@code onNext}.
 * </ol>
 * Signals to the subscriber (onSubscribe, onNext, onComplete, onError) run on {@link #signals}:
 * one at a time, in order, on the client's executor, never on the engine thread.
 */
final class Attempt {
    final RequestCall<?> call;
    /** The request this attempt sends: the call's own, or a redirect's. */
    final HttpRequest request;
    /**
     * The handle, taken from the engine's idle ones when the attempt starts and given back when it
     * ends (engine thread only; null before {@link #start}).
     */
    CurlEasy easy;
    /** The head being read, then the final response's (replaced when a CONNECT reply is set aside). */
    volatile ResponseHead head = new ResponseHead();
    /** The proxy's reply when it refused the tunnel's CONNECT (its head), or null. */
    volatile ResponseHead connectRefusal;
    /** Whether the next complete head may still be the proxy's reply to CONNECT (engine thread). */
    private boolean tunnelPending;
    final Workers.Serial signals;
    private final Engine engine;
    private final UploadPump upload;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private volatile Flow.Subscriber<List<ByteBuffer>> subscriber;
    private final Subscription subscription = new Subscription();
    /** The subscriber cancelled: its transfer is aborted and it hears nothing more. */
    volatile boolean cancelledBySubscriber;
    /** The credentials this attempt sent, or null. */
    volatile PasswordAuthentication sentCredentials;
    /** Credentials to send again with, when this attempt's 401 is to be retried. */
    volatile PasswordAuthentication retryWith;
    /** The proxy this attempt went through ({@code http://host:port}), "" for none. */
    volatile String proxy = "";
    /** The credentials this attempt sent to its proxy, or null. */
    volatile PasswordAuthentication sentProxyCredentials;
    /** Proxy credentials to send again with, when this attempt's 407 is to be retried. */
    volatile PasswordAuthentication retryWithProxy;
    /** The request a redirect asks for next, when this attempt's 3xx is to be followed. */
    volatile HttpRequest redirectTo;
    /** What the handle's options were set for, when another attempt may reuse them (engine thread). */
    private Setup setup;
    /** The client's request timeout ended it (engine thread). */
    boolean timedOutByClient;
    /** Whether the request was being sent when the timeout came, else it was still connecting (engine thread). */
    boolean connectedAtTimeout;
    /** Set by the engine thread when the transfer ended. */
    private volatile boolean finished;
    // engine thread only
    private boolean recvPaused;
    private boolean sendPaused;
    private long received;

    Attempt(RequestCall<?> call, Engine engine, HttpRequest request) {
        this.call = call;
        this.request = request;
        this.engine = engine;
        this.signals = new Workers.Serial(call.executor());
        this.upload = request.bodyPublisher()
                .map(p -> new UploadPump(p, call.executor(), this::scheduleResume))
                .orElse(null);
    }

    /** Sets the handle up and adds it (engine thread). A request hiper cannot send fails at once. */
    void start(ClientCore.Config config, List<String> extraHeaders, PasswordAuthentication credentials) {
        sentCredentials = credentials;
        easy = engine.obtain();
        boolean hasBody;
        try {
            proxy = EasyRequest.proxyFor(config.proxy(), request.uri());
            sentProxyCredentials = call.proxyCredentials(proxy, request.uri());
            tunnelPending = !proxy.isEmpty() && ProxyAuth.tunnelled(request.uri());
            // a request without a body and without cookies, sent again as it was: the handle's
            // options are still right (and the request is small enough to keep with an idle handle)
            setup = extraHeaders.isEmpty() && request.bodyPublisher().isEmpty()
                    ? new Setup(request, proxy, credentials, sentProxyCredentials) : null;
            if (engine.prepare(easy, setup)) {
                hasBody = false;
            } else {
                hasBody = EasyRequest.configure(easy, request, config, extraHeaders, credentials, proxy);
                if (sentProxyCredentials != null) {
                    ProxyAuth.apply(easy, sentProxyCredentials);
                }
            }
        } catch (IOException e) {
            finished = true;
            engine.recycle(easy, null);
            call.attemptFailed(this, e);
            return;
        }
        easy.setopt(CURLOPT_HEADERFUNCTION, HEADER);
        easy.setopt(CURLOPT_HEADERDATA, this);
        easy.setopt(CURLOPT_WRITEFUNCTION, WRITE);
        easy.setopt(CURLOPT_WRITEDATA, this);
        if (hasBody && upload != null) {
            easy.setopt(CURLOPT_READFUNCTION, READ);
            easy.setopt(CURLOPT_READDATA, this);
            easy.setopt(CURLOPT_SEEKFUNCTION, SEEK);
            easy.setopt(CURLOPT_SEEKDATA, this);
        }
        engine.add(easy, this::onDone);
    }

    /**
     * What an attempt's options are made of when it can reuse a handle's: the same request object
     * (identity: a request is immutable), proxy and credentials, on the same client.
     */
    private static final class Setup {
        final HttpRequest request;
        final String proxy;
        final PasswordAuthentication credentials;
        final PasswordAuthentication proxyCredentials;

        Setup(HttpRequest request, String proxy, PasswordAuthentication credentials,
                PasswordAuthentication proxyCredentials) {
            this.request = request;
            this.proxy = proxy;
            this.credentials = credentials;
            this.proxyCredentials = proxyCredentials;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Setup s && s.request == request && s.proxy.equals(proxy)
                    && s.credentials == credentials && s.proxyCredentials == proxyCredentials;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(request);
        }
    }

    // one set of callbacks for every attempt, each given its attempt as the user data
    private static final CurlHeaderFunction HEADER = (line, ud) -> ((Attempt) ud).onHeader(line);
    private static final CurlWriteFunction WRITE = (data, ud) -> ((Attempt) ud).onWrite(data);
    private static final CurlReadFunction READ = (dst, ud) -> ((Attempt) ud).onRead(dst);
    private static final CurlSeekFunction SEEK = (ud, offset, origin) -> ((Attempt) ud).onSeek(offset, origin);

    /** Whether another attempt follows this one, its response discarded (a 401, a 407 or a redirect). */
    boolean followedUp() {
        return retryWith != null || retryWithProxy != null || redirectTo != null;
    }

    private int onHeader(ByteBuffer line) {
        int n = line.remaining();
        if (head.onLine(line)) {
            if (tunnelPending && connectReply()) {
                return n;
            }
            head.sslSession = easy.getinfo(CURLINFO_TLS_SSL_PTR);
            call.headReceived(this);
        }
        return n;
    }

    /**
     * A head just ended on an attempt whose tunnel may not be up yet: whether it was the proxy's
     * reply to CONNECT, which is then set aside. hiper gives those lines to the header callback
     * too, with {@code CURLINFO_HTTP_CONNECTCODE} set from their status line on (0 when the
     * transfer reuses a tunnel: the head is the origin's).
     */
    private boolean connectReply() {
        Long code = easy.getinfo(CURLINFO_HTTP_CONNECTCODE);
        if (code == null || code == 0) {
            tunnelPending = false;
            return false;
        }
        ResponseHead reply = head;
        head = new ResponseHead();
        if (reply.statusCode() / 100 == 2) {
            tunnelPending = false;
        } else {
            connectRefusal = reply; // the transfer fails; a CONNECT sent again would be read next
        }
        return true;
    }

    private int onWrite(ByteBuffer data) {
        long d = demand.get();
        if (d == 0) {
            recvPaused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        if (d != Long.MAX_VALUE) {
            demand.decrementAndGet();
        }
        int n = data.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data).flip();
        received += n;
        List<ByteBuffer> item = List.of(copy);
        signals.execute(() -> {
            Flow.Subscriber<List<ByteBuffer>> s = subscriber;
            if (s != null && !cancelledBySubscriber) {
                try {
                    s.onNext(item);
                } catch (RuntimeException | Error e) {
                    // Flow rule 2.13: a subscriber that throws is taken as cancelled
                    subscription.cancel();
                    call.subscriberFailed(e);
                }
            }
        });
        return n;
    }

    private int onRead(ByteBuffer dst) {
        int r = upload.read(dst);
        if (r == CURL_READFUNC_PAUSE) {
            sendPaused = true;
        }
        return r;
    }

    /** hiper sends the request again from the start (a reused connection died): so does the body. */
    private int onSeek(long offset, int origin) {
        if (offset != 0 || origin != SEEK_SET) {
            return CURL_SEEKFUNC_CANTSEEK;
        }
        upload.rewind();
        sendPaused = false;
        return CURL_SEEKFUNC_OK;
    }

    /** Queues a check of both paused directions on the engine thread (any thread). */
    private void scheduleResume() {
        if (resumeScheduled.compareAndSet(false, true)) {
            try {
                engine.execute(this::resume);
            } catch (RuntimeException e) {
                resumeScheduled.set(false); // the engine stopped; the transfer is being aborted
            }
        }
    }

    private void resume() {
        resumeScheduled.set(false);
        if (upload != null) {
            upload.woken();
        }
        if (finished) {
            return;
        }
        boolean recv = recvPaused && demand.get() > 0;
        boolean send = sendPaused && upload != null && upload.readable();
        if (!recv && !send) {
            return;
        }
        if (recv) {
            recvPaused = false;
        }
        if (send) {
            sendPaused = false;
        }
        easy.pause((recvPaused ? CURLPAUSE_RECV : 0) | (sendPaused ? CURLPAUSE_SEND : 0));
    }

    private void onDone(CurlCode code) {
        finished = true;
        if (upload != null) {
            upload.cancel();
        }
        call.attemptDone(this, code); // reads the handle's error text before it goes back
        // an idle handle keeps no attempt alive (nor its subscriber, nor the body it holds)
        easy.setopt(CURLOPT_HEADERDATA, null);
        easy.setopt(CURLOPT_WRITEDATA, null);
        easy.setopt(CURLOPT_READDATA, null);
        easy.setopt(CURLOPT_SEEKDATA, null);
        engine.recycle(easy, code == CurlCode.CURLE_OK ? setup : null);
    }

    /** Ends the transfer now with {@code code} (engine thread); nothing if it has ended. */
    void abort(CurlCode code) {
        if (!finished) {
            engine.abort(easy, code);
        }
    }

    /** Whether the transfer has ended. */
    boolean finished() {
        return finished;
    }

    /** Body bytes received so far (engine thread). */
    long received() {
        return received;
    }

    /** The request body publisher's failure, if any. */
    Throwable uploadError() {
        return upload == null ? null : upload.error();
    }

    /** Gives the body to {@code s}: calls its {@code onSubscribe} (on {@link #signals}). */
    void subscribe(Flow.Subscriber<List<ByteBuffer>> s) {
        subscriber = s;
        s.onSubscribe(subscription);
    }

    /** The subscriber that has the body, or null before the head task made it. */
    Flow.Subscriber<List<ByteBuffer>> subscriber() {
        return subscriber;
    }

    private final class Subscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            if (n <= 0) {
                // Flow rule 3.9
                cancel();
                signals.execute(() -> subscriber.onError(
                        new IllegalArgumentException("non-positive subscription request: " + n)));
                return;
            }
            long prev = demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            // on the engine's thread (a same-thread executor) a transfer that is not paused needs
            // no task: its next write sees the demand
            if (prev == 0 && (!engine.inEngineThread() || recvPaused)) {
                scheduleResume();
            }
        }

        @Override
        public void cancel() {
            if (cancelledBySubscriber) {
                return;
            }
            cancelledBySubscriber = true;
            try {
                engine.execute(() -> abort(CurlCode.CURLE_ABORTED_BY_CALLBACK));
            } catch (RuntimeException e) {
                // the engine has stopped: the transfer is gone already
            }
        }
    }
}
