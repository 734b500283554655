package dev.hiper.internal.share;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlLockFunction;
import dev.hiper.curl.CurlSHCode;
import dev.hiper.curl.CurlUnlockFunction;
import dev.hiper.internal.cookie.CookieEngine;
import dev.hiper.internal.conn.tls.TlsContexts;
import dev.hiper.internal.multi.MultiEngine;
import dev.hiper.internal.resolve.DnsCache;
import dev.hiper.internal.resolve.Resolver;
import dev.hiper.internal.transfer.EasyHandle;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@code CurlShare} holds: which kinds of data it shares, the data itself (a cookie jar,
 * a DNS cache, TLS contexts with their session caches, and a private multi for the
 * {@code perform()} calls of its handles when connections are shared), the application's lock
 * callbacks, and how many handles use it.
 *
 * <p>The data is guarded here as well as by the application's callbacks: each kind has a
 * re-entrant lock that every access takes after the application's lock function, so a share
 * used from several threads is safe even without callbacks.
 */
public final class ShareData {
    /** {@code CURL_LOCK_DATA_*} values. */
    public static final int SHARE = 1;
    public static final int COOKIE = 2;
    public static final int DNS = 3;
    public static final int SSL_SESSION = 4;
    public static final int CONNECT = 5;
    public static final int PSL = 6;
    public static final int HSTS = 7;
    private static final int ACCESS_SHARED = 1;
    private static final int ACCESS_SINGLE = 2;

    private final ReentrantLock[] locks = new ReentrantLock[HSTS + 1];
    private int specifier = 1 << SHARE;
    private int users;
    private boolean closed;
    private CookieEngine.SharedJar jar;
    private final DnsCache dns = DnsCache.shared();
    private TlsContexts tls;
    private CurlLockFunction lockFunction;
    private CurlUnlockFunction unlockFunction;
    private Object userData;
    /** The connections of the handles' {@code perform()} calls ({@code CURL_LOCK_DATA_CONNECT}). */
    private final PerformPool pool = new PerformPool();

    public ShareData() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    private synchronized CurlSHCode changeable() {
        if (closed) {
            return CurlSHCode.CURLSHE_INVALID;
        }
        return users > 0 ? CurlSHCode.CURLSHE_IN_USE : CurlSHCode.CURLSHE_OK;
    }

    /** {@code CURLSHOPT_SHARE}. */
    public synchronized CurlSHCode share(int kind) {
        CurlSHCode c = changeable();
        if (c != CurlSHCode.CURLSHE_OK) {
            return c;
        }
        switch (kind) {
            case COOKIE:
                if (jar == null) {
                    jar = new CookieEngine.SharedJar();
                }
                break;
            case SSL_SESSION:
                if (tls == null) {
                    tls = new TlsContexts();
                }
                break;
            case DNS:
            case CONNECT:
            case PSL:
                break;
            case HSTS:
                return CurlSHCode.CURLSHE_NOT_BUILT_IN;
            default:
                return CurlSHCode.CURLSHE_BAD_OPTION;
        }
        specifier |= 1 << kind;
        return CurlSHCode.CURLSHE_OK;
    }

    /** {@code CURLSHOPT_UNSHARE}: the data of that kind is dropped. */
    public synchronized CurlSHCode unshare(int kind) {
        CurlSHCode c = changeable();
        if (c != CurlSHCode.CURLSHE_OK) {
            return c;
        }
        switch (kind) {
            case COOKIE:
                jar = null;
                break;
            case SSL_SESSION:
                tls = null;
                break;
            case CONNECT:
                pool.close();
                break;
            case DNS:
            case PSL:
                break;
            case HSTS:
                return CurlSHCode.CURLSHE_NOT_BUILT_IN;
            default:
                return CurlSHCode.CURLSHE_BAD_OPTION;
        }
        specifier &= ~(1 << kind);
        return CurlSHCode.CURLSHE_OK;
    }

    /** {@code CURLSHOPT_LOCKFUNC}, {@code CURLSHOPT_UNLOCKFUNC}, {@code CURLSHOPT_USERDATA}. */
    public synchronized CurlSHCode callbacks(CurlLockFunction lock, CurlUnlockFunction unlock, Object data,
            int which) {
        CurlSHCode c = changeable();
        if (c != CurlSHCode.CURLSHE_OK) {
            return c;
        }
        if (which == 3) {
            lockFunction = lock;
        } else if (which == 4) {
            unlockFunction = unlock;
        } else {
            userData = data;
        }
        return CurlSHCode.CURLSHE_OK;
    }

    /** {@code curl_share_cleanup}: refused while a handle uses the share. */
    public CurlSHCode cleanup() {
        lock(null, SHARE, ACCESS_SINGLE);
        try {
            synchronized (this) {
                if (closed) {
                    return CurlSHCode.CURLSHE_INVALID;
                }
                if (users > 0) {
                    return CurlSHCode.CURLSHE_IN_USE;
                }
                closed = true;
                jar = null;
                tls = null;
            }
            pool.close();
            return CurlSHCode.CURLSHE_OK;
        } finally {
            unlock(null, SHARE);
        }
    }

    /**
     * {@code CURLOPT_SHARE}: {@code h} leaves the share it used, if any, and joins {@code s} (null joins
     * none). A share cleaned up already is refused.
     */
    public static CurlCode join(EasyHandle h, ShareData s) {
        if (s != null && s == h.share) {
            return CurlCode.CURLE_OK;
        }
        if (s != null && !s.attach()) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        if (h.share != null) {
            if (h.share.jar() != null) {
                h.cookies.useShared(null, null, null);
            }
            h.share.detach();
        }
        h.share = s;
        if (s != null && s.jar() != null) {
            h.cookies.useShared(s.jar(), s, h.api);
        }
        return CurlCode.CURLE_OK;
    }

    /** Whether data of {@code kind} is shared. */
    public synchronized boolean shares(int kind) {
        return (specifier & (1 << kind)) != 0;
    }

    /** A handle starts using the share; false once it was cleaned up. */
    public synchronized boolean attach() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    /** A handle stops using the share. */
    public synchronized void detach() {
        users--;
    }

    /** The shared cookie jar, or null. */
    public synchronized CookieEngine.SharedJar jar() {
        return shares(COOKIE) ? jar : null;
    }

    /** The shared DNS cache, or null when names are not shared. */
    public DnsCache dns() {
        return shares(DNS) ? dns : null;
    }

    /** The shared TLS contexts, or null. */
    public synchronized TlsContexts tls() {
        return shares(SSL_SESSION) ? tls : null;
    }

    /** The pool of {@code perform()} calls, or null when connections are not shared. */
    public PerformPool pool() {
        return shares(CONNECT) ? pool : null;
    }

    /**
     * Starts or joins the look-up of {@code host} for a transfer of {@code easy}: in the share's
     * DNS cache, under its DNS lock, when {@code share} holds one; else in the multi's.
     */
    public static Resolver.Lookup lookup(ShareData share, CurlEasy easy, MultiEngine engine, String host,
            Resolver.Waiter waiter) throws IOException {
        DnsCache shared = share == null ? null : share.dns();
        if (shared == null) {
            return engine.resolver().lookup(host, engine.now(), waiter);
        }
        share.lock(easy, DNS, true);
        try {
            return engine.resolver().lookup(host, engine.now(), waiter, shared);
        } finally {
            share.unlock(easy, DNS);
        }
    }

    /**
     * The TLS contexts a new connection takes its TLS from: the share's when it holds TLS
     * sessions (so they resume across multis), else the multi's.
     */
    public static TlsContexts tls(ShareData share, MultiEngine engine) {
        TlsContexts shared = share == null ? null : share.tls();
        return shared == null ? engine.tls() : shared;
    }

    /** Takes the lock of {@code kind}: the application's lock function, then the share's own. */
    public void lock(CurlEasy easy, int kind, boolean change) {
        lock(easy, kind, change ? ACCESS_SINGLE : ACCESS_SHARED);
    }

    private void lock(CurlEasy easy, int kind, int access) {
        CurlLockFunction f;
        Object data;
        synchronized (this) {
            f = lockFunction;
            data = userData;
        }
        if (f != null) {
            try {
                f.lock(easy, kind, access, data);
            } catch (RuntimeException ignored) {
                // a lock callback has nothing to answer; the share's own lock still guards the data
            }
        }
        locks[kind].lock();
    }

    /** Releases what {@link #lock} took. */
    public void unlock(CurlEasy easy, int kind) {
        locks[kind].unlock();
        CurlUnlockFunction f;
        Object data;
        synchronized (this) {
            f = unlockFunction;
            data = userData;
        }
        if (f != null) {
            try {
                f.unlock(easy, kind, data);
            } catch (RuntimeException ignored) {
                // as for the lock callback
            }
        }
    }
}
