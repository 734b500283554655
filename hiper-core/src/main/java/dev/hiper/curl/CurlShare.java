package dev.hiper.curl;

import dev.hiper.internal.share.ShareData;

/**
 * {@code CURLSH *}: data that several easy handles use together, in one multi or across multis
 * and threads: a cookie jar ({@code CURL_LOCK_DATA_COOKIE}), the cache of name look-ups
 * ({@code CURL_LOCK_DATA_DNS}), TLS sessions to resume ({@code CURL_LOCK_DATA_SSL_SESSION}) and
 * the connections of {@link CurlEasy#perform()} calls ({@code CURL_LOCK_DATA_CONNECT}).
 *
 * <pre>{@code
 * CurlShare share = CurlShare.init();
 * share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
 * share.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
 * easy1.setopt(CURLOPT_SHARE, share);
 * easy2.setopt(CURLOPT_SHARE, share);   // both send and keep the same cookies
 * }</pre>
 *
 * <p>Set the share's options before a handle joins it: while handles use it, {@code setopt} and
 * {@code cleanup} answer {@code CURLSHE_IN_USE}. Handles leave with
 * {@code setopt(CURLOPT_SHARE, null)} or their own cleanup. hiper guards the shared data itself,
 * so the lock callbacks ({@code CURLSHOPT_LOCKFUNC}, {@code CURLSHOPT_UNLOCKFUNC}) are optional
 * even across threads; when set, they are called around each use of the cookie jar and the DNS
 * cache, as libcurl calls them. Handles added to a multi use that multi's connections, which
 * every handle of the multi shares already; {@code CURL_LOCK_DATA_CONNECT} makes the handles'
 * {@code perform()} calls run on one private multi, one call at a time, so that they reuse each
 * other's connections.
 */
public final class CurlShare implements AutoCloseable {
    private final ShareData data = new ShareData();

    private CurlShare() {
    }

    /**
     * {@code curl_share_init}.
     *
     * @return a new share that shares nothing yet
     */
    public static CurlShare init() {
        return new CurlShare();
    }

    ShareData data() {
        return data;
    }

    /**
     * {@code curl_share_setopt}.
     *
     * @param <T> the option's value type
     * @param option a {@code CURLSHOPT_*} key from {@link Curl}
     * @param value for {@code CURLSHOPT_SHARE} and {@code CURLSHOPT_UNSHARE} a
     *     {@code CURL_LOCK_DATA_*} value; a callback; or the user data
     * @return {@code CURLSHE_OK}; {@code CURLSHE_IN_USE} while handles use the share;
     *     {@code CURLSHE_BAD_OPTION} for an unknown option or data kind;
     *     {@code CURLSHE_NOT_BUILT_IN} for {@code CURL_LOCK_DATA_HSTS}; {@code CURLSHE_INVALID}
     *     after {@link #cleanup()}
     */
    public <T> CurlSHCode setopt(ShareOption<T> option, T value) {
        if (option == null) {
            return CurlSHCode.CURLSHE_BAD_OPTION;
        }
        if (value != null && !option.type().isInstance(value)) {
            return CurlSHCode.CURLSHE_BAD_OPTION;
        }
        switch (option.code()) {
            case 1:
                return value == null ? CurlSHCode.CURLSHE_BAD_OPTION : data.share((Integer) value);
            case 2:
                return value == null ? CurlSHCode.CURLSHE_BAD_OPTION : data.unshare((Integer) value);
            case 3:
                return data.callbacks((CurlLockFunction) value, null, null, 3);
            case 4:
                return data.callbacks(null, (CurlUnlockFunction) value, null, 4);
            case 5:
                return data.callbacks(null, null, value, 5);
            default:
                return CurlSHCode.CURLSHE_BAD_OPTION;
        }
    }

    /**
     * {@code curl_share_cleanup}: drops the shared data and closes the shared connections.
     *
     * @return {@code CURLSHE_OK}; {@code CURLSHE_IN_USE} while a handle still uses the share
     *     (nothing is dropped then); {@code CURLSHE_INVALID} when cleaned up already
     */
    public CurlSHCode cleanup() {
        return data.cleanup();
    }

    /** {@link #cleanup()}, its answer ignored. */
    @Override
    public void close() {
        cleanup();
    }

    @Override
    public String toString() {
        return "CurlShare";
    }
}
