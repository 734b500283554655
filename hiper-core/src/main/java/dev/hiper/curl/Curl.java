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
public final class Curl extends CurlHttpOptions {
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

    /**
     * {@code curl_getdate(text, NULL)}: a date as libcurl reads one (HTTP's three formats and
     * loose variants, zone names, {@code +HHMM}, {@code YYYYMMDD}; no zone means GMT), the
     * parser of cookie expiry and {@code Last-Modified}.
     *
     * @param text the date as written
     * @return seconds since the epoch, or -1 when the text is not a date
     */
    public static long getdate(String text) {
        return dev.hiper.internal.http.DateParser.parse(text);
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

    // ---- URL API (CurlUrlHandle) ------------------------------------------------------

    /** {@code CURLUPART_URL}: the whole URL. */
    public static final int CURLUPART_URL = 0;
    /** {@code CURLUPART_SCHEME}. */
    public static final int CURLUPART_SCHEME = 1;
    /** {@code CURLUPART_USER}. */
    public static final int CURLUPART_USER = 2;
    /** {@code CURLUPART_PASSWORD}. */
    public static final int CURLUPART_PASSWORD = 3;
    /** {@code CURLUPART_OPTIONS}: login options (IMAP, POP3, SMTP); hiper never has any. */
    public static final int CURLUPART_OPTIONS = 4;
    /** {@code CURLUPART_HOST}: the host; an IPv6 address in brackets, without zone id. */
    public static final int CURLUPART_HOST = 5;
    /** {@code CURLUPART_PORT}. */
    public static final int CURLUPART_PORT = 6;
    /** {@code CURLUPART_PATH}. */
    public static final int CURLUPART_PATH = 7;
    /** {@code CURLUPART_QUERY}: the query without its '?'. */
    public static final int CURLUPART_QUERY = 8;
    /** {@code CURLUPART_FRAGMENT}: the fragment without its '#'. */
    public static final int CURLUPART_FRAGMENT = 9;
    /** {@code CURLUPART_ZONEID}: the zone id of an IPv6 address. */
    public static final int CURLUPART_ZONEID = 10;
    /** {@code CURLU_DEFAULT_PORT}: get the scheme's default port when the URL gives none. */
    public static final int CURLU_DEFAULT_PORT = 1;
    /** {@code CURLU_NO_DEFAULT_PORT}: leave out a port that is the scheme's default. */
    public static final int CURLU_NO_DEFAULT_PORT = 1 << 1;
    /** {@code CURLU_DEFAULT_SCHEME}: a URL without scheme is {@code https}. */
    public static final int CURLU_DEFAULT_SCHEME = 1 << 2;
    /** {@code CURLU_NON_SUPPORT_SCHEME}: accept schemes libcurl does not know. */
    public static final int CURLU_NON_SUPPORT_SCHEME = 1 << 3;
    /** {@code CURLU_PATH_AS_IS}: keep the path's dot segments. */
    public static final int CURLU_PATH_AS_IS = 1 << 4;
    /** {@code CURLU_DISALLOW_USER}: refuse URLs with user information. */
    public static final int CURLU_DISALLOW_USER = 1 << 5;
    /** {@code CURLU_URLDECODE}: percent-decode the part got. */
    public static final int CURLU_URLDECODE = 1 << 6;
    /** {@code CURLU_URLENCODE}: percent-encode the part set. */
    public static final int CURLU_URLENCODE = 1 << 7;
    /** {@code CURLU_APPENDQUERY}: add the query set to the one there, after a {@code &}. */
    public static final int CURLU_APPENDQUERY = 1 << 8;
    /** {@code CURLU_GUESS_SCHEME}: a URL without scheme gets one guessed from its host name. */
    public static final int CURLU_GUESS_SCHEME = 1 << 9;
    /** {@code CURLU_NO_AUTHORITY}: accepted; hiper always wants a host. */
    public static final int CURLU_NO_AUTHORITY = 1 << 10;
    /** {@code CURLU_NO_GUESS_SCHEME}: get the URL without the scheme when it was guessed. */
    public static final int CURLU_NO_GUESS_SCHEME = 1 << 15;

    // ---- multi options -----------------------------------------------------------------


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
    /**
     * {@code CURLOPT_SSL_CTX_FUNCTION}: sees, and may replace, the {@code SSLContext} made from the
     * handle's TLS options (for the origin's TLS, not an HTTPS proxy's); see
     * {@link CurlSslCtxFunction}.
     */
    public static final EasyOption<CurlSslCtxFunction> CURLOPT_SSL_CTX_FUNCTION =
            e("CURLOPT_SSL_CTX_FUNCTION", 20108, CurlSslCtxFunction.class);
    /** {@code CURLOPT_SSL_CTX_DATA}: the {@code userptr} of {@link #CURLOPT_SSL_CTX_FUNCTION}. */
    public static final EasyOption<Object> CURLOPT_SSL_CTX_DATA = e("CURLOPT_SSL_CTX_DATA", 10109, Object.class);
}
