package dev.hiper.curl;

import java.util.List;

/**
 * The easy options of HTTP as people use it (redirects, content decoding, cookies, speed,
 * proxies, WebSocket), inherited by {@link Curl}.
 */
abstract class CurlHttpOptions extends CurlInfos {
    CurlHttpOptions() {
    }

    // redirects (docs/OPTIONS.md)
    /**
     * {@code CURLOPT_FOLLOWLOCATION}: 0 (default) = do not follow; {@link #CURLFOLLOW_ALL} (1) =
     * follow a 3xx's {@code Location}; {@link #CURLFOLLOW_OBEYCODE} (2) = also drop
     * {@code CURLOPT_CUSTOMREQUEST} when a 301/302/303 switches to GET;
     * {@link #CURLFOLLOW_FIRSTONLY} (3) = the custom method on the first request only.
     */
    public static final EasyOption<Long> CURLOPT_FOLLOWLOCATION = e("CURLOPT_FOLLOWLOCATION", 52, Long.class);
    /** {@code CURLOPT_MAXREDIRS}: the most redirects to follow; default 30; -1 = no limit. */
    public static final EasyOption<Long> CURLOPT_MAXREDIRS = e("CURLOPT_MAXREDIRS", 68, Long.class);
    /**
     * {@code CURLOPT_POSTREDIR}: {@code CURL_REDIR_POST_*} bits: keep a POST a POST after a 301,
     * 302 or 303; default 0 (a POST becomes a GET).
     */
    public static final EasyOption<Long> CURLOPT_POSTREDIR = e("CURLOPT_POSTREDIR", 161, Long.class);
    /**
     * {@code CURLOPT_REDIR_PROTOCOLS_STR}: the schemes a redirect may go to, comma-separated, or
     * {@code "all"}; default {@code "http,https,ftp,ftps"}.
     */
    public static final EasyOption<String> CURLOPT_REDIR_PROTOCOLS_STR =
            e("CURLOPT_REDIR_PROTOCOLS_STR", 10319, String.class);
    /**
     * {@code CURLOPT_UNRESTRICTED_AUTH}: 1 = send credentials and the application's
     * {@code Authorization} and {@code Cookie} headers to every host a redirect leads to;
     * default 0 (only to the first request's scheme, host and port).
     */
    public static final EasyOption<Long> CURLOPT_UNRESTRICTED_AUTH = e("CURLOPT_UNRESTRICTED_AUTH", 105, Long.class);
    /** {@code CURLOPT_AUTOREFERER}: 1 = a followed redirect sends the previous URL as {@code Referer}. */
    public static final EasyOption<Long> CURLOPT_AUTOREFERER = e("CURLOPT_AUTOREFERER", 58, Long.class);
    /** {@code CURLFOLLOW_ALL} (1), for {@link #CURLOPT_FOLLOWLOCATION}: follow every redirect. */
    public static final long CURLFOLLOW_ALL = 1;
    /** {@code CURLFOLLOW_OBEYCODE} (2): follow, and let a method switch to GET drop the custom method. */
    public static final long CURLFOLLOW_OBEYCODE = 2;
    /** {@code CURLFOLLOW_FIRSTONLY} (3): follow, the custom method on the first request only. */
    public static final long CURLFOLLOW_FIRSTONLY = 3;
    /** {@code CURL_REDIR_POST_301} (1), for {@link #CURLOPT_POSTREDIR}. */
    public static final long CURL_REDIR_POST_301 = 1;
    /** {@code CURL_REDIR_POST_302} (2), for {@link #CURLOPT_POSTREDIR}. */
    public static final long CURL_REDIR_POST_302 = 2;
    /** {@code CURL_REDIR_POST_303} (4), for {@link #CURLOPT_POSTREDIR}. */
    public static final long CURL_REDIR_POST_303 = 4;
    /** {@code CURL_REDIR_POST_ALL} (7): the three bits together. */
    public static final long CURL_REDIR_POST_ALL = 7;
    /** Not supported yet: setting it answers {@code CURLE_UNKNOWN_OPTION}. */
    // ---- content decoding (docs/OPTIONS.md) ----------------------------------------------
    /**
     * {@code CURLOPT_ACCEPT_ENCODING}: the {@code Accept-Encoding} value to send, and the switch
     * that makes a response's {@code Content-Encoding} undone; "" = every coding this build
     * decodes ({@code deflate, gzip}, and {@code zstd} with the optional aircompressor); null
     * (default) = none sent, nothing decoded.
     */
    public static final EasyOption<String> CURLOPT_ACCEPT_ENCODING = e("CURLOPT_ACCEPT_ENCODING", 10102, String.class);
    /** {@code CURLOPT_HTTP_CONTENT_DECODING}: 1 (default) = undo content codings; 0 = hand the body on as it came. */
    public static final EasyOption<Long> CURLOPT_HTTP_CONTENT_DECODING =
            e("CURLOPT_HTTP_CONTENT_DECODING", 158, Long.class);
    /**
     * {@code CURLOPT_TRANSFER_ENCODING}: 1 = ask for a compressed transfer coding
     * ({@code TE: gzip}) and undo it; default 0, when a transfer coding other than chunked
     * fails the transfer ({@code CURLE_BAD_CONTENT_ENCODING}).
     */
    public static final EasyOption<Long> CURLOPT_TRANSFER_ENCODING = e("CURLOPT_TRANSFER_ENCODING", 207, Long.class);

    // ---- cookies (docs/OPTIONS.md) ------------------------------------------------------
    /** {@code CURLOPT_COOKIE}: a {@code Cookie} line's content ("name=value; n2=v2"), sent as given. */
    public static final EasyOption<String> CURLOPT_COOKIE = e("CURLOPT_COOKIE", 10022, String.class);
    /**
     * {@code CURLOPT_COOKIEFILE}: a Netscape cookie file (or {@code Set-Cookie:} lines) read at
     * each transfer's start; may be given several times; "" turns the cookie engine on with no
     * file; null forgets the files and every cookie.
     */
    public static final EasyOption<String> CURLOPT_COOKIEFILE = e("CURLOPT_COOKIEFILE", 10031, String.class);
    /** {@code CURLOPT_COOKIEJAR}: the file every cookie is written to at cleanup ("-" = stdout). */
    public static final EasyOption<String> CURLOPT_COOKIEJAR = e("CURLOPT_COOKIEJAR", 10082, String.class);
    /** {@code CURLOPT_COOKIESESSION}: 1 = session cookies in the files are not read. */
    public static final EasyOption<Long> CURLOPT_COOKIESESSION = e("CURLOPT_COOKIESESSION", 96, Long.class);
    /**
     * {@code CURLOPT_COOKIELIST}: {@code "ALL"}, {@code "SESS"}, {@code "FLUSH"}, {@code "RELOAD"},
     * or one cookie as a {@code Set-Cookie:} line or a Netscape line.
     */
    public static final EasyOption<String> CURLOPT_COOKIELIST = e("CURLOPT_COOKIELIST", 10135, String.class);

    // ---- speed ----------------------------------------------------------------------------

    /**
     * {@code CURLOPT_MAX_RECV_SPEED_LARGE}: the most body bytes a second to receive, on average;
     * a transfer ahead of it waits (state RATELIMITING) rather than reading. 0 (default) = no limit.
     */
    public static final EasyOption<Long> CURLOPT_MAX_RECV_SPEED_LARGE =
            e("CURLOPT_MAX_RECV_SPEED_LARGE", 30146, Long.class);
    /** {@code CURLOPT_MAX_SEND_SPEED_LARGE}: {@link #CURLOPT_MAX_RECV_SPEED_LARGE} for sending. */
    public static final EasyOption<Long> CURLOPT_MAX_SEND_SPEED_LARGE =
            e("CURLOPT_MAX_SEND_SPEED_LARGE", 30145, Long.class);
    /**
     * {@code CURLOPT_LOW_SPEED_LIMIT}: bytes a second below which, for {@link #CURLOPT_LOW_SPEED_TIME}
     * seconds, the transfer ends with {@code CURLE_OPERATION_TIMEDOUT}. 0 (default) = off.
     */
    public static final EasyOption<Long> CURLOPT_LOW_SPEED_LIMIT = e("CURLOPT_LOW_SPEED_LIMIT", 19, Long.class);
    /** {@code CURLOPT_LOW_SPEED_TIME}: seconds, for {@link #CURLOPT_LOW_SPEED_LIMIT}. 0 (default) = off. */
    public static final EasyOption<Long> CURLOPT_LOW_SPEED_TIME = e("CURLOPT_LOW_SPEED_TIME", 20, Long.class);

    // ---- proxies ----------------------------------------------------------------------

    /**
     * {@code CURLOPT_PROXY}: the proxy, {@code [scheme://][user:password@]host[:port]}; the scheme
     * ({@code http}, {@code https}, {@code socks4}, {@code socks4a}, {@code socks5},
     * {@code socks5h}) names the kind, else {@link #CURLOPT_PROXYTYPE} does; port 1080 when none is
     * given. "" uses no proxy, not even one from the environment; null (the default) takes
     * {@code http_proxy}, {@code https_proxy}/{@code HTTPS_PROXY} or {@code all_proxy}/{@code ALL_PROXY}.
     */
    public static final EasyOption<String> CURLOPT_PROXY = e("CURLOPT_PROXY", 10004, String.class);
    /** {@code CURLOPT_PROXYPORT}: the proxy's port when {@link #CURLOPT_PROXY} names none; 0 = default. */
    public static final EasyOption<Long> CURLOPT_PROXYPORT = e("CURLOPT_PROXYPORT", 59, Long.class);
    /** {@code CURLOPT_PROXYTYPE}: the kind of a proxy given without a scheme, a {@code CURLPROXY_*} value. */
    public static final EasyOption<Long> CURLOPT_PROXYTYPE = e("CURLOPT_PROXYTYPE", 101, Long.class);
    /** {@code CURLOPT_PROXYUSERPWD}: "user:password" for the proxy. */
    public static final EasyOption<String> CURLOPT_PROXYUSERPWD = e("CURLOPT_PROXYUSERPWD", 10006, String.class);
    /** {@code CURLOPT_PROXYUSERNAME}: the user name for the proxy. */
    public static final EasyOption<String> CURLOPT_PROXYUSERNAME = e("CURLOPT_PROXYUSERNAME", 10175, String.class);
    /** {@code CURLOPT_PROXYPASSWORD}: the password for the proxy. */
    public static final EasyOption<String> CURLOPT_PROXYPASSWORD = e("CURLOPT_PROXYPASSWORD", 10176, String.class);
    /** {@code CURLOPT_PROXYAUTH}: the {@code CURLAUTH_*} schemes for the proxy; default Basic. */
    public static final EasyOption<Long> CURLOPT_PROXYAUTH = e("CURLOPT_PROXYAUTH", 111, Long.class);
    /** {@code CURLOPT_HTTPPROXYTUNNEL}: 1 = a CONNECT tunnel through an HTTP proxy for {@code http://} too. */
    public static final EasyOption<Long> CURLOPT_HTTPPROXYTUNNEL = e("CURLOPT_HTTPPROXYTUNNEL", 61, Long.class);
    /**
     * {@code CURLOPT_NOPROXY}: hosts reached without the proxy, comma-separated: names (a suffix at a
     * dot matches), IP addresses, CIDR ranges, or "*" for all; overrides {@code no_proxy}/{@code NO_PROXY}.
     */
    public static final EasyOption<String> CURLOPT_NOPROXY = e("CURLOPT_NOPROXY", 10177, String.class);
    /** {@code CURLOPT_PROXYHEADER}: header lines for the proxy (the CONNECT request, or a forwarded one). */
    public static final EasyOption<List<String>> CURLOPT_PROXYHEADER = e("CURLOPT_PROXYHEADER", 10228, STRING_LIST);
    /** {@code CURLOPT_HEADEROPT}: {@link #CURLHEADER_SEPARATE} (default) or {@link #CURLHEADER_UNIFIED}. */
    public static final EasyOption<Long> CURLOPT_HEADEROPT = e("CURLOPT_HEADEROPT", 229, Long.class);
    /** {@code CURLOPT_SUPPRESS_CONNECT_HEADERS}: 1 = the CONNECT reply's head is not given to the header callback. */
    public static final EasyOption<Long> CURLOPT_SUPPRESS_CONNECT_HEADERS =
            e("CURLOPT_SUPPRESS_CONNECT_HEADERS", 265, Long.class);
    /** {@code CURLOPT_PRE_PROXY}: a SOCKS proxy to reach the HTTP proxy through ({@code socks4://} by default). */
    public static final EasyOption<String> CURLOPT_PRE_PROXY = e("CURLOPT_PRE_PROXY", 10262, String.class);
    /** {@code CURLOPT_PROXY_CAINFO}: the CA certificates (PEM file) an HTTPS proxy is verified with. */
    public static final EasyOption<String> CURLOPT_PROXY_CAINFO = e("CURLOPT_PROXY_CAINFO", 10246, String.class);
    /** {@code CURLOPT_PROXY_CAPATH}: a directory of CA certificates for an HTTPS proxy. */
    public static final EasyOption<String> CURLOPT_PROXY_CAPATH = e("CURLOPT_PROXY_CAPATH", 10247, String.class);
    /** {@code CURLOPT_PROXY_SSL_VERIFYPEER}: 1 (default) = an HTTPS proxy's chain must verify. */
    public static final EasyOption<Long> CURLOPT_PROXY_SSL_VERIFYPEER =
            e("CURLOPT_PROXY_SSL_VERIFYPEER", 248, Long.class);
    /** {@code CURLOPT_PROXY_SSL_VERIFYHOST}: 2 (default) = an HTTPS proxy's certificate must name it. */
    public static final EasyOption<Long> CURLOPT_PROXY_SSL_VERIFYHOST =
            e("CURLOPT_PROXY_SSL_VERIFYHOST", 249, Long.class);
    /** {@code CURLOPT_PROXY_PINNEDPUBLICKEY}: the public key an HTTPS proxy must have. */
    public static final EasyOption<String> CURLOPT_PROXY_PINNEDPUBLICKEY =
            e("CURLOPT_PROXY_PINNEDPUBLICKEY", 10263, String.class);
    /** {@code CURLPROXY_HTTP} (0): an HTTP proxy, CONNECT with HTTP/1.1. */
    public static final long CURLPROXY_HTTP = 0;
    /** {@code CURLPROXY_HTTP_1_0} (1): an HTTP proxy, CONNECT with HTTP/1.0. */
    public static final long CURLPROXY_HTTP_1_0 = 1;
    /** {@code CURLPROXY_HTTPS} (2): an HTTP proxy spoken to over TLS (HTTP/1.1 inside). */
    public static final long CURLPROXY_HTTPS = 2;
    /** {@code CURLPROXY_HTTPS2} (3): an HTTPS proxy that may speak HTTP/2; hiper speaks HTTP/1.1 to it. */
    public static final long CURLPROXY_HTTPS2 = 3;
    /** {@code CURLPROXY_SOCKS4} (4): SOCKS4, the name resolved here. */
    public static final long CURLPROXY_SOCKS4 = 4;
    /** {@code CURLPROXY_SOCKS5} (5): SOCKS5, the name resolved here. */
    public static final long CURLPROXY_SOCKS5 = 5;
    /** {@code CURLPROXY_SOCKS4A} (6): SOCKS4a, the proxy resolves the name. */
    public static final long CURLPROXY_SOCKS4A = 6;
    /** {@code CURLPROXY_SOCKS5_HOSTNAME} (7): SOCKS5, the proxy resolves the name. */
    public static final long CURLPROXY_SOCKS5_HOSTNAME = 7;
    /** {@code CURLHEADER_UNIFIED} (0): {@code CURLOPT_HTTPHEADER} goes to the proxy too. */
    public static final long CURLHEADER_UNIFIED = 0;
    /** {@code CURLHEADER_SEPARATE} (1): the proxy gets {@link #CURLOPT_PROXYHEADER} only. */
    public static final long CURLHEADER_SEPARATE = 1;

    // ---- unix sockets and netrc -----------------------------------------------------------

    /**
     * {@code CURLOPT_UNIX_SOCKET_PATH}: connect to this Unix domain socket instead of the URL's
     * host and port, which still name the server ({@code Host:}, TLS); no name look-up, no proxy,
     * no {@code CURLOPT_CONNECT_TO}. Null (the default) connects over TCP.
     */
    public static final EasyOption<String> CURLOPT_UNIX_SOCKET_PATH =
            e("CURLOPT_UNIX_SOCKET_PATH", 10231, String.class);
    /**
     * {@code CURLOPT_ABSTRACT_UNIX_SOCKET}: a socket in Linux's abstract namespace; the Java
     * runtime cannot address one, so setting a name answers {@code CURLE_NOT_BUILT_IN} (null is fine).
     */
    public static final EasyOption<String> CURLOPT_ABSTRACT_UNIX_SOCKET =
            e("CURLOPT_ABSTRACT_UNIX_SOCKET", 10264, String.class);
    /**
     * {@code CURLOPT_NETRC}: {@link #CURL_NETRC_IGNORED} (0, the default), {@link #CURL_NETRC_OPTIONAL}
     * (1) or {@link #CURL_NETRC_REQUIRED} (2): take the user name and password of each request's
     * host from a {@code .netrc} file, unless options set credentials.
     */
    public static final EasyOption<Long> CURLOPT_NETRC = e("CURLOPT_NETRC", 51, Long.class);
    /** {@code CURLOPT_NETRC_FILE}: the .netrc file; null (default) = {@code $NETRC}, else {@code ~/.netrc}. */
    public static final EasyOption<String> CURLOPT_NETRC_FILE = e("CURLOPT_NETRC_FILE", 10118, String.class);
    /** {@code CURL_NETRC_IGNORED} (0): the .netrc file is not read. */
    public static final long CURL_NETRC_IGNORED = 0;
    /** {@code CURL_NETRC_OPTIONAL} (1): the URL's credentials first, the file for what they lack; its errors are ignored. */
    public static final long CURL_NETRC_OPTIONAL = 1;
    /** {@code CURL_NETRC_REQUIRED} (2): the file's credentials over the URL's password; a missing or bad file fails (26). */
    public static final long CURL_NETRC_REQUIRED = 2;

    // ---- websocket ---------------------------------------------------------------------

    /**
     * {@code CURLOPT_CONNECT_ONLY}: 2 ends a {@code ws://} or {@code wss://} transfer right after
     * the upgrade; the application then uses {@link CurlEasy#wsSend}, {@link CurlEasy#wsRecv} and
     * {@code CURLINFO_ACTIVESOCKET}. 0 (the default) runs the whole transfer; 1 (connect only,
     * for any URL) answers {@code CURLE_NOT_BUILT_IN}.
     */
    public static final EasyOption<Long> CURLOPT_CONNECT_ONLY = e("CURLOPT_CONNECT_ONLY", 141, Long.class);
    /** {@code CURLOPT_WS_OPTIONS}: {@link #CURLWS_RAW_MODE} and {@link #CURLWS_NOAUTOPONG} bits; 0 by default. */
    public static final EasyOption<Long> CURLOPT_WS_OPTIONS = e("CURLOPT_WS_OPTIONS", 320, Long.class);
    /** {@code CURLWS_RAW_MODE}: the write callback gets the connection's bytes as they are, frames undecoded. */
    public static final long CURLWS_RAW_MODE = 1;
    /** {@code CURLWS_NOAUTOPONG}: a PING is handed to the application instead of answered. */
    public static final long CURLWS_NOAUTOPONG = 2;
    /** {@code CURLWS_TEXT}: a text frame. */
    public static final int CURLWS_TEXT = 1;
    /** {@code CURLWS_BINARY}: a binary frame. */
    public static final int CURLWS_BINARY = 2;
    /** {@code CURLWS_CONT}: the message goes on in the next frame (not its last fragment). */
    public static final int CURLWS_CONT = 4;
    /** {@code CURLWS_CLOSE}: a CLOSE frame. */
    public static final int CURLWS_CLOSE = 8;
    /** {@code CURLWS_PING}: a PING frame. */
    public static final int CURLWS_PING = 16;
    /** {@code CURLWS_OFFSET}: for {@link CurlEasy#wsSend}, a part of a frame whose whole size was given first. */
    public static final int CURLWS_OFFSET = 32;
    /** {@code CURLWS_PONG}: a PONG frame. */
    public static final int CURLWS_PONG = 64;

    // ---- mime (docs/OPTIONS.md) ----------------------------------------------------------

    /**
     * {@code CURLOPT_MIMEPOST}: POST this multipart ({@link CurlMime}) as the body; null stops.
     * Setting it makes the request a POST, as {@code CURLOPT_POSTFIELDS} does; a later
     * {@code POSTFIELDS}, {@code HTTPGET}, {@code NOBODY} or {@code UPLOAD} takes over.
     */
    public static final EasyOption<CurlMime> CURLOPT_MIMEPOST = e("CURLOPT_MIMEPOST", 10269, CurlMime.class);
    /** {@code CURLOPT_MIME_OPTIONS}: a bitmask of {@code CURLMIMEOPT_*}, 0 by default. */
    public static final EasyOption<Long> CURLOPT_MIME_OPTIONS = e("CURLOPT_MIME_OPTIONS", 315, Long.class);
    /**
     * {@code CURLMIMEOPT_FORMESCAPE}: quote names and filenames with backslashes (before a
     * {@code "} or a backslash) instead of percent-encoding {@code "}, CR and LF.
     */
    public static final long CURLMIMEOPT_FORMESCAPE = 1L;

    // ---- share (docs/SHARE.md) ---------------------------------------------------------

    /** {@code CURLOPT_SHARE}: the {@link CurlShare} whose data this handle uses; null leaves it. */
    public static final EasyOption<CurlShare> CURLOPT_SHARE = e("CURLOPT_SHARE", 10100, CurlShare.class);
    /** {@code CURLSHOPT_SHARE}: share one kind of data, a {@code CURL_LOCK_DATA_*} value. */
    public static final ShareOption<Integer> CURLSHOPT_SHARE = new ShareOption<>("CURLSHOPT_SHARE", 1, Integer.class);
    /** {@code CURLSHOPT_UNSHARE}: stop sharing one kind of data. */
    public static final ShareOption<Integer> CURLSHOPT_UNSHARE =
            new ShareOption<>("CURLSHOPT_UNSHARE", 2, Integer.class);
    /** {@code CURLSHOPT_LOCKFUNC}: the lock callback. */
    public static final ShareOption<CurlLockFunction> CURLSHOPT_LOCKFUNC =
            new ShareOption<>("CURLSHOPT_LOCKFUNC", 3, CurlLockFunction.class);
    /** {@code CURLSHOPT_UNLOCKFUNC}: the unlock callback. */
    public static final ShareOption<CurlUnlockFunction> CURLSHOPT_UNLOCKFUNC =
            new ShareOption<>("CURLSHOPT_UNLOCKFUNC", 4, CurlUnlockFunction.class);
    /** {@code CURLSHOPT_USERDATA}: the value the lock callbacks get as {@code userptr}. */
    public static final ShareOption<Object> CURLSHOPT_USERDATA =
            new ShareOption<>("CURLSHOPT_USERDATA", 5, Object.class);
    /** {@code CURL_LOCK_DATA_NONE} (0). */
    public static final int CURL_LOCK_DATA_NONE = 0;
    /** {@code CURL_LOCK_DATA_SHARE}: the share's own bookkeeping (locked by its clean-up). */
    public static final int CURL_LOCK_DATA_SHARE = 1;
    /** {@code CURL_LOCK_DATA_COOKIE}: one cookie jar for every handle of the share. */
    public static final int CURL_LOCK_DATA_COOKIE = 2;
    /** {@code CURL_LOCK_DATA_DNS}: one cache of name look-ups across multis. */
    public static final int CURL_LOCK_DATA_DNS = 3;
    /** {@code CURL_LOCK_DATA_SSL_SESSION}: TLS sessions resumed across multis. */
    public static final int CURL_LOCK_DATA_SSL_SESSION = 4;
    /** {@code CURL_LOCK_DATA_CONNECT}: one connection pool for the handles' {@link CurlEasy#perform()} calls. */
    public static final int CURL_LOCK_DATA_CONNECT = 5;
    /** {@code CURL_LOCK_DATA_PSL}: the public suffix list (always one per process here). */
    public static final int CURL_LOCK_DATA_PSL = 6;
    /** {@code CURL_LOCK_DATA_HSTS}: the HSTS cache, which this build does not have. */
    public static final int CURL_LOCK_DATA_HSTS = 7;
    /** {@code CURL_LOCK_ACCESS_NONE} (0). */
    public static final int CURL_LOCK_ACCESS_NONE = 0;
    /** {@code CURL_LOCK_ACCESS_SHARED}: to read. */
    public static final int CURL_LOCK_ACCESS_SHARED = 1;
    /** {@code CURL_LOCK_ACCESS_SINGLE}: to change. */
    public static final int CURL_LOCK_ACCESS_SINGLE = 2;

    // ---- aws sigv4 -----------------------------------------------------------------------

    /**
     * {@code CURLOPT_AWS_SIGV4}: sign each request with AWS Signature Version 4,
     * {@code "provider1[:provider2[:region[:service]]]"} (docs/AUTH.md); the access key and secret
     * come from {@code CURLOPT_USERPWD}. Setting it makes {@code CURLOPT_HTTPAUTH}
     * {@code CURLAUTH_AWS_SIGV4}; null (the default) stops setting it.
     */
    public static final EasyOption<String> CURLOPT_AWS_SIGV4 = e("CURLOPT_AWS_SIGV4", 10305, String.class);

    // ---- the request as sent and the response as handed on ----------------------------

    /**
     * {@code CURLOPT_HTTP_TRANSFER_DECODING}: 1 (default) = undo the chunked framing; 0 = hand a
     * chunked body on as it came, framing included (curl's {@code --raw}).
     */
    public static final EasyOption<Long> CURLOPT_HTTP_TRANSFER_DECODING =
            e("CURLOPT_HTTP_TRANSFER_DECODING", 157, Long.class);
    /**
     * {@code CURLOPT_DEFAULT_PROTOCOL}: the scheme of a URL given without one (for example
     * {@code "https"}); default null: guessed from the host name, else http.
     */
    public static final EasyOption<String> CURLOPT_DEFAULT_PROTOCOL = e("CURLOPT_DEFAULT_PROTOCOL", 10238, String.class);
    /** {@code CURLOPT_PATH_AS_IS}: 1 = send the URL's path with its {@code /../} and {@code /./} as given; default 0. */
    public static final EasyOption<Long> CURLOPT_PATH_AS_IS = e("CURLOPT_PATH_AS_IS", 234, Long.class);
    /**
     * {@code CURLOPT_HAPROXYPROTOCOL}: 1 = start each new connection with an HAProxy PROXY
     * protocol v1 line naming the connection's addresses and ports; default 0.
     */
    public static final EasyOption<Long> CURLOPT_HAPROXYPROTOCOL = e("CURLOPT_HAPROXYPROTOCOL", 274, Long.class);
    /**
     * {@code CURLOPT_HAPROXY_CLIENT_IP}: the client address the PROXY line names (as source and
     * destination); setting it turns {@code CURLOPT_HAPROXYPROTOCOL} on, null turns it off.
     */
    public static final EasyOption<String> CURLOPT_HAPROXY_CLIENT_IP =
            e("CURLOPT_HAPROXY_CLIENT_IP", 10323, String.class);
}
