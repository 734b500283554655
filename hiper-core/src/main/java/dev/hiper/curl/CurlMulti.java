package dev.hiper.curl;

import dev.hiper.internal.io.Clock;
import dev.hiper.internal.multi.ApiCall;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.transfer.Transfer;

/**
 * {@code CURLM *}: many transfers on one thread, driven by the application's event loop.
 *
 * <p>The typical use, as in libcurl: set {@code CURLMOPT_SOCKETFUNCTION} and
 * {@code CURLMOPT_TIMERFUNCTION}; add easy handles; watch the sockets the socket callback names;
 * call {@link #socketAction} when one is ready, or with {@link Curl#CURL_SOCKET_TIMEOUT} when the
 * timer expires; read finished transfers with {@link #infoRead()}. Or drive it with
 * {@link #perform()} and {@link #poll(long)}, or let a {@link dev.hiper.loop.SelectorLoop} do it.
 *
 * <p>A multi and its handles belong to one thread at a time; {@link #wakeup()} alone may be
 * called from any thread.
 */
public final class CurlMulti implements AutoCloseable {
    static {
        dev.hiper.internal.multi.EngineAccess.install(CurlMulti::engine);
    }

    private final MultiEngine engine;

    private CurlMulti(Clock clock) {
        this.engine = new MultiEngine(this, CurlSocket::new, clock);
    }

    /** {@code curl_multi_init}. */
    public static CurlMulti init() {
        return new CurlMulti(Clock.SYSTEM);
    }

    /** A multi on a given clock, for tests of deadlines. */
    static CurlMulti init(Clock clock) {
        return new CurlMulti(clock);
    }

    MultiEngine engine() {
        return engine;
    }

    /** {@code curl_multi_setopt}. */
    public <T> CurlMCode setopt(MultiOption<T> option, T value) {
        return engine.setopt(option, value);
    }

    /** {@code curl_multi_add_handle}. The timer callback is told 0 before this returns. */
    public CurlMCode addHandle(CurlEasy easy) {
        return engine.addHandle(easy == null ? null : easy.handle());
    }

    /** {@code curl_multi_remove_handle}. */
    public CurlMCode removeHandle(CurlEasy easy) {
        return engine.removeHandle(easy == null ? null : easy.handle());
    }

    /**
     * {@code curl_multi_socket_action}: {@code s} had the events {@code evBitmask}
     * ({@code CURL_CSELECT_*}, or 0 to let hiper check), or {@code CURL_SOCKET_TIMEOUT} for the
     * timer. {@link #runningHandles()} holds the running count afterwards.
     */
    public CurlMCode socketAction(CurlSocket s, int evBitmask) {
        if (s == null) {
            return CurlMCode.CURLM_BAD_SOCKET;
        }
        return engine.socketAction(s.entry(), evBitmask);
    }

    /** {@code curl_multi_socket}: exactly {@code socketAction(s, 0)}. */
    @Deprecated
    public CurlMCode socket(CurlSocket s) {
        return socketAction(s, 0);
    }

    /** {@code curl_multi_socket_all}: every transfer runs once. */
    @Deprecated
    public CurlMCode socketAll() {
        return engine.runAll(ApiCall.SOCKET_ALL);
    }

    /** {@code curl_multi_assign}: the {@code socketp} given to later socket callbacks for {@code s}. */
    public CurlMCode assign(CurlSocket s, Object socketp) {
        return engine.assign(s == null ? null : s.entry(), socketp);
    }

    /**
     * {@code curl_multi_timeout}: milliseconds until the multi needs
     * {@code socketAction(CURL_SOCKET_TIMEOUT, 0)}, -1 for no deadline.
     *
     * @throws CurlMultiException with {@code CURLM_RECURSIVE_API_CALL} from inside a callback,
     *     {@code CURLM_BAD_HANDLE} after cleanup
     */
    public long timeout() {
        long[] out = new long[1];
        CurlMCode c = engine.timeout(out);
        if (c != CurlMCode.CURLM_OK) {
            throw new CurlMultiException(c);
        }
        return out[0];
    }

    /** {@code curl_multi_timeout} as in C: the milliseconds go to {@code ms[0]}. */
    public CurlMCode timeout(long[] ms) {
        return engine.timeout(ms);
    }

    /** {@code curl_multi_info_read}: the next message, or null when none is queued. */
    public CurlMsg infoRead() {
        Transfer t = engine.infoRead();
        if (t == null) {
            return null;
        }
        return new CurlMsg(Curl.CURLMSG_DONE, t.easy.api, t.result(), engine.messagesLeft());
    }

    /** The number of transfers added and not yet done, as of the last call. */
    public int runningHandles() {
        return engine.running();
    }

    /** {@code curl_multi_perform}: runs every transfer once. */
    public CurlMCode perform() {
        return engine.runAll(ApiCall.PERFORM);
    }

    /** {@code curl_multi_poll}: waits up to {@code timeoutMs} for activity; {@link #wakeup()} ends the wait. */
    public CurlMCode poll(long timeoutMs) {
        return engine.poll(timeoutMs, true);
    }

    /** {@code curl_multi_wait}: as {@link #poll} but returns at once when there is nothing to wait on. */
    public CurlMCode await(long timeoutMs) {
        return engine.poll(timeoutMs, false);
    }

    /** {@code curl_multi_wakeup}: makes a {@link #poll} in progress (or the next one) return. Any thread. */
    public CurlMCode wakeup() {
        return engine.wakeup();
    }

    /**
     * {@code curl_multi_cleanup}: closes every connection (telling REMOVE for watched sockets
     * first) and detaches the handles still added; they stay usable. The timer callback is not
     * called.
     */
    public CurlMCode cleanup() {
        return engine.cleanup();
    }

    @Override
    public void close() {
        if (!engine.isClosed()) {
            cleanup();
        }
    }
}
