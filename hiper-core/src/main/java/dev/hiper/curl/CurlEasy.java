package dev.hiper.curl;

import dev.hiper.internal.mime.MimePost;
import dev.hiper.internal.share.PerformPool;
import dev.hiper.internal.share.ShareData;
import dev.hiper.internal.transfer.EasyHandle;
import dev.hiper.internal.transfer.WsCalls;
import dev.hiper.loop.SelectorLoop;
import java.io.IOException;

/**
 * {@code CURL *}: one transfer's options, and what is known about its last run.
 *
 * <p>Add it to a {@link CurlMulti} to run it among others, or call {@link #perform()} to run it
 * alone and wait. A handle can be used again for another transfer once the previous one is done.
 */
public final class CurlEasy implements AutoCloseable {
    private final EasyHandle handle = new EasyHandle(this);
    private CurlMulti own;
    private SelectorLoop ownLoop;

    private CurlEasy() {
    }

    /**
     * {@code curl_easy_init}.
     *
     * @return a new handle with every option at its default
     */
    public static CurlEasy init() {
        return new CurlEasy();
    }

    EasyHandle handle() {
        return handle;
    }

    /**
     * {@code curl_easy_setopt}. Answers {@code CURLE_UNKNOWN_OPTION} for an option this build
     * does not support and {@code CURLE_BAD_FUNCTION_ARGUMENT} for a value out of range.
     *
     * @param <T> the option's value type
     * @param option a {@code CURLOPT_*} key from {@link Curl}
     * @param value its value; null sets the default
     * @return {@code CURLE_OK}, or the code that says why the value was refused
     */
    public <T> CurlCode setopt(EasyOption<T> option, T value) {
        if (option == null) {
            return CurlCode.CURLE_UNKNOWN_OPTION;
        }
        if (option == Curl.CURLOPT_SHARE) {
            return ShareData.join(handle, value == null ? null : ((CurlShare) value).data());
        }
        if (option == Curl.CURLOPT_MIMEPOST) {
            return MimePost.set(handle, value == null ? null : ((CurlMime) value).tree());
        }
        return handle.setopt(option, value);
    }

    /**
     * {@code curl_easy_getinfo}: what is known about the last transfer.
     *
     * @param <T> the information's value type
     * @param info a {@code CURLINFO_*} key from {@link Curl}
     * @return its value; null for a key this build does not support
     */
    @SuppressWarnings("unchecked")
    public <T> T getinfo(EasyInfo<T> info) {
        return (T) handle.getinfo(info);
    }

    /**
     * {@code curl_easy_perform}: runs the transfer and returns when it is done, on a private
     * multi driven by a {@link SelectorLoop} (kept between calls, so connections are reused).
     *
     * @return the transfer's result; {@code CURLE_FAILED_INIT} if the handle is in a multi
     */
    public CurlCode perform() {
        if (handle.multi != null) {
            handle.errorBuffer = "easy handle already used in multi handle";
            return CurlCode.CURLE_FAILED_INIT;
        }
        PerformPool pool = handle.share == null ? null : handle.share.pool();
        if (pool != null) {
            pool.lock();
            try {
                CurlMulti m;
                try {
                    m = pool.multi();
                } catch (IOException e) {
                    handle.errorBuffer = "Cannot open a selector: " + e.getMessage();
                    return CurlCode.CURLE_FAILED_INIT;
                }
                return run(m, pool.loop());
            } finally {
                pool.unlock();
            }
        }
        try {
            if (own == null) {
                own = CurlMulti.init();
                ownLoop = new SelectorLoop(own);
            }
        } catch (IOException e) {
            handle.errorBuffer = "Cannot open a selector: " + e.getMessage();
            return CurlCode.CURLE_FAILED_INIT;
        }
        return run(own, ownLoop);
    }

    private CurlCode run(CurlMulti multi, SelectorLoop loop) {
        CurlMCode mc = multi.addHandle(this);
        if (mc != CurlMCode.CURLM_OK) {
            handle.errorBuffer = "Cannot start the transfer: " + mc.strerror();
            return CurlCode.CURLE_FAILED_INIT;
        }
        CurlCode[] result = new CurlCode[1];
        mc = loop.runUntil(() -> {
            CurlMsg m;
            while ((m = multi.infoRead()) != null) {
                if (m.easy() == this) {
                    result[0] = m.result();
                }
            }
            return result[0] != null;
        });
        multi.removeHandle(this);
        if (result[0] == null) {
            if (handle.errorBuffer.isEmpty()) {
                handle.errorBuffer = "The event loop failed: " + mc.strerror();
            }
            return mc == CurlMCode.CURLM_OK ? CurlCode.CURLE_FAILED_INIT : CurlCode.CURLE_UNRECOVERABLE_POLL;
        }
        return result[0];
    }

    /**
     * {@code curl_easy_pause}: {@code CURLPAUSE_RECV}, {@code CURLPAUSE_SEND}, {@code CURLPAUSE_ALL}
     * or {@code CURLPAUSE_CONT}. Works from inside this handle's write and header callbacks.
     *
     * @param bitmask the directions to pause; the others are unpaused
     * @return {@code CURLE_OK}, also for a handle that is not running
     */
    public CurlCode pause(int bitmask) {
        if (handle.multi == null || handle.transfer == null) {
            return CurlCode.CURLE_OK;
        }
        return handle.multi.pause(handle.transfer, bitmask);
    }

    // ---- WebSocket ----

    /**
     * {@code curl_ws_recv}, after a {@code CURLOPT_CONNECT_ONLY} (2) transfer: payload bytes of
     * one frame into {@code dst} from its position, as many as have arrived and fit;
     * {@link #wsMeta()} then describes them. A PING is answered and not returned, unless
     * {@code CURLWS_NOAUTOPONG}.
     *
     * @param dst where the payload goes
     * @return {@code CURLE_OK}; {@code CURLE_AGAIN} when nothing has arrived;
     *     {@code CURLE_GOT_NOTHING} once the connection is closed; {@code CURLE_RECV_ERROR} for a
     *     frame RFC 6455 forbids (the connection is closed then)
     */
    public CurlCode wsRecv(java.nio.ByteBuffer dst) {
        return WsCalls.recv(handle, dst);
    }

    /**
     * {@code curl_ws_send}: one frame from {@code data}'s position (its position moves over the
     * payload bytes that went out). With {@code CURLWS_OFFSET}, {@code fragsize} is the whole
     * frame's size on its first call, and later calls give the rest.
     *
     * @param data the payload
     * @param fragsize the frame's whole size with {@code CURLWS_OFFSET}, else ignored
     * @param flags {@code CURLWS_TEXT}, {@code CURLWS_BINARY} (with {@code CURLWS_CONT} for a
     *     fragment that is not the last), {@code CURLWS_CLOSE}, {@code CURLWS_PING} or
     *     {@code CURLWS_PONG}
     * @return {@code CURLE_OK}; {@code CURLE_AGAIN} when the socket took nothing now (call again
     *     with the same bytes); {@code CURLE_BAD_FUNCTION_ARGUMENT} for flags that make no valid
     *     frame; {@code CURLE_TOO_LARGE} for a control frame over 125 bytes
     */
    public CurlCode wsSend(java.nio.ByteBuffer data, long fragsize, int flags) {
        return WsCalls.send(handle, data, fragsize, flags);
    }

    /**
     * {@code curl_ws_meta}: the frame of the bytes handed over last, in a write callback or
     * after {@link #wsRecv}.
     *
     * @return the frame's description; null when no WebSocket frame was handed over
     */
    public CurlWsFrame wsMeta() {
        return WsCalls.meta(handle);
    }

    /**
     * {@code curl_ws_start_frame}, in a read callback of a running WebSocket transfer: the next
     * bytes the callback gives are the payload of a frame of this type and size.
     *
     * @param flags the frame's {@code CURLWS_*} flags
     * @param frameLen its payload size
     * @return {@code CURLE_OK}, or the code that says why no such frame can start
     */
    public CurlCode wsStartFrame(int flags, long frameLen) {
        return WsCalls.startFrame(handle, flags, frameLen);
    }

    /** {@code curl_easy_reset}: every option back to its default. */
    public void reset() {
        handle.resetOptions();
    }

    /**
     * {@code curl_easy_duphandle}.
     *
     * @return a new handle with the same options, and nothing of the last transfer
     */
    public CurlEasy duphandle() {
        CurlEasy copy = new CurlEasy();
        handle.copyOptionsTo(copy.handle);
        return copy;
    }

    /**
     * The message that {@code CURLOPT_ERRORBUFFER} would hold.
     *
     * @return the last transfer's error message; "" when none
     */
    public String errorBuffer() {
        return handle.errorBuffer;
    }

    /** {@code curl_easy_cleanup}: removes it from its multi if needed and releases its private multi. */
    public void cleanup() {
        if (handle.multi != null && handle.transfer != null) {
            handle.transfer.engine.removeHandle(handle);
        }
        handle.cookies.flush(); // CURLOPT_COOKIEJAR is written at cleanup, as libcurl does
        ShareData.join(handle, null);
        WsCalls.closeHandedOver(handle);
        if (ownLoop != null) {
            ownLoop.close();
            ownLoop = null;
        }
        if (own != null) {
            own.cleanup();
            own = null;
        }
    }

    /** {@link #cleanup()}. */
    @Override
    public void close() {
        cleanup();
    }

    @Override
    public String toString() {
        return "CurlEasy[" + handle.url + "]";
    }
}
