package dev.hiper.curl;

import dev.hiper.internal.transfer.EasyHandle;
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
        try {
            if (own == null) {
                own = CurlMulti.init();
                ownLoop = new SelectorLoop(own);
            }
        } catch (IOException e) {
            handle.errorBuffer = "Cannot open a selector: " + e.getMessage();
            return CurlCode.CURLE_FAILED_INIT;
        }
        CurlMCode mc = own.addHandle(this);
        if (mc != CurlMCode.CURLM_OK) {
            handle.errorBuffer = "Cannot start the transfer: " + mc.strerror();
            return CurlCode.CURLE_FAILED_INIT;
        }
        CurlCode[] result = new CurlCode[1];
        mc = ownLoop.runUntil(() -> {
            CurlMsg m;
            while ((m = own.infoRead()) != null) {
                if (m.easy() == this) {
                    result[0] = m.result();
                }
            }
            return result[0] != null;
        });
        own.removeHandle(this);
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
