package dev.hiper.curl;

import java.util.List;

/**
 * libcurl's constants and option keys under their C names.
 *
 * <p>{@code import static dev.hiper.curl.Curl.*;} brings them all into scope, so a libcurl
 * program reads the same in Java. Option keys are typed: a value of the wrong type does not
 * compile. The type follows libcurl's: a {@code long} or {@code curl_off_t} is a {@link Long},
 * switches included; a {@code char *} a {@link String}; a {@code curl_slist} a
 * {@code List<String>}; a blob a {@code byte[]}; a callback its interface; a {@code void *}
 * an {@link Object}.
 *
 * <p>A key that this build does not support yet answers {@code CURLE_UNKNOWN_OPTION} /
 * {@code CURLM_UNKNOWN_OPTION} when set; docs/OPTIONS.md lists the supported ones.
 */
public final class Curl {
    private Curl() {
    }

    /** The library's version. */
    public static final String VERSION = "0.1.0";

    /**
     * {@code curl_version()}: the product token.
     *
     * @return {@code "hiper/"} and {@link #VERSION}, e.g. {@code hiper/0.1.0}
     */
    public static String version() {
        return "hiper/" + VERSION;
    }

    // ---- sockets and events ------------------------------------------------------------

    /** {@code CURL_SOCKET_TIMEOUT} (also {@code CURL_SOCKET_BAD}): a socket with no channel. */
    public static final CurlSocket CURL_SOCKET_TIMEOUT = CurlSocket.timeoutSocket();
    /** {@code CURL_SOCKET_BAD}: the same value as {@link #CURL_SOCKET_TIMEOUT}. */
    public static final CurlSocket CURL_SOCKET_BAD = CURL_SOCKET_TIMEOUT;

    /**
     * {@code CURL_POLL_NONE} (0): no interest; defined for fidelity, the socket callback is never
     * given it.
     */
    public static final int CURL_POLL_NONE = 0;
    /** {@code CURL_POLL_IN} (1): watch the socket for reading. */
    public static final int CURL_POLL_IN = 1;
    /**
     * {@code CURL_POLL_OUT} (2): watch the socket for writing (for a connect in flight, for its
     * completion).
     */
    public static final int CURL_POLL_OUT = 2;
    /** {@code CURL_POLL_INOUT} (3): watch the socket for reading and writing. */
    public static final int CURL_POLL_INOUT = 3;
    /**
     * {@code CURL_POLL_REMOVE} (4): stop watching the socket; its channel may be closed at any time
     * after.
     */
    public static final int CURL_POLL_REMOVE = 4;

    /** {@code CURL_CSELECT_IN} (1), for {@link CurlMulti#socketAction}: the socket is readable. */
    public static final int CURL_CSELECT_IN = 1;
    /**
     * {@code CURL_CSELECT_OUT} (2), for {@link CurlMulti#socketAction}: the socket is writable, or
     * its connect completed.
     */
    public static final int CURL_CSELECT_OUT = 2;
    /**
     * {@code CURL_CSELECT_ERR} (4), for {@link CurlMulti#socketAction}: the socket has an error
     * condition.
     */
    public static final int CURL_CSELECT_ERR = 4;

    /** {@code CURLMSG_NONE} (0): no message; {@link CurlMulti#infoRead()} answers null instead. */
    public static final int CURLMSG_NONE = 0;
    /** {@code CURLMSG_DONE} (1): a transfer ended; {@link CurlMsg#result()} says how. */
    public static final int CURLMSG_DONE = 1;

    /**
     * {@code CURLPIPE_NOTHING} (0), for {@code CURLMOPT_PIPELINING}: one transfer at a time on a
     * connection.
     */
    public static final long CURLPIPE_NOTHING = 0;
    /**
     * {@code CURLPIPE_MULTIPLEX} (2), for {@code CURLMOPT_PIPELINING}: several transfers share one
     * HTTP/2 connection, each on its own stream (on by default, as in libcurl 8).
     */
    public static final long CURLPIPE_MULTIPLEX = 2;

    // ---- callback return values and pausing --------------------------------------------

    /** The most body data one call of the write callback is given. */
    public static final int CURL_MAX_WRITE_SIZE = 16384;
    /**
     * {@code CURL_WRITEFUNC_PAUSE}, from the write or header callback: pause receiving; the same
     * data comes again after {@link CurlEasy#pause} unpauses.
     */
    public static final int CURL_WRITEFUNC_PAUSE = 0x10000001;
    /**
     * {@code CURL_WRITEFUNC_ERROR}, from the write callback: fail the transfer with
     * {@code CURLE_WRITE_ERROR}.
     */
    public static final int CURL_WRITEFUNC_ERROR = 0xFFFFFFFF;
    /**
     * {@code CURL_READFUNC_ABORT}, from the read callback: end the transfer with
     * {@code CURLE_ABORTED_BY_CALLBACK}.
     */
    public static final int CURL_READFUNC_ABORT = 0x10000000;
    /**
     * {@code CURL_READFUNC_PAUSE}, from the read callback: pause sending until
     * {@link CurlEasy#pause} unpauses.
     */
    public static final int CURL_READFUNC_PAUSE = 0x10000001;

    /** {@code CURL_SEEKFUNC_OK}, from the seek callback ({@link CurlSeekFunction}): the source was moved. */
    public static final int CURL_SEEKFUNC_OK = 0;
    /**
     * {@code CURL_SEEKFUNC_FAIL}, from the seek callback: the seek failed; the transfer fails with
     * {@code CURLE_SEND_FAIL_REWIND}.
     */
    public static final int CURL_SEEKFUNC_FAIL = 1;
    /**
     * {@code CURL_SEEKFUNC_CANTSEEK}, from the seek callback: the source cannot seek; the transfer
     * fails with {@code CURLE_SEND_FAIL_REWIND}.
     */
    public static final int CURL_SEEKFUNC_CANTSEEK = 2;
    /** {@code SEEK_SET}, a seek origin as in C's {@code fseek}: the offset counts from the start of the source. */
    public static final int SEEK_SET = 0;
    /** {@code SEEK_CUR}: the seek offset counts from the current position. */
    public static final int SEEK_CUR = 1;
    /** {@code SEEK_END}: the seek offset counts from the end of the source. */
    public static final int SEEK_END = 2;

    /** {@code CURLPAUSE_RECV}: pause receiving (the write and header callbacks are not called). */
    public static final int CURLPAUSE_RECV = 1;
    /** {@code CURLPAUSE_RECV_CONT} (0): receive again. */
    public static final int CURLPAUSE_RECV_CONT = 0;
    /** {@code CURLPAUSE_SEND}: pause sending (the read callback is not called). */
    public static final int CURLPAUSE_SEND = 4;
    /** {@code CURLPAUSE_SEND_CONT} (0): send again. */
    public static final int CURLPAUSE_SEND_CONT = 0;
    /** {@code CURLPAUSE_ALL}: pause both directions. */
    public static final int CURLPAUSE_ALL = CURLPAUSE_RECV | CURLPAUSE_SEND;
    /** {@code CURLPAUSE_CONT} (0): unpause both directions. */
    public static final int CURLPAUSE_CONT = CURLPAUSE_RECV_CONT | CURLPAUSE_SEND_CONT;

    // ---- value constants ---------------------------------------------------------------

    /**
     * {@code CURL_HTTP_VERSION_NONE} (0): no preference, which means {@code CURL_HTTP_VERSION_2TLS}
     * as in libcurl 8; from {@code CURLINFO_HTTP_VERSION}, no response yet.
     */
    public static final long CURL_HTTP_VERSION_NONE = 0;
    /** {@code CURL_HTTP_VERSION_1_0}: HTTP/1.0. */
    public static final long CURL_HTTP_VERSION_1_0 = 1;
    /** {@code CURL_HTTP_VERSION_1_1}: HTTP/1.1. */
    public static final long CURL_HTTP_VERSION_1_1 = 2;
    /**
     * {@code CURL_HTTP_VERSION_2_0}: HTTP/2 where the server agrees to it in the TLS handshake
     * (ALPN), HTTP/1.1 otherwise and over plain {@code http://}; from {@code CURLINFO_HTTP_VERSION},
     * the response came over HTTP/2.
     */
    public static final long CURL_HTTP_VERSION_2_0 = 3;
    /**
     * {@code CURL_HTTP_VERSION_2TLS}: HTTP/2 over TLS when the server agrees (ALPN offers
     * {@code h2,http/1.1}), HTTP/1.1 over plain {@code http://}; libcurl 8's default and hiper's.
     */
    public static final long CURL_HTTP_VERSION_2TLS = 4;
    /**
     * {@code CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE}: HTTP/2 from the first byte on {@code http://}
     * (h2c, no upgrade); over TLS the same as {@code CURL_HTTP_VERSION_2TLS}.
     */
    public static final long CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE = 5;
    /**
     * {@code CURL_HTTP_VERSION_3}: HTTP/3 with fallback; not supported
     * ({@code CURLOPT_HTTP_VERSION} answers {@code CURLE_UNSUPPORTED_PROTOCOL}).
     */
    public static final long CURL_HTTP_VERSION_3 = 30;
    /**
     * {@code CURL_HTTP_VERSION_3ONLY}: HTTP/3 only; not supported ({@code CURLOPT_HTTP_VERSION}
     * answers {@code CURLE_UNSUPPORTED_PROTOCOL}).
     */
    public static final long CURL_HTTP_VERSION_3ONLY = 31;

    /** {@code CURLAUTH_NONE}: no HTTP authentication. */
    public static final long CURLAUTH_NONE = 0;
    /** {@code CURLAUTH_BASIC} (default): Basic, the user name and password sent in the clear. */
    public static final long CURLAUTH_BASIC = 1;
    /**
     * {@code CURLAUTH_DIGEST}: Digest; not built in (alone it answers {@code CURLE_NOT_BUILT_IN};
     * in a set it is ignored).
     */
    public static final long CURLAUTH_DIGEST = 1 << 1;
    /**
     * {@code CURLAUTH_NEGOTIATE}: SPNEGO/Kerberos; not built in (alone it answers
     * {@code CURLE_NOT_BUILT_IN}; in a set it is ignored).
     */
    public static final long CURLAUTH_NEGOTIATE = 1 << 2;
    /**
     * {@code CURLAUTH_NTLM}: NTLM; not built in (alone it answers {@code CURLE_NOT_BUILT_IN}; in a
     * set it is ignored).
     */
    public static final long CURLAUTH_NTLM = 1 << 3;
    /**
     * {@code CURLAUTH_DIGEST_IE}: Digest as old Internet Explorer did it; not built in (alone it
     * answers {@code CURLE_NOT_BUILT_IN}).
     */
    public static final long CURLAUTH_DIGEST_IE = 1 << 4;
    /** {@code CURLAUTH_BEARER}: an OAuth 2.0 bearer token, from {@code CURLOPT_XOAUTH2_BEARER}. */
    public static final long CURLAUTH_BEARER = 1 << 6;
    /**
     * {@code CURLAUTH_AWS_SIGV4}: AWS V4 signatures; not built in (alone it answers
     * {@code CURLE_NOT_BUILT_IN}).
     */
    public static final long CURLAUTH_AWS_SIGV4 = 1 << 7;
    /**
     * {@code CURLAUTH_ONLY}: libcurl's modifier bit, OR-ed with one scheme to use that one alone; hiper
     * drops it, as its choice depends on the scheme bits only.
     */
    public static final long CURLAUTH_ONLY = 1L << 31;
    /**
     * {@code CURLAUTH_ANY}: every scheme; hiper asks first and picks Basic or Bearer from the 401's
     * challenges.
     */
    public static final long CURLAUTH_ANY = ~CURLAUTH_DIGEST_IE & 0xFFFFFFFFL;
    /** {@code CURLAUTH_ANYSAFE}: every scheme but Basic; of hiper's, that leaves Bearer. */
    public static final long CURLAUTH_ANYSAFE = ~(CURLAUTH_BASIC | CURLAUTH_DIGEST_IE) & 0xFFFFFFFFL;

    /** {@code CURL_TIMECOND_NONE} (default): no time condition. */
    public static final long CURL_TIMECOND_NONE = 0;
    /**
     * {@code CURL_TIMECOND_IFMODSINCE}: {@code If-Modified-Since}: transfer only if changed after
     * {@code CURLOPT_TIMEVALUE}.
     */
    public static final long CURL_TIMECOND_IFMODSINCE = 1;
    /**
     * {@code CURL_TIMECOND_IFUNMODSINCE}: {@code If-Unmodified-Since}: transfer only if not changed
     * after {@code CURLOPT_TIMEVALUE}.
     */
    public static final long CURL_TIMECOND_IFUNMODSINCE = 2;
    /**
     * {@code CURL_TIMECOND_LASTMOD}: sends {@code CURLOPT_TIMEVALUE} in a {@code Last-Modified}
     * request header.
     */
    public static final long CURL_TIMECOND_LASTMOD = 3;

    /** {@code CURL_IPRESOLVE_WHATEVER} (default): IPv6 and IPv4 addresses, raced. */
    public static final long CURL_IPRESOLVE_WHATEVER = 0;
    /** {@code CURL_IPRESOLVE_V4}: IPv4 addresses only. */
    public static final long CURL_IPRESOLVE_V4 = 1;
    /** {@code CURL_IPRESOLVE_V6}: IPv6 addresses only. */
    public static final long CURL_IPRESOLVE_V6 = 2;

    /** {@code CURL_SSLVERSION_DEFAULT}, a {@code CURLOPT_SSLVERSION} minimum (low 16 bits): TLS 1.2 or later, as in curl 8.16. */
    public static final long CURL_SSLVERSION_DEFAULT = 0;
    /** {@code CURL_SSLVERSION_TLSv1}: TLS 1.0 or later (as far as the JDK still allows it). */
    public static final long CURL_SSLVERSION_TLSv1 = 1;
    /** Refused: answers {@code CURLE_BAD_FUNCTION_ARGUMENT}. */
    public static final long CURL_SSLVERSION_SSLv2 = 2;
    /** Refused: answers {@code CURLE_BAD_FUNCTION_ARGUMENT}. */
    public static final long CURL_SSLVERSION_SSLv3 = 3;
    /** {@code CURL_SSLVERSION_TLSv1_0}: TLS 1.0 or later (as far as the JDK still allows it). */
    public static final long CURL_SSLVERSION_TLSv1_0 = 4;
    /** {@code CURL_SSLVERSION_TLSv1_1}: TLS 1.1 or later (as far as the JDK still allows it). */
    public static final long CURL_SSLVERSION_TLSv1_1 = 5;
    /** {@code CURL_SSLVERSION_TLSv1_2}: TLS 1.2 or later. */
    public static final long CURL_SSLVERSION_TLSv1_2 = 6;
    /** {@code CURL_SSLVERSION_TLSv1_3}: TLS 1.3 only. */
    public static final long CURL_SSLVERSION_TLSv1_3 = 7;
    /**
     * {@code CURL_SSLVERSION_LAST}: one past the last minimum; refused
     * ({@code CURLE_BAD_FUNCTION_ARGUMENT}).
     */
    public static final long CURL_SSLVERSION_LAST = 8;
    /** {@code CURL_SSLVERSION_MAX_NONE}, a {@code CURLOPT_SSLVERSION} maximum (OR-ed with a minimum): no maximum. */
    public static final long CURL_SSLVERSION_MAX_NONE = 0;
    /** {@code CURL_SSLVERSION_MAX_DEFAULT}: the highest version the JDK offers (TLS 1.3). */
    public static final long CURL_SSLVERSION_MAX_DEFAULT = CURL_SSLVERSION_TLSv1 << 16;
    /** {@code CURL_SSLVERSION_MAX_TLSv1_0}: at most TLS 1.0. */
    public static final long CURL_SSLVERSION_MAX_TLSv1_0 = CURL_SSLVERSION_TLSv1_0 << 16;
    /** {@code CURL_SSLVERSION_MAX_TLSv1_1}: at most TLS 1.1. */
    public static final long CURL_SSLVERSION_MAX_TLSv1_1 = CURL_SSLVERSION_TLSv1_1 << 16;
    /** {@code CURL_SSLVERSION_MAX_TLSv1_2}: at most TLS 1.2. */
    public static final long CURL_SSLVERSION_MAX_TLSv1_2 = CURL_SSLVERSION_TLSv1_2 << 16;
    /** {@code CURL_SSLVERSION_MAX_TLSv1_3}: at most TLS 1.3. */
    public static final long CURL_SSLVERSION_MAX_TLSv1_3 = CURL_SSLVERSION_TLSv1_3 << 16;
    /**
     * {@code CURL_SSLVERSION_MAX_LAST}: one past the last maximum; refused
     * ({@code CURLE_BAD_FUNCTION_ARGUMENT}).
     */
    public static final long CURL_SSLVERSION_MAX_LAST = CURL_SSLVERSION_LAST << 16;

    // ---- multi options -----------------------------------------------------------------

    private static <T> MultiOption<T> m(String name, int code, Class<T> type) {
        return new MultiOption<>(name, code, type);
    }

    /** {@code CURLMOPT_SOCKETFUNCTION}: the socket callback, told which sockets to watch and for what. */
    public static final MultiOption<CurlSocketFunction> CURLMOPT_SOCKETFUNCTION =
            m("CURLMOPT_SOCKETFUNCTION", 20001, CurlSocketFunction.class);
    /** {@code CURLMOPT_SOCKETDATA}: the {@code clientp} given to the socket callback; null by default. */
    public static final MultiOption<Object> CURLMOPT_SOCKETDATA = m("CURLMOPT_SOCKETDATA", 10002, Object.class);
    /**
     * {@code CURLMOPT_PIPELINING}: {@code CURLPIPE_*} bits (0 to 3); {@code CURLPIPE_MULTIPLEX}
     * (the default) lets transfers share an HTTP/2 connection; HTTP/1.1 is never pipelined.
     */
    public static final MultiOption<Long> CURLMOPT_PIPELINING = m("CURLMOPT_PIPELINING", 3, Long.class);
    /**
     * {@code CURLMOPT_TIMERFUNCTION}: the timer callback, told when to call
     * {@code socketAction(CURL_SOCKET_TIMEOUT, 0)}.
     */
    public static final MultiOption<CurlTimerFunction> CURLMOPT_TIMERFUNCTION =
            m("CURLMOPT_TIMERFUNCTION", 20004, CurlTimerFunction.class);
    /** {@code CURLMOPT_TIMERDATA}: the {@code clientp} given to the timer callback; null by default. */
    public static final MultiOption<Object> CURLMOPT_TIMERDATA = m("CURLMOPT_TIMERDATA", 10005, Object.class);
    /**
     * {@code CURLMOPT_MAXCONNECTS}: how many idle connections the cache keeps; 0 (default) = 4
     * times the handles added.
     */
    public static final MultiOption<Long> CURLMOPT_MAXCONNECTS = m("CURLMOPT_MAXCONNECTS", 6, Long.class);
    /**
     * {@code CURLMOPT_MAX_HOST_CONNECTIONS}: the most connections open to one scheme, host and
     * port; 0 (default) = no limit. Transfers beyond it wait.
     */
    public static final MultiOption<Long> CURLMOPT_MAX_HOST_CONNECTIONS =
            m("CURLMOPT_MAX_HOST_CONNECTIONS", 7, Long.class);
    /**
     * {@code CURLMOPT_MAX_TOTAL_CONNECTIONS}: the most connections open in all; 0 (default) = no
     * limit. Transfers beyond it wait.
     */
    public static final MultiOption<Long> CURLMOPT_MAX_TOTAL_CONNECTIONS =
            m("CURLMOPT_MAX_TOTAL_CONNECTIONS", 13, Long.class);
    /**
     * {@code CURLMOPT_MAX_CONCURRENT_STREAMS}: the most streams hiper opens at once on one HTTP/2
     * connection (never more than the server's SETTINGS_MAX_CONCURRENT_STREAMS); 100 by default,
     * and values outside 1 to 2^31-1 mean 100, as in libcurl.
     */
    public static final MultiOption<Long> CURLMOPT_MAX_CONCURRENT_STREAMS =
            m("CURLMOPT_MAX_CONCURRENT_STREAMS", 16, Long.class);

    // ---- easy options ------------------------------------------------------------------

    private static <T> EasyOption<T> e(String name, int code, Class<T> type) {
        return new EasyOption<>(name, code, type);
    }

    @SuppressWarnings("unchecked")
    private static final Class<List<String>> STRING_LIST = (Class<List<String>>) (Class<?>) List.class;

    /**
     * {@code CURLOPT_URL}: the URL to fetch, {@code http://} or {@code https://}; no default (a
     * transfer without one fails with {@code CURLE_URL_MALFORMAT}).
     */
    public static final EasyOption<String> CURLOPT_URL = e("CURLOPT_URL", 10002, String.class);
    /**
     * {@code CURLOPT_PRIVATE}: any object of the application's, kept with the handle and read back
     * with {@code CURLINFO_PRIVATE}.
     */
    public static final EasyOption<Object> CURLOPT_PRIVATE = e("CURLOPT_PRIVATE", 10103, Object.class);
    /**
     * {@code CURLOPT_WRITEFUNCTION}: the write callback, given the response body; without one, the
     * body goes to {@code CURLOPT_WRITEDATA} if it is an {@code OutputStream}, else to
     * {@code System.out}.
     */
    public static final EasyOption<CurlWriteFunction> CURLOPT_WRITEFUNCTION =
            e("CURLOPT_WRITEFUNCTION", 20011, CurlWriteFunction.class);
    /**
     * {@code CURLOPT_WRITEDATA}: the {@code userdata} given to the write callback, or the
     * {@code OutputStream} the body goes to without one.
     */
    public static final EasyOption<Object> CURLOPT_WRITEDATA = e("CURLOPT_WRITEDATA", 10001, Object.class);
    /**
     * {@code CURLOPT_HEADERFUNCTION}: the header callback, given each response header line; without
     * one, the lines go to {@code CURLOPT_HEADERDATA} if it is an {@code OutputStream}.
     */
    public static final EasyOption<CurlHeaderFunction> CURLOPT_HEADERFUNCTION =
            e("CURLOPT_HEADERFUNCTION", 20079, CurlHeaderFunction.class);
    /**
     * {@code CURLOPT_HEADERDATA}: the {@code userdata} given to the header callback, or the
     * {@code OutputStream} the header lines go to without one.
     */
    public static final EasyOption<Object> CURLOPT_HEADERDATA = e("CURLOPT_HEADERDATA", 10029, Object.class);
    /**
     * {@code CURLOPT_READFUNCTION}: the read callback, which supplies the body of an upload or
     * POST; without one, {@code CURLOPT_READDATA} is read if it is an {@code InputStream}.
     */
    public static final EasyOption<CurlReadFunction> CURLOPT_READFUNCTION =
            e("CURLOPT_READFUNCTION", 20012, CurlReadFunction.class);
    /**
     * {@code CURLOPT_READDATA}: the {@code userdata} given to the read callback, or the
     * {@code InputStream} read without one.
     */
    public static final EasyOption<Object> CURLOPT_READDATA = e("CURLOPT_READDATA", 10009, Object.class);
    /**
     * {@code CURLOPT_HTTPHEADER}: request header lines: {@code "Name: value"} adds or replaces,
     * {@code "Name:"} removes, {@code "Name;"} sends it empty. The list is copied.
     */
    public static final EasyOption<List<String>> CURLOPT_HTTPHEADER = e("CURLOPT_HTTPHEADER", 10023, STRING_LIST);
    /**
     * {@code CURLOPT_CUSTOMREQUEST}: the method to send instead of the request kind's; it changes
     * the request line only, not how the transfer behaves.
     */
    public static final EasyOption<String> CURLOPT_CUSTOMREQUEST = e("CURLOPT_CUSTOMREQUEST", 10036, String.class);
    /**
     * {@code CURLOPT_NOBODY}: 1 = a HEAD request, without a response body; 0 (default) = as the
     * other options say.
     */
    public static final EasyOption<Long> CURLOPT_NOBODY = e("CURLOPT_NOBODY", 44, Long.class);
    /**
     * {@code CURLOPT_HTTPGET}: 1 = back to a GET request (undoes {@code POST}, {@code UPLOAD} and
     * {@code NOBODY}).
     */
    public static final EasyOption<Long> CURLOPT_HTTPGET = e("CURLOPT_HTTPGET", 80, Long.class);
    /**
     * {@code CURLOPT_POST}: 1 = a POST request, its body from {@code CURLOPT_POSTFIELDS} or the
     * read callback.
     */
    public static final EasyOption<Long> CURLOPT_POST = e("CURLOPT_POST", 47, Long.class);
    /** The request body, sent as is. hiper keeps a reference, as libcurl does: do not change it while in use. */
    public static final EasyOption<byte[]> CURLOPT_POSTFIELDS = e("CURLOPT_POSTFIELDS", 10015, byte[].class);
    /** The request body as text, copied and sent as UTF-8. */
    public static final EasyOption<String> CURLOPT_COPYPOSTFIELDS = e("CURLOPT_COPYPOSTFIELDS", 10165, String.class);
    /**
     * {@code CURLOPT_POSTFIELDSIZE_LARGE}: the POST body's size in bytes; -1 (default) = the length
     * of {@code CURLOPT_POSTFIELDS}, or chunked with a read callback.
     */
    public static final EasyOption<Long> CURLOPT_POSTFIELDSIZE_LARGE =
            e("CURLOPT_POSTFIELDSIZE_LARGE", 30120, Long.class);
    /** {@code CURLOPT_POSTFIELDSIZE}: the same as {@link #CURLOPT_POSTFIELDSIZE_LARGE}. */
    public static final EasyOption<Long> CURLOPT_POSTFIELDSIZE = e("CURLOPT_POSTFIELDSIZE", 60, Long.class);
    /** {@code CURLOPT_UPLOAD}: 1 = a PUT request, its body from the read callback. */
    public static final EasyOption<Long> CURLOPT_UPLOAD = e("CURLOPT_UPLOAD", 46, Long.class);
    /** {@code CURLOPT_INFILESIZE_LARGE}: the upload's size in bytes; -1 (default) = unknown, sent chunked. */
    public static final EasyOption<Long> CURLOPT_INFILESIZE_LARGE = e("CURLOPT_INFILESIZE_LARGE", 30115, Long.class);
    /** {@code CURLOPT_INFILESIZE}: the same as {@link #CURLOPT_INFILESIZE_LARGE}. */
    public static final EasyOption<Long> CURLOPT_INFILESIZE = e("CURLOPT_INFILESIZE", 14, Long.class);
    /** {@code CURLOPT_USERAGENT}: the {@code User-Agent} header; default {@code hiper/0.1.0}. */
    public static final EasyOption<String> CURLOPT_USERAGENT = e("CURLOPT_USERAGENT", 10018, String.class);
    /**
     * {@code CURLOPT_CONNECTTIMEOUT_MS}: the time limit in milliseconds for name resolution,
     * connect and TLS handshake; 0 (default) = 300 s.
     */
    public static final EasyOption<Long> CURLOPT_CONNECTTIMEOUT_MS = e("CURLOPT_CONNECTTIMEOUT_MS", 156, Long.class);
    /** {@code CURLOPT_CONNECTTIMEOUT}: {@link #CURLOPT_CONNECTTIMEOUT_MS} in seconds. */
    public static final EasyOption<Long> CURLOPT_CONNECTTIMEOUT = e("CURLOPT_CONNECTTIMEOUT", 78, Long.class);
    /** {@code CURLOPT_TIMEOUT_MS}: the whole transfer's time limit in milliseconds; 0 (default) = none. */
    public static final EasyOption<Long> CURLOPT_TIMEOUT_MS = e("CURLOPT_TIMEOUT_MS", 155, Long.class);
    /** {@code CURLOPT_TIMEOUT}: {@link #CURLOPT_TIMEOUT_MS} in seconds. */
    public static final EasyOption<Long> CURLOPT_TIMEOUT = e("CURLOPT_TIMEOUT", 13, Long.class);
    /**
     * {@code CURLOPT_EXPECT_100_TIMEOUT_MS}: how long to wait for {@code 100 Continue} before
     * sending the body anyway; default 1000 ms.
     */
    public static final EasyOption<Long> CURLOPT_EXPECT_100_TIMEOUT_MS =
            e("CURLOPT_EXPECT_100_TIMEOUT_MS", 227, Long.class);
    /**
     * {@code CURLOPT_FORBID_REUSE}: 1 = close the connection after this transfer instead of keeping
     * it; default 0.
     */
    public static final EasyOption<Long> CURLOPT_FORBID_REUSE = e("CURLOPT_FORBID_REUSE", 75, Long.class);
    /** {@code CURLOPT_FRESH_CONNECT}: 1 = use a new connection, not a cached one; default 0. */
    public static final EasyOption<Long> CURLOPT_FRESH_CONNECT = e("CURLOPT_FRESH_CONNECT", 74, Long.class);
    /**
     * {@code CURLOPT_PIPEWAIT}: 1 = rather wait for a connection to the same host that is being
     * made, or is in use, and may carry this transfer as another HTTP/2 stream, than open a new
     * one; default 0.
     */
    public static final EasyOption<Long> CURLOPT_PIPEWAIT = e("CURLOPT_PIPEWAIT", 237, Long.class);
    /**
     * {@code CURLOPT_TCP_NODELAY}: 1 (default) = send small packets at once ({@code TCP_NODELAY});
     * 0 = let Nagle's algorithm gather them.
     */
    public static final EasyOption<Long> CURLOPT_TCP_NODELAY = e("CURLOPT_TCP_NODELAY", 121, Long.class);
    /**
     * {@code CURLOPT_RESOLVE}: {@code "HOST:PORT:ADDR[,ADDR]"} entries that pin addresses, skipping
     * the look-up; a malformed entry fails with {@code CURLE_SETOPT_OPTION_SYNTAX}.
     */
    public static final EasyOption<List<String>> CURLOPT_RESOLVE = e("CURLOPT_RESOLVE", 10203, STRING_LIST);
    /**
     * {@code CURLOPT_IPRESOLVE}: which addresses to use, a {@code CURL_IPRESOLVE_*} value; default
     * {@code CURL_IPRESOLVE_WHATEVER}.
     */
    public static final EasyOption<Long> CURLOPT_IPRESOLVE = e("CURLOPT_IPRESOLVE", 113, Long.class);
    /**
     * {@code CURLOPT_VERBOSE}: 1 = trace the transfer as {@code curl -v} does, to standard error or
     * to {@code CURLOPT_DEBUGFUNCTION}; default 0.
     */
    public static final EasyOption<Long> CURLOPT_VERBOSE = e("CURLOPT_VERBOSE", 41, Long.class);
    /**
     * {@code CURLOPT_DEBUGFUNCTION}: the debug callback, given the trace of {@code CURLOPT_VERBOSE}
     * instead of standard error.
     */
    public static final EasyOption<CurlDebugFunction> CURLOPT_DEBUGFUNCTION =
            e("CURLOPT_DEBUGFUNCTION", 20094, CurlDebugFunction.class);
    /** {@code CURLOPT_DEBUGDATA}: the {@code userdata} given to the debug callback. */
    public static final EasyOption<Object> CURLOPT_DEBUGDATA = e("CURLOPT_DEBUGDATA", 10095, Object.class);
    /**
     * {@code CURLOPT_XFERINFOFUNCTION}: the progress callback, called only with
     * {@code CURLOPT_NOPROGRESS} 0.
     */
    public static final EasyOption<CurlXferInfoFunction> CURLOPT_XFERINFOFUNCTION =
            e("CURLOPT_XFERINFOFUNCTION", 20219, CurlXferInfoFunction.class);
    /** {@code CURLOPT_XFERINFODATA}: the {@code clientp} given to the progress callback. */
    public static final EasyOption<Object> CURLOPT_XFERINFODATA = e("CURLOPT_XFERINFODATA", 10057, Object.class);
    /**
     * {@code CURLOPT_NOPROGRESS}: 1 (default) = no progress calls; 0 = call
     * {@code CURLOPT_XFERINFOFUNCTION}.
     */
    public static final EasyOption<Long> CURLOPT_NOPROGRESS = e("CURLOPT_NOPROGRESS", 43, Long.class);
    /**
     * {@code CURLOPT_SEEKFUNCTION}: the seek callback, which rewinds the read callback's source
     * when a request must be sent again.
     */
    public static final EasyOption<CurlSeekFunction> CURLOPT_SEEKFUNCTION =
            e("CURLOPT_SEEKFUNCTION", 20167, CurlSeekFunction.class);
    /** {@code CURLOPT_SEEKDATA}: the {@code userdata} given to the seek callback. */
    public static final EasyOption<Object> CURLOPT_SEEKDATA = e("CURLOPT_SEEKDATA", 10168, Object.class);

    /** The {@code Referer:} header to send. */
    public static final EasyOption<String> CURLOPT_REFERER = e("CURLOPT_REFERER", 10016, String.class);
    /** A byte range to ask for, "X-Y" or a list "X-Y,N-M" ({@code Range: bytes=...}). */
    public static final EasyOption<String> CURLOPT_RANGE = e("CURLOPT_RANGE", 10007, String.class);
    /** Resume a download (or an upload) at this offset; -1 for an upload means "from the start again". */
    public static final EasyOption<Long> CURLOPT_RESUME_FROM_LARGE = e("CURLOPT_RESUME_FROM_LARGE", 30116, Long.class);
    /** {@code CURLOPT_RESUME_FROM}: the same as {@link #CURLOPT_RESUME_FROM_LARGE}. */
    public static final EasyOption<Long> CURLOPT_RESUME_FROM = e("CURLOPT_RESUME_FROM", 21, Long.class);
    /** Fail with {@code CURLE_HTTP_RETURNED_ERROR} on a response code of 400 or more, before the body. */
    public static final EasyOption<Long> CURLOPT_FAILONERROR = e("CURLOPT_FAILONERROR", 45, Long.class);
    /**
     * {@code CURLOPT_HTTP_VERSION}: {@code CURL_HTTP_VERSION_1_0} sends HTTP/1.0 requests; 1_1
     * HTTP/1.1 only; NONE (default), 2TLS and 2_0 offer HTTP/2 over TLS (ALPN {@code h2,http/1.1});
     * 2_PRIOR_KNOWLEDGE speaks HTTP/2 on {@code http://} too; the HTTP/3 values answer
     * {@code CURLE_UNSUPPORTED_PROTOCOL}.
     */
    public static final EasyOption<Long> CURLOPT_HTTP_VERSION = e("CURLOPT_HTTP_VERSION", 84, Long.class);
    /** One of the {@code CURL_TIMECOND_*} values. */
    public static final EasyOption<Long> CURLOPT_TIMECONDITION = e("CURLOPT_TIMECONDITION", 33, Long.class);
    /** Seconds since the epoch, for {@link #CURLOPT_TIMECONDITION}. */
    public static final EasyOption<Long> CURLOPT_TIMEVALUE = e("CURLOPT_TIMEVALUE", 34, Long.class);
    /** {@code CURLOPT_TIMEVALUE_LARGE}: the same as {@link #CURLOPT_TIMEVALUE}. */
    public static final EasyOption<Long> CURLOPT_TIMEVALUE_LARGE = e("CURLOPT_TIMEVALUE_LARGE", 30270, Long.class);
    /** Accept an HTTP/0.9 response (no status line: the whole reply is the body). */
    public static final EasyOption<Long> CURLOPT_HTTP09_ALLOWED = e("CURLOPT_HTTP09_ALLOWED", 285, Long.class);
    /** The request-target to send instead of the URL's path and query. */
    public static final EasyOption<String> CURLOPT_REQUEST_TARGET = e("CURLOPT_REQUEST_TARGET", 10266, String.class);
    /** Ignore the response's Content-Length: the body ends when the connection closes. */
    public static final EasyOption<Long> CURLOPT_IGNORE_CONTENT_LENGTH =
            e("CURLOPT_IGNORE_CONTENT_LENGTH", 136, Long.class);
    /** "user:password" for Basic authentication. */
    public static final EasyOption<String> CURLOPT_USERPWD = e("CURLOPT_USERPWD", 10005, String.class);
    /** {@code CURLOPT_USERNAME}: the user name for authentication. */
    public static final EasyOption<String> CURLOPT_USERNAME = e("CURLOPT_USERNAME", 10173, String.class);
    /** {@code CURLOPT_PASSWORD}: the password for authentication. */
    public static final EasyOption<String> CURLOPT_PASSWORD = e("CURLOPT_PASSWORD", 10174, String.class);
    /** The most body bytes to accept; more fails with {@code CURLE_FILESIZE_EXCEEDED}. 0: no limit. */
    public static final EasyOption<Long> CURLOPT_MAXFILESIZE_LARGE = e("CURLOPT_MAXFILESIZE_LARGE", 30117, Long.class);
    /** {@code CURLOPT_MAXFILESIZE}: the same as {@link #CURLOPT_MAXFILESIZE_LARGE}. */
    public static final EasyOption<Long> CURLOPT_MAXFILESIZE = e("CURLOPT_MAXFILESIZE", 114, Long.class);
    /** "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT" entries: connect elsewhere than the URL says. */
    public static final EasyOption<List<String>> CURLOPT_CONNECT_TO = e("CURLOPT_CONNECT_TO", 10243, STRING_LIST);
    /** The local side to connect from: an IP address or a network interface name ("if!", "host!" prefixes too). */
    public static final EasyOption<String> CURLOPT_INTERFACE = e("CURLOPT_INTERFACE", 10062, String.class);
    // TLS (docs/TLS.md)
    /** 1 (default): the server's certificate chain must verify against the trusted CAs. */
    public static final EasyOption<Long> CURLOPT_SSL_VERIFYPEER = e("CURLOPT_SSL_VERIFYPEER", 64, Long.class);
    /** 2 (default; 1 means the same): the certificate must name the URL's host. 0: any name. */
    public static final EasyOption<Long> CURLOPT_SSL_VERIFYHOST = e("CURLOPT_SSL_VERIFYHOST", 81, Long.class);
    /** A PEM bundle of trusted CA certificates, instead of the JDK's trust store. */
    public static final EasyOption<String> CURLOPT_CAINFO = e("CURLOPT_CAINFO", 10065, String.class);
    /** A directory of PEM files of trusted CA certificates (every file in it is read). */
    public static final EasyOption<String> CURLOPT_CAPATH = e("CURLOPT_CAPATH", 10097, String.class);
    /** "sha256//BASE64[;sha256//BASE64...]" or a PEM/DER public key file: the server's key must match. */
    public static final EasyOption<String> CURLOPT_PINNEDPUBLICKEY = e("CURLOPT_PINNEDPUBLICKEY", 10230, String.class);
    /** {@code CURL_SSLVERSION_*} minimum OR-ed with a {@code CURL_SSLVERSION_MAX_*} maximum. */
    public static final EasyOption<Long> CURLOPT_SSLVERSION = e("CURLOPT_SSLVERSION", 32, Long.class);
    /** TLS 1.2 cipher suites, OpenSSL or standard names separated by ':'. */
    public static final EasyOption<String> CURLOPT_SSL_CIPHER_LIST = e("CURLOPT_SSL_CIPHER_LIST", 10083, String.class);
    /** TLS 1.3 cipher suites, standard names separated by ':'. */
    public static final EasyOption<String> CURLOPT_TLS13_CIPHERS = e("CURLOPT_TLS13_CIPHERS", 10276, String.class);
    /** The client certificate file (PEM by default). */
    public static final EasyOption<String> CURLOPT_SSLCERT = e("CURLOPT_SSLCERT", 10025, String.class);
    /** "PEM" (default), "DER" or "P12". */
    public static final EasyOption<String> CURLOPT_SSLCERTTYPE = e("CURLOPT_SSLCERTTYPE", 10086, String.class);
    /** The client's private key file; default: looked for in the certificate file. */
    public static final EasyOption<String> CURLOPT_SSLKEY = e("CURLOPT_SSLKEY", 10087, String.class);
    /** "PEM" (default) or "DER". */
    public static final EasyOption<String> CURLOPT_SSLKEYTYPE = e("CURLOPT_SSLKEYTYPE", 10088, String.class);
    /** The password of an encrypted private key or of a PKCS#12 file. */
    public static final EasyOption<String> CURLOPT_KEYPASSWD = e("CURLOPT_KEYPASSWD", 10026, String.class);
    /** 1 (default): offer ALPN (http/1.1). */
    public static final EasyOption<Long> CURLOPT_SSL_ENABLE_ALPN = e("CURLOPT_SSL_ENABLE_ALPN", 226, Long.class);

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

    // ---- transfer information ----------------------------------------------------------

    private static <T> EasyInfo<T> i(String name, int code, Class<T> type) {
        return new EasyInfo<>(name, code, type);
    }

    private static final int STRING = 0x100000;
    private static final int LONG = 0x200000;
    private static final int OFF_T = 0x600000;

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

    // ---- websocket information ----

    /**
     * {@code CURLINFO_ACTIVESOCKET}: the socket of the connection a {@code CURLOPT_CONNECT_ONLY}
     * transfer left open (to watch for {@link CurlEasy#wsRecv}); null when there is none.
     */
    public static final EasyInfo<CurlSocket> CURLINFO_ACTIVESOCKET = i("CURLINFO_ACTIVESOCKET", 0x500000 + 44,
            CurlSocket.class);
}
