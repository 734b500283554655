package dev.hiper.curl;

import java.util.List;

/**
 * libcurl's {@code CURLINFO_*} keys (and the values some of them take), inherited by {@link Curl}.
 */
abstract class CurlInfos extends CurlValues {
    CurlInfos() {
    }

    // ---- transfer information ----------------------------------------------------------



    /** {@code CURLINFO_EFFECTIVE_URL}: the URL last used ({@code CURLOPT_URL} before any transfer ran). */
    public static final EasyInfo<String> CURLINFO_EFFECTIVE_URL = i("CURLINFO_EFFECTIVE_URL", STRING + 1, String.class);
    /** {@code CURLINFO_RESPONSE_CODE}: the last response's status code; 0 when none arrived. */
    public static final EasyInfo<Long> CURLINFO_RESPONSE_CODE = i("CURLINFO_RESPONSE_CODE", LONG + 2, Long.class);
    /** {@code CURLINFO_SIZE_UPLOAD_T}: the body bytes uploaded. */
    public static final EasyInfo<Long> CURLINFO_SIZE_UPLOAD_T = i("CURLINFO_SIZE_UPLOAD_T", OFF_T + 7, Long.class);
    /** {@code CURLINFO_SIZE_DOWNLOAD_T}: the body bytes downloaded. */
    public static final EasyInfo<Long> CURLINFO_SIZE_DOWNLOAD_T = i("CURLINFO_SIZE_DOWNLOAD_T", OFF_T + 8, Long.class);
    /** {@code CURLINFO_SPEED_DOWNLOAD_T}: the average download speed, in bytes per second. */
    public static final EasyInfo<Long> CURLINFO_SPEED_DOWNLOAD_T = i("CURLINFO_SPEED_DOWNLOAD_T", OFF_T + 9, Long.class);
    /** {@code CURLINFO_SPEED_UPLOAD_T}: the average upload speed, in bytes per second. */
    public static final EasyInfo<Long> CURLINFO_SPEED_UPLOAD_T = i("CURLINFO_SPEED_UPLOAD_T", OFF_T + 10, Long.class);
    /** {@code CURLINFO_HEADER_SIZE}: the bytes of every response header received, status lines included. */
    public static final EasyInfo<Long> CURLINFO_HEADER_SIZE = i("CURLINFO_HEADER_SIZE", LONG + 11, Long.class);
    /** {@code CURLINFO_REQUEST_SIZE}: the bytes of the requests sent, heads and bodies. */
    public static final EasyInfo<Long> CURLINFO_REQUEST_SIZE = i("CURLINFO_REQUEST_SIZE", LONG + 12, Long.class);
    /** {@code CURLINFO_CONTENT_LENGTH_DOWNLOAD_T}: the response's {@code Content-Length}; -1 when unknown. */
    public static final EasyInfo<Long> CURLINFO_CONTENT_LENGTH_DOWNLOAD_T =
            i("CURLINFO_CONTENT_LENGTH_DOWNLOAD_T", OFF_T + 15, Long.class);
    /** {@code CURLINFO_CONTENT_TYPE}: the response's {@code Content-Type}, or null. */
    public static final EasyInfo<String> CURLINFO_CONTENT_TYPE = i("CURLINFO_CONTENT_TYPE", STRING + 18, String.class);
    /** {@code CURLINFO_PRIVATE}: the object set with {@code CURLOPT_PRIVATE}. */
    public static final EasyInfo<Object> CURLINFO_PRIVATE = i("CURLINFO_PRIVATE", STRING + 21, Object.class);
    /**
     * {@code CURLINFO_NUM_CONNECTS}: how many new connections the last transfer made (0 when it
     * reused one).
     */
    public static final EasyInfo<Long> CURLINFO_NUM_CONNECTS = i("CURLINFO_NUM_CONNECTS", LONG + 26, Long.class);
    /** {@code CURLINFO_PRIMARY_IP}: the IP address of the last connection's peer, as text. */
    public static final EasyInfo<String> CURLINFO_PRIMARY_IP = i("CURLINFO_PRIMARY_IP", STRING + 32, String.class);
    /** {@code CURLINFO_PRIMARY_PORT}: the port of the last connection's peer. */
    public static final EasyInfo<Long> CURLINFO_PRIMARY_PORT = i("CURLINFO_PRIMARY_PORT", LONG + 40, Long.class);
    /** {@code CURLINFO_LOCAL_IP}: the local IP address of the last connection, as text. */
    public static final EasyInfo<String> CURLINFO_LOCAL_IP = i("CURLINFO_LOCAL_IP", STRING + 41, String.class);
    /** {@code CURLINFO_LOCAL_PORT}: the local port of the last connection. */
    public static final EasyInfo<Long> CURLINFO_LOCAL_PORT = i("CURLINFO_LOCAL_PORT", LONG + 42, Long.class);
    /** One of the {@code CURL_HTTP_VERSION_*} values; 0 before a response arrived. */
    public static final EasyInfo<Long> CURLINFO_HTTP_VERSION = i("CURLINFO_HTTP_VERSION", LONG + 46, Long.class);
    /** {@code CURLINFO_SCHEME}: the URL scheme the last transfer used. */
    public static final EasyInfo<String> CURLINFO_SCHEME = i("CURLINFO_SCHEME", STRING + 49, String.class);
    /** {@code CURLINFO_TOTAL_TIME_T}: the last transfer's whole time in microseconds, as all {@code *_TIME_T} values. */
    public static final EasyInfo<Long> CURLINFO_TOTAL_TIME_T = i("CURLINFO_TOTAL_TIME_T", OFF_T + 50, Long.class);
    /** {@code CURLINFO_NAMELOOKUP_TIME_T}: microseconds from the start until the name was resolved. */
    public static final EasyInfo<Long> CURLINFO_NAMELOOKUP_TIME_T = i("CURLINFO_NAMELOOKUP_TIME_T", OFF_T + 51, Long.class);
    /** {@code CURLINFO_CONNECT_TIME_T}: microseconds from the start until the TCP connect completed. */
    public static final EasyInfo<Long> CURLINFO_CONNECT_TIME_T = i("CURLINFO_CONNECT_TIME_T", OFF_T + 52, Long.class);
    /**
     * {@code CURLINFO_PRETRANSFER_TIME_T}: microseconds from the start until the request was about
     * to be sent.
     */
    public static final EasyInfo<Long> CURLINFO_PRETRANSFER_TIME_T =
            i("CURLINFO_PRETRANSFER_TIME_T", OFF_T + 53, Long.class);
    /**
     * {@code CURLINFO_STARTTRANSFER_TIME_T}: microseconds from the start until the first response
     * byte arrived.
     */
    public static final EasyInfo<Long> CURLINFO_STARTTRANSFER_TIME_T =
            i("CURLINFO_STARTTRANSFER_TIME_T", OFF_T + 54, Long.class);
    /** 1 when a time condition (or a 304) kept the document from being transferred. */
    public static final EasyInfo<Long> CURLINFO_CONDITION_UNMET = i("CURLINFO_CONDITION_UNMET", LONG + 35, Long.class);
    /** The authentication schemes a request may use: one {@code CURLAUTH_*}, or several to pick from a 401. */
    public static final EasyOption<Long> CURLOPT_HTTPAUTH = e("CURLOPT_HTTPAUTH", 107, Long.class);
    /** The token of {@code CURLAUTH_BEARER}. */
    public static final EasyOption<String> CURLOPT_XOAUTH2_BEARER = e("CURLOPT_XOAUTH2_BEARER", 10220, String.class);
    /** The schemes the last 401 offered ({@code CURLAUTH_*} bits). */
    public static final EasyInfo<Long> CURLINFO_HTTPAUTH_AVAIL = i("CURLINFO_HTTPAUTH_AVAIL", LONG + 23, Long.class);
    /**
     * Where the last 3xx response's {@code Location} points (resolved against the URL) when it
     * was not followed, or null.
     */
    public static final EasyInfo<String> CURLINFO_REDIRECT_URL = i("CURLINFO_REDIRECT_URL", STRING + 31, String.class);
    /** {@code CURLINFO_REDIRECT_COUNT}: how many redirects the last transfer followed. */
    public static final EasyInfo<Long> CURLINFO_REDIRECT_COUNT = i("CURLINFO_REDIRECT_COUNT", LONG + 20, Long.class);
    /**
     * {@code CURLINFO_REDIRECT_TIME_T}: microseconds from the start until the last redirect was
     * followed (every hop before the final request); 0 without redirects.
     */
    public static final EasyInfo<Long> CURLINFO_REDIRECT_TIME_T =
            i("CURLINFO_REDIRECT_TIME_T", OFF_T + 55, Long.class);
    /** The method of the last request sent. */
    public static final EasyInfo<String> CURLINFO_EFFECTIVE_METHOD =
            i("CURLINFO_EFFECTIVE_METHOD", STRING + 58, String.class);
    /** Microseconds from the start until the TLS handshake was done; 0 without TLS. */
    public static final EasyInfo<Long> CURLINFO_APPCONNECT_TIME_T =
            i("CURLINFO_APPCONNECT_TIME_T", OFF_T + 56, Long.class);
    /** The peer verification result, OpenSSL's X509_V_* numbers (0 = ok; docs/TLS.md lists them). */
    public static final EasyInfo<Long> CURLINFO_SSL_VERIFYRESULT = i("CURLINFO_SSL_VERIFYRESULT", LONG + 13, Long.class);
    /**
     * {@code CURLINFO_TLS_SSL_PTR}: the TLS session of the connection the last transfer used, null
     * without TLS. libcurl gives its TLS library's own object; the JDK's is the
     * {@link javax.net.ssl.SSLSession} (protocol, cipher suite, peer certificates).
     */
    public static final EasyInfo<javax.net.ssl.SSLSession> CURLINFO_TLS_SSL_PTR =
            i("CURLINFO_TLS_SSL_PTR", 0x400000 + 45, javax.net.ssl.SSLSession.class);

    // cookies
    /** {@code CURLINFO_COOKIELIST}: every cookie the handle holds, as Netscape cookie file lines. */
    public static final EasyInfo<List<String>> CURLINFO_COOKIELIST = i("CURLINFO_COOKIELIST", 0x400000 + 28,
            STRING_LIST);

    // ---- proxy information ----

    /** {@code CURLINFO_HTTP_CONNECTCODE}: the status of the last CONNECT reply; 0 when none. */
    public static final EasyInfo<Long> CURLINFO_HTTP_CONNECTCODE = i("CURLINFO_HTTP_CONNECTCODE", LONG + 22, Long.class);
    /** {@code CURLINFO_PROXY_ERROR}: why a SOCKS handshake failed, a {@code CURLPX_*} value; 0 when none. */
    public static final EasyInfo<Long> CURLINFO_PROXY_ERROR = i("CURLINFO_PROXY_ERROR", LONG + 59, Long.class);
    /** {@code CURLINFO_PROXYAUTH_AVAIL}: the {@code CURLAUTH_*} schemes the proxy's last 407 offered. */
    public static final EasyInfo<Long> CURLINFO_PROXYAUTH_AVAIL = i("CURLINFO_PROXYAUTH_AVAIL", LONG + 24, Long.class);
    /** {@code CURLINFO_PROXY_SSL_VERIFYRESULT}: an HTTPS proxy's verification result (0 = ok). */
    public static final EasyInfo<Long> CURLINFO_PROXY_SSL_VERIFYRESULT =
            i("CURLINFO_PROXY_SSL_VERIFYRESULT", LONG + 47, Long.class);
    // CURLPX_*: the values of CURLINFO_PROXY_ERROR, as curl.h numbers them
    /** {@code CURLPX_OK} (0). */
    public static final long CURLPX_OK = 0;
    /** {@code CURLPX_BAD_ADDRESS_TYPE} (1). */
    public static final long CURLPX_BAD_ADDRESS_TYPE = 1;
    /** {@code CURLPX_BAD_VERSION} (2). */
    public static final long CURLPX_BAD_VERSION = 2;
    /** {@code CURLPX_CLOSED} (3). */
    public static final long CURLPX_CLOSED = 3;
    /** {@code CURLPX_GSSAPI} (4). */
    public static final long CURLPX_GSSAPI = 4;
    /** {@code CURLPX_GSSAPI_PERMSG} (5). */
    public static final long CURLPX_GSSAPI_PERMSG = 5;
    /** {@code CURLPX_GSSAPI_PROTECTION} (6). */
    public static final long CURLPX_GSSAPI_PROTECTION = 6;
    /** {@code CURLPX_IDENTD} (7). */
    public static final long CURLPX_IDENTD = 7;
    /** {@code CURLPX_IDENTD_DIFFER} (8). */
    public static final long CURLPX_IDENTD_DIFFER = 8;
    /** {@code CURLPX_LONG_HOSTNAME} (9). */
    public static final long CURLPX_LONG_HOSTNAME = 9;
    /** {@code CURLPX_LONG_PASSWD} (10). */
    public static final long CURLPX_LONG_PASSWD = 10;
    /** {@code CURLPX_LONG_USER} (11). */
    public static final long CURLPX_LONG_USER = 11;
    /** {@code CURLPX_NO_AUTH} (12). */
    public static final long CURLPX_NO_AUTH = 12;
    /** {@code CURLPX_RECV_ADDRESS} (13). */
    public static final long CURLPX_RECV_ADDRESS = 13;
    /** {@code CURLPX_RECV_AUTH} (14). */
    public static final long CURLPX_RECV_AUTH = 14;
    /** {@code CURLPX_RECV_CONNECT} (15). */
    public static final long CURLPX_RECV_CONNECT = 15;
    /** {@code CURLPX_RECV_REQACK} (16). */
    public static final long CURLPX_RECV_REQACK = 16;
    /** {@code CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED} (17). */
    public static final long CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED = 17;
    /** {@code CURLPX_REPLY_COMMAND_NOT_SUPPORTED} (18). */
    public static final long CURLPX_REPLY_COMMAND_NOT_SUPPORTED = 18;
    /** {@code CURLPX_REPLY_CONNECTION_REFUSED} (19). */
    public static final long CURLPX_REPLY_CONNECTION_REFUSED = 19;
    /** {@code CURLPX_REPLY_GENERAL_SERVER_FAILURE} (20). */
    public static final long CURLPX_REPLY_GENERAL_SERVER_FAILURE = 20;
    /** {@code CURLPX_REPLY_HOST_UNREACHABLE} (21). */
    public static final long CURLPX_REPLY_HOST_UNREACHABLE = 21;
    /** {@code CURLPX_REPLY_NETWORK_UNREACHABLE} (22). */
    public static final long CURLPX_REPLY_NETWORK_UNREACHABLE = 22;
    /** {@code CURLPX_REPLY_NOT_ALLOWED} (23). */
    public static final long CURLPX_REPLY_NOT_ALLOWED = 23;
    /** {@code CURLPX_REPLY_TTL_EXPIRED} (24). */
    public static final long CURLPX_REPLY_TTL_EXPIRED = 24;
    /** {@code CURLPX_REPLY_UNASSIGNED} (25). */
    public static final long CURLPX_REPLY_UNASSIGNED = 25;
    /** {@code CURLPX_REQUEST_FAILED} (26). */
    public static final long CURLPX_REQUEST_FAILED = 26;
    /** {@code CURLPX_RESOLVE_HOST} (27). */
    public static final long CURLPX_RESOLVE_HOST = 27;
    /** {@code CURLPX_SEND_AUTH} (28). */
    public static final long CURLPX_SEND_AUTH = 28;
    /** {@code CURLPX_SEND_CONNECT} (29). */
    public static final long CURLPX_SEND_CONNECT = 29;
    /** {@code CURLPX_SEND_REQUEST} (30). */
    public static final long CURLPX_SEND_REQUEST = 30;
    /** {@code CURLPX_UNKNOWN_FAIL} (31). */
    public static final long CURLPX_UNKNOWN_FAIL = 31;
    /** {@code CURLPX_UNKNOWN_MODE} (32). */
    public static final long CURLPX_UNKNOWN_MODE = 32;
    /** {@code CURLPX_USER_REJECTED} (33). */
    public static final long CURLPX_USER_REJECTED = 33;

    // ---- authentication information ----

    /** {@code CURLINFO_HTTPAUTH_USED}: the {@code CURLAUTH_*} scheme the last request answered the server with. */
    public static final EasyInfo<Long> CURLINFO_HTTPAUTH_USED = i("CURLINFO_HTTPAUTH_USED", LONG + 69, Long.class);
    /** {@code CURLINFO_PROXYAUTH_USED}: the {@code CURLAUTH_*} scheme the last request answered the proxy with. */
    public static final EasyInfo<Long> CURLINFO_PROXYAUTH_USED = i("CURLINFO_PROXYAUTH_USED", LONG + 70, Long.class);

    // ---- websocket information ----

    /**
     * {@code CURLINFO_ACTIVESOCKET}: the socket of the connection a {@code CURLOPT_CONNECT_ONLY}
     * transfer left open (to watch for {@link CurlEasy#wsRecv}); null when there is none.
     */
    public static final EasyInfo<CurlSocket> CURLINFO_ACTIVESOCKET = i("CURLINFO_ACTIVESOCKET", 0x500000 + 44,
            CurlSocket.class);

    // ---- request information ----

    /**
     * {@code CURLINFO_REFERER}: the {@code Referer} the last request sent ({@code CURLOPT_REFERER},
     * or {@code CURLOPT_AUTOREFERER}'s after a redirect); null when none went.
     */
    public static final EasyInfo<String> CURLINFO_REFERER = i("CURLINFO_REFERER", STRING + 60, String.class);
}
