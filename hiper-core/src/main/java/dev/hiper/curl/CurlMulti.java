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

    /**
     * {@code curl_multi_init}.
     *
     * @return a new multi with no handles and no callbacks
     */
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

    /**
     * {@code curl_multi_setopt}.
     *
     * @param <T> the option's value type
     * @param option a {@code CURLMOPT_*} key from {@link Curl}
     * @param value its value; null sets the default
     * @return {@code CURLM_OK}; {@code CURLM_UNKNOWN_OPTION} for an option this build does not support,
     *     {@code CURLM_BAD_FUNCTION_ARGUMENT} for a value out of range
     */
    public <T> CurlMCode setopt(MultiOption<T> option, T value) {
        return engine.setopt(option, value);
    }

    /**
     * {@code curl_multi_add_handle}. The timer callback is told 0 before this returns.
     *
     * @param easy the transfer to run
     * @return {@code CURLM_OK}; {@code CURLM_ADDED_ALREADY} if it is in a multi already,
     *     {@code CURLM_BAD_EASY_HANDLE} for null
     */
    public CurlMCode addHandle(CurlEasy easy) {
        return engine.addHandle(easy == null ? null : easy.handle());
    }

    /**
     * {@code curl_multi_remove_handle}: stops the transfer if it runs; the handle can be added
     * again.
     *
     * @param easy the handle to take out
     * @return {@code CURLM_OK}, also for a handle in no multi; {@code CURLM_BAD_EASY_HANDLE} for
     *     null or a handle of another multi
     */
    public CurlMCode removeHandle(CurlEasy easy) {
        return engine.removeHandle(easy == null ? null : easy.handle());
    }

    /**
     * {@code curl_multi_socket_action}: {@code s} had the events {@code evBitmask}
     * ({@code CURL_CSELECT_*}, or 0 to let hiper check), or {@code CURL_SOCKET_TIMEOUT} for the
     * timer. {@link #runningHandles()} holds the running count afterwards.
     *
     * @param s the ready socket, or {@link Curl#CURL_SOCKET_TIMEOUT}
     * @param evBitmask what the socket is ready for, {@code CURL_CSELECT_*} bits
     * @return {@code CURLM_OK}; {@code CURLM_BAD_SOCKET} for null, {@code CURLM_ABORTED_BY_CALLBACK}
     *     when the socket or timer callback aborted
     */
    public CurlMCode socketAction(CurlSocket s, int evBitmask) {
        if (s == null) {
            return CurlMCode.CURLM_BAD_SOCKET;
        }
        return engine.socketAction(s.entry(), evBitmask);
    }

    /**
     * {@code curl_multi_socket}: exactly {@code socketAction(s, 0)}.
     *
     * @param s the socket, or {@link Curl#CURL_SOCKET_TIMEOUT}
     * @return as {@link #socketAction}
     * @deprecated as in libcurl: use {@link #socketAction}
     */
    @Deprecated
    public CurlMCode socket(CurlSocket s) {
        return socketAction(s, 0);
    }

    /**
     * {@code curl_multi_socket_all}: every transfer runs once.
     *
     * @return {@code CURLM_OK} or the multi's error
     * @deprecated as in libcurl: use {@link #socketAction}
     */
    @Deprecated
    public CurlMCode socketAll() {
        return engine.runAll(ApiCall.SOCKET_ALL);
    }

    /**
     * {@code curl_multi_assign}: the {@code socketp} given to later socket callbacks for {@code s}.
     * Allowed inside callbacks.
     *
     * @param s a socket the socket callback announced
     * @param socketp any object, or null
     * @return {@code CURLM_OK}; {@code CURLM_BAD_SOCKET} for a socket this multi does not watch
     */
    public CurlMCode assign(CurlSocket s, Object socketp) {
        return engine.assign(s == null ? null : s.entry(), socketp);
    }

    /**
     * {@code curl_multi_timeout}: milliseconds until the multi needs
     * {@code socketAction(CURL_SOCKET_TIMEOUT, 0)}, -1 for no deadline.
     *
     * @return the milliseconds until the next deadline, 0 if it has passed, -1 if there is none
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

    /**
     * {@code curl_multi_timeout} as in C: the milliseconds go to {@code ms[0]}.
     *
     * @param ms an array of at least one element, for the answer of {@link #timeout()}
     * @return {@code CURLM_OK}; {@code CURLM_BAD_FUNCTION_ARGUMENT} for a null or empty array,
     *     {@code CURLM_RECURSIVE_API_CALL} inside a callback, {@code CURLM_BAD_HANDLE} after cleanup
     */
    public CurlMCode timeout(long[] ms) {
        return engine.timeout(ms);
    }

    /**
     * {@code curl_multi_info_read}: a message for each finished transfer, in the order they
     * finished. Allowed inside callbacks.
     *
     * @return the next message, or null when none is queued
     */
    public CurlMsg infoRead() {
        Transfer t = engine.infoRead();
        if (t == null) {
            return null;
        }
        return new CurlMsg(Curl.CURLMSG_DONE, t.easy.api, t.result(), engine.messagesLeft());
    }

    /**
     * The {@code running_handles} of {@code curl_multi_socket_action} and
     * {@code curl_multi_perform}.
     *
     * @return the number of transfers added and not yet done, as of the last call
     */
    public int runningHandles() {
        return engine.running();
    }

    /**
     * {@code curl_multi_perform}: runs every transfer once.
     *
     * @return {@code CURLM_OK} or the multi's error
     */
    public CurlMCode perform() {
        return engine.runAll(ApiCall.PERFORM);
    }

    /**
     * {@code curl_multi_poll}: waits up to {@code timeoutMs} for activity; {@link #wakeup()} ends
     * the wait.
     *
     * @param timeoutMs the longest wait in milliseconds (shortened to the multi's own deadline)
     * @return {@code CURLM_OK}; {@code CURLM_BAD_FUNCTION_ARGUMENT} for a negative wait,
     *     {@code CURLM_UNRECOVERABLE_POLL} if waiting failed
     */
    public CurlMCode poll(long timeoutMs) {
        return engine.poll(timeoutMs, true);
    }

    /**
     * {@code curl_multi_wait}: as {@link #poll} but returns at once when there is nothing to wait
     * on. Named {@code await} because {@code wait} is {@link Object#wait()}.
     *
     * @param timeoutMs the longest wait in milliseconds (shortened to the multi's own deadline)
     * @return as {@link #poll}
     */
    public CurlMCode await(long timeoutMs) {
        return engine.poll(timeoutMs, false);
    }

    /**
     * {@code curl_multi_wakeup}: makes a {@link #poll} in progress (or the next one) return. Any
     * thread may call it.
     *
     * @return {@code CURLM_OK}; {@code CURLM_WAKEUP_FAILURE} if the wake-up could not be sent,
     *     {@code CURLM_BAD_HANDLE} after cleanup
     */
    public CurlMCode wakeup() {
        return engine.wakeup();
    }

    /**
     * {@code curl_multi_cleanup}: closes every connection (telling REMOVE for watched sockets
     * first) and detaches the handles still added; they stay usable. The timer callback is not
     * called.
     *
     * @return {@code CURLM_OK}; {@code CURLM_BAD_HANDLE} if already cleaned up
     */
    public CurlMCode cleanup() {
        return engine.cleanup();
    }

    /** {@link #cleanup()}, unless it was done already. */
    @Override
    public void close() {
        if (!engine.isClosed()) {
            cleanup();
        }
    }
}
