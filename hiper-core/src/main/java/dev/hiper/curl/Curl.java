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

    /** {@code curl_version()}: the product token, e.g. {@code hiper/0.1.0}. */
    public static String version() {
        return "hiper/" + VERSION;
    }

    // ---- sockets and events ------------------------------------------------------------

    /** {@code CURL_SOCKET_TIMEOUT} (also {@code CURL_SOCKET_BAD}): a socket with no channel. */
    public static final CurlSocket CURL_SOCKET_TIMEOUT = CurlSocket.timeoutSocket();
    /** {@code CURL_SOCKET_BAD}: the same value as {@link #CURL_SOCKET_TIMEOUT}. */
    public static final CurlSocket CURL_SOCKET_BAD = CURL_SOCKET_TIMEOUT;

    public static final int CURL_POLL_NONE = 0;
    public static final int CURL_POLL_IN = 1;
    public static final int CURL_POLL_OUT = 2;
    public static final int CURL_POLL_INOUT = 3;
    public static final int CURL_POLL_REMOVE = 4;

    public static final int CURL_CSELECT_IN = 1;
    public static final int CURL_CSELECT_OUT = 2;
    public static final int CURL_CSELECT_ERR = 4;

    public static final int CURLMSG_NONE = 0;
    public static final int CURLMSG_DONE = 1;

    public static final long CURLPIPE_NOTHING = 0;
    public static final long CURLPIPE_MULTIPLEX = 2;

    // ---- callback return values and pausing --------------------------------------------

    /** The most body data one call of the write callback is given. */
    public static final int CURL_MAX_WRITE_SIZE = 16384;
    public static final int CURL_WRITEFUNC_PAUSE = 0x10000001;
    public static final int CURL_WRITEFUNC_ERROR = 0xFFFFFFFF;
    public static final int CURL_READFUNC_ABORT = 0x10000000;
    public static final int CURL_READFUNC_PAUSE = 0x10000001;

    /** Seek callback answers ({@link CurlSeekFunction}). */
    public static final int CURL_SEEKFUNC_OK = 0;
    public static final int CURL_SEEKFUNC_FAIL = 1;
    public static final int CURL_SEEKFUNC_CANTSEEK = 2;
    /** Seek origins, as in C's {@code fseek}. */
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;

    public static final int CURLPAUSE_RECV = 1;
    public static final int CURLPAUSE_RECV_CONT = 0;
    public static final int CURLPAUSE_SEND = 4;
    public static final int CURLPAUSE_SEND_CONT = 0;
    public static final int CURLPAUSE_ALL = CURLPAUSE_RECV | CURLPAUSE_SEND;
    public static final int CURLPAUSE_CONT = CURLPAUSE_RECV_CONT | CURLPAUSE_SEND_CONT;

    // ---- value constants ---------------------------------------------------------------

    public static final long CURL_HTTP_VERSION_NONE = 0;
    public static final long CURL_HTTP_VERSION_1_0 = 1;
    public static final long CURL_HTTP_VERSION_1_1 = 2;
    public static final long CURL_HTTP_VERSION_2_0 = 3;
    public static final long CURL_HTTP_VERSION_2TLS = 4;
    public static final long CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE = 5;
    public static final long CURL_HTTP_VERSION_3 = 30;
    public static final long CURL_HTTP_VERSION_3ONLY = 31;

    public static final long CURLAUTH_NONE = 0;
    public static final long CURLAUTH_BASIC = 1;
    public static final long CURLAUTH_DIGEST = 1 << 1;
    public static final long CURLAUTH_NEGOTIATE = 1 << 2;
    public static final long CURLAUTH_NTLM = 1 << 3;
    public static final long CURLAUTH_DIGEST_IE = 1 << 4;
    public static final long CURLAUTH_BEARER = 1 << 6;
    public static final long CURLAUTH_AWS_SIGV4 = 1 << 7;
    public static final long CURLAUTH_ONLY = 1L << 31;
    public static final long CURLAUTH_ANY = ~CURLAUTH_DIGEST_IE & 0xFFFFFFFFL;
    public static final long CURLAUTH_ANYSAFE = ~(CURLAUTH_BASIC | CURLAUTH_DIGEST_IE) & 0xFFFFFFFFL;

    public static final long CURL_TIMECOND_NONE = 0;
    public static final long CURL_TIMECOND_IFMODSINCE = 1;
    public static final long CURL_TIMECOND_IFUNMODSINCE = 2;
    public static final long CURL_TIMECOND_LASTMOD = 3;

    public static final long CURL_IPRESOLVE_WHATEVER = 0;
    public static final long CURL_IPRESOLVE_V4 = 1;
    public static final long CURL_IPRESOLVE_V6 = 2;

    /** {@code CURLOPT_SSLVERSION} minimums (low 16 bits); DEFAULT is TLS 1.2 or later, as in curl 8.16. */
    public static final long CURL_SSLVERSION_DEFAULT = 0;
    public static final long CURL_SSLVERSION_TLSv1 = 1;
    /** Refused: answers {@code CURLE_BAD_FUNCTION_ARGUMENT}. */
    public static final long CURL_SSLVERSION_SSLv2 = 2;
    /** Refused: answers {@code CURLE_BAD_FUNCTION_ARGUMENT}. */
    public static final long CURL_SSLVERSION_SSLv3 = 3;
    public static final long CURL_SSLVERSION_TLSv1_0 = 4;
    public static final long CURL_SSLVERSION_TLSv1_1 = 5;
    public static final long CURL_SSLVERSION_TLSv1_2 = 6;
    public static final long CURL_SSLVERSION_TLSv1_3 = 7;
    public static final long CURL_SSLVERSION_LAST = 8;
    /** {@code CURLOPT_SSLVERSION} maximums, OR-ed with a minimum. */
    public static final long CURL_SSLVERSION_MAX_NONE = 0;
    public static final long CURL_SSLVERSION_MAX_DEFAULT = CURL_SSLVERSION_TLSv1 << 16;
    public static final long CURL_SSLVERSION_MAX_TLSv1_0 = CURL_SSLVERSION_TLSv1_0 << 16;
    public static final long CURL_SSLVERSION_MAX_TLSv1_1 = CURL_SSLVERSION_TLSv1_1 << 16;
    public static final long CURL_SSLVERSION_MAX_TLSv1_2 = CURL_SSLVERSION_TLSv1_2 << 16;
    public static final long CURL_SSLVERSION_MAX_TLSv1_3 = CURL_SSLVERSION_TLSv1_3 << 16;
    public static final long CURL_SSLVERSION_MAX_LAST = CURL_SSLVERSION_LAST << 16;

    // ---- multi options -----------------------------------------------------------------

    private static <T> MultiOption<T> m(String name, int code, Class<T> type) {
        return new MultiOption<>(name, code, type);
    }

    public static final MultiOption<CurlSocketFunction> CURLMOPT_SOCKETFUNCTION =
            m("CURLMOPT_SOCKETFUNCTION", 20001, CurlSocketFunction.class);
    public static final MultiOption<Object> CURLMOPT_SOCKETDATA = m("CURLMOPT_SOCKETDATA", 10002, Object.class);
    public static final MultiOption<Long> CURLMOPT_PIPELINING = m("CURLMOPT_PIPELINING", 3, Long.class);
    public static final MultiOption<CurlTimerFunction> CURLMOPT_TIMERFUNCTION =
            m("CURLMOPT_TIMERFUNCTION", 20004, CurlTimerFunction.class);
    public static final MultiOption<Object> CURLMOPT_TIMERDATA = m("CURLMOPT_TIMERDATA", 10005, Object.class);
    public static final MultiOption<Long> CURLMOPT_MAXCONNECTS = m("CURLMOPT_MAXCONNECTS", 6, Long.class);
    public static final MultiOption<Long> CURLMOPT_MAX_HOST_CONNECTIONS =
            m("CURLMOPT_MAX_HOST_CONNECTIONS", 7, Long.class);
    public static final MultiOption<Long> CURLMOPT_MAX_TOTAL_CONNECTIONS =
            m("CURLMOPT_MAX_TOTAL_CONNECTIONS", 13, Long.class);
    /** Not supported until HTTP/2 arrives: setting it answers {@code CURLM_UNKNOWN_OPTION}. */
    public static final MultiOption<Long> CURLMOPT_MAX_CONCURRENT_STREAMS =
            m("CURLMOPT_MAX_CONCURRENT_STREAMS", 16, Long.class);

    // ---- easy options ------------------------------------------------------------------

    private static <T> EasyOption<T> e(String name, int code, Class<T> type) {
        return new EasyOption<>(name, code, type);
    }

    @SuppressWarnings("unchecked")
    private static final Class<List<String>> STRING_LIST = (Class<List<String>>) (Class<?>) List.class;

    public static final EasyOption<String> CURLOPT_URL = e("CURLOPT_URL", 10002, String.class);
    public static final EasyOption<Object> CURLOPT_PRIVATE = e("CURLOPT_PRIVATE", 10103, Object.class);
    public static final EasyOption<CurlWriteFunction> CURLOPT_WRITEFUNCTION =
            e("CURLOPT_WRITEFUNCTION", 20011, CurlWriteFunction.class);
    public static final EasyOption<Object> CURLOPT_WRITEDATA = e("CURLOPT_WRITEDATA", 10001, Object.class);
    public static final EasyOption<CurlHeaderFunction> CURLOPT_HEADERFUNCTION =
            e("CURLOPT_HEADERFUNCTION", 20079, CurlHeaderFunction.class);
    public static final EasyOption<Object> CURLOPT_HEADERDATA = e("CURLOPT_HEADERDATA", 10029, Object.class);
    public static final EasyOption<CurlReadFunction> CURLOPT_READFUNCTION =
            e("CURLOPT_READFUNCTION", 20012, CurlReadFunction.class);
    public static final EasyOption<Object> CURLOPT_READDATA = e("CURLOPT_READDATA", 10009, Object.class);
    public static final EasyOption<List<String>> CURLOPT_HTTPHEADER = e("CURLOPT_HTTPHEADER", 10023, STRING_LIST);
    public static final EasyOption<String> CURLOPT_CUSTOMREQUEST = e("CURLOPT_CUSTOMREQUEST", 10036, String.class);
    public static final EasyOption<Long> CURLOPT_NOBODY = e("CURLOPT_NOBODY", 44, Long.class);
    public static final EasyOption<Long> CURLOPT_HTTPGET = e("CURLOPT_HTTPGET", 80, Long.class);
    public static final EasyOption<Long> CURLOPT_POST = e("CURLOPT_POST", 47, Long.class);
    /** The request body, sent as is. hiper keeps a reference, as libcurl does: do not change it while in use. */
    public static final EasyOption<byte[]> CURLOPT_POSTFIELDS = e("CURLOPT_POSTFIELDS", 10015, byte[].class);
    /** The request body as text, copied and sent as UTF-8. */
    public static final EasyOption<String> CURLOPT_COPYPOSTFIELDS = e("CURLOPT_COPYPOSTFIELDS", 10165, String.class);
    public static final EasyOption<Long> CURLOPT_POSTFIELDSIZE_LARGE =
            e("CURLOPT_POSTFIELDSIZE_LARGE", 30120, Long.class);
    public static final EasyOption<Long> CURLOPT_POSTFIELDSIZE = e("CURLOPT_POSTFIELDSIZE", 60, Long.class);
    public static final EasyOption<Long> CURLOPT_UPLOAD = e("CURLOPT_UPLOAD", 46, Long.class);
    public static final EasyOption<Long> CURLOPT_INFILESIZE_LARGE = e("CURLOPT_INFILESIZE_LARGE", 30115, Long.class);
    public static final EasyOption<Long> CURLOPT_INFILESIZE = e("CURLOPT_INFILESIZE", 14, Long.class);
    public static final EasyOption<String> CURLOPT_USERAGENT = e("CURLOPT_USERAGENT", 10018, String.class);
    public static final EasyOption<Long> CURLOPT_CONNECTTIMEOUT_MS = e("CURLOPT_CONNECTTIMEOUT_MS", 156, Long.class);
    public static final EasyOption<Long> CURLOPT_CONNECTTIMEOUT = e("CURLOPT_CONNECTTIMEOUT", 78, Long.class);
    public static final EasyOption<Long> CURLOPT_TIMEOUT_MS = e("CURLOPT_TIMEOUT_MS", 155, Long.class);
    public static final EasyOption<Long> CURLOPT_TIMEOUT = e("CURLOPT_TIMEOUT", 13, Long.class);
    public static final EasyOption<Long> CURLOPT_EXPECT_100_TIMEOUT_MS =
            e("CURLOPT_EXPECT_100_TIMEOUT_MS", 227, Long.class);
    public static final EasyOption<Long> CURLOPT_FORBID_REUSE = e("CURLOPT_FORBID_REUSE", 75, Long.class);
    public static final EasyOption<Long> CURLOPT_FRESH_CONNECT = e("CURLOPT_FRESH_CONNECT", 74, Long.class);
    public static final EasyOption<Long> CURLOPT_TCP_NODELAY = e("CURLOPT_TCP_NODELAY", 121, Long.class);
    public static final EasyOption<List<String>> CURLOPT_RESOLVE = e("CURLOPT_RESOLVE", 10203, STRING_LIST);
    public static final EasyOption<Long> CURLOPT_IPRESOLVE = e("CURLOPT_IPRESOLVE", 113, Long.class);
    public static final EasyOption<Long> CURLOPT_VERBOSE = e("CURLOPT_VERBOSE", 41, Long.class);
    public static final EasyOption<CurlDebugFunction> CURLOPT_DEBUGFUNCTION =
            e("CURLOPT_DEBUGFUNCTION", 20094, CurlDebugFunction.class);
    public static final EasyOption<Object> CURLOPT_DEBUGDATA = e("CURLOPT_DEBUGDATA", 10095, Object.class);
    public static final EasyOption<CurlXferInfoFunction> CURLOPT_XFERINFOFUNCTION =
            e("CURLOPT_XFERINFOFUNCTION", 20219, CurlXferInfoFunction.class);
    public static final EasyOption<Object> CURLOPT_XFERINFODATA = e("CURLOPT_XFERINFODATA", 10057, Object.class);
    public static final EasyOption<Long> CURLOPT_NOPROGRESS = e("CURLOPT_NOPROGRESS", 43, Long.class);
    public static final EasyOption<CurlSeekFunction> CURLOPT_SEEKFUNCTION =
            e("CURLOPT_SEEKFUNCTION", 20167, CurlSeekFunction.class);
    public static final EasyOption<Object> CURLOPT_SEEKDATA = e("CURLOPT_SEEKDATA", 10168, Object.class);

    /** The {@code Referer:} header to send. */
    public static final EasyOption<String> CURLOPT_REFERER = e("CURLOPT_REFERER", 10016, String.class);
    /** A byte range to ask for, "X-Y" or a list "X-Y,N-M" ({@code Range: bytes=...}). */
    public static final EasyOption<String> CURLOPT_RANGE = e("CURLOPT_RANGE", 10007, String.class);
    /** Resume a download (or an upload) at this offset; -1 for an upload means "from the start again". */
    public static final EasyOption<Long> CURLOPT_RESUME_FROM_LARGE = e("CURLOPT_RESUME_FROM_LARGE", 30116, Long.class);
    public static final EasyOption<Long> CURLOPT_RESUME_FROM = e("CURLOPT_RESUME_FROM", 21, Long.class);
    /** Fail with {@code CURLE_HTTP_RETURNED_ERROR} on a response code of 400 or more, before the body. */
    public static final EasyOption<Long> CURLOPT_FAILONERROR = e("CURLOPT_FAILONERROR", 45, Long.class);
    /** {@code CURL_HTTP_VERSION_1_0} sends HTTP/1.0 requests; NONE and 1_1 send HTTP/1.1. */
    public static final EasyOption<Long> CURLOPT_HTTP_VERSION = e("CURLOPT_HTTP_VERSION", 84, Long.class);
    /** One of the {@code CURL_TIMECOND_*} values. */
    public static final EasyOption<Long> CURLOPT_TIMECONDITION = e("CURLOPT_TIMECONDITION", 33, Long.class);
    /** Seconds since the epoch, for {@link #CURLOPT_TIMECONDITION}. */
    public static final EasyOption<Long> CURLOPT_TIMEVALUE = e("CURLOPT_TIMEVALUE", 34, Long.class);
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
    public static final EasyOption<String> CURLOPT_USERNAME = e("CURLOPT_USERNAME", 10173, String.class);
    public static final EasyOption<String> CURLOPT_PASSWORD = e("CURLOPT_PASSWORD", 10174, String.class);
    /** The most body bytes to accept; more fails with {@code CURLE_FILESIZE_EXCEEDED}. 0: no limit. */
    public static final EasyOption<Long> CURLOPT_MAXFILESIZE_LARGE = e("CURLOPT_MAXFILESIZE_LARGE", 30117, Long.class);
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

    /** Not supported yet: setting it answers {@code CURLE_UNKNOWN_OPTION}. */
    public static final EasyOption<Long> CURLOPT_FOLLOWLOCATION = e("CURLOPT_FOLLOWLOCATION", 52, Long.class);
    /** Not supported yet: setting it answers {@code CURLE_UNKNOWN_OPTION}. */
    public static final EasyOption<String> CURLOPT_PROXY = e("CURLOPT_PROXY", 10004, String.class);
    /** Not supported yet: setting it answers {@code CURLE_UNKNOWN_OPTION}. */
    public static final EasyOption<String> CURLOPT_ACCEPT_ENCODING = e("CURLOPT_ACCEPT_ENCODING", 10102, String.class);

    // ---- transfer information ----------------------------------------------------------

    private static <T> EasyInfo<T> i(String name, int code, Class<T> type) {
        return new EasyInfo<>(name, code, type);
    }

    private static final int STRING = 0x100000;
    private static final int LONG = 0x200000;
    private static final int OFF_T = 0x600000;

    public static final EasyInfo<String> CURLINFO_EFFECTIVE_URL = i("CURLINFO_EFFECTIVE_URL", STRING + 1, String.class);
    public static final EasyInfo<Long> CURLINFO_RESPONSE_CODE = i("CURLINFO_RESPONSE_CODE", LONG + 2, Long.class);
    public static final EasyInfo<Long> CURLINFO_SIZE_UPLOAD_T = i("CURLINFO_SIZE_UPLOAD_T", OFF_T + 7, Long.class);
    public static final EasyInfo<Long> CURLINFO_SIZE_DOWNLOAD_T = i("CURLINFO_SIZE_DOWNLOAD_T", OFF_T + 8, Long.class);
    /** Bytes per second. */
    public static final EasyInfo<Long> CURLINFO_SPEED_DOWNLOAD_T = i("CURLINFO_SPEED_DOWNLOAD_T", OFF_T + 9, Long.class);
    public static final EasyInfo<Long> CURLINFO_SPEED_UPLOAD_T = i("CURLINFO_SPEED_UPLOAD_T", OFF_T + 10, Long.class);
    public static final EasyInfo<Long> CURLINFO_HEADER_SIZE = i("CURLINFO_HEADER_SIZE", LONG + 11, Long.class);
    public static final EasyInfo<Long> CURLINFO_REQUEST_SIZE = i("CURLINFO_REQUEST_SIZE", LONG + 12, Long.class);
    public static final EasyInfo<Long> CURLINFO_CONTENT_LENGTH_DOWNLOAD_T =
            i("CURLINFO_CONTENT_LENGTH_DOWNLOAD_T", OFF_T + 15, Long.class);
    public static final EasyInfo<String> CURLINFO_CONTENT_TYPE = i("CURLINFO_CONTENT_TYPE", STRING + 18, String.class);
    public static final EasyInfo<Object> CURLINFO_PRIVATE = i("CURLINFO_PRIVATE", STRING + 21, Object.class);
    public static final EasyInfo<Long> CURLINFO_NUM_CONNECTS = i("CURLINFO_NUM_CONNECTS", LONG + 26, Long.class);
    public static final EasyInfo<String> CURLINFO_PRIMARY_IP = i("CURLINFO_PRIMARY_IP", STRING + 32, String.class);
    public static final EasyInfo<Long> CURLINFO_PRIMARY_PORT = i("CURLINFO_PRIMARY_PORT", LONG + 40, Long.class);
    public static final EasyInfo<String> CURLINFO_LOCAL_IP = i("CURLINFO_LOCAL_IP", STRING + 41, String.class);
    public static final EasyInfo<Long> CURLINFO_LOCAL_PORT = i("CURLINFO_LOCAL_PORT", LONG + 42, Long.class);
    /** One of the {@code CURL_HTTP_VERSION_*} values; 0 before a response arrived. */
    public static final EasyInfo<Long> CURLINFO_HTTP_VERSION = i("CURLINFO_HTTP_VERSION", LONG + 46, Long.class);
    public static final EasyInfo<String> CURLINFO_SCHEME = i("CURLINFO_SCHEME", STRING + 49, String.class);
    /** Microseconds, as all {@code *_TIME_T} values. */
    public static final EasyInfo<Long> CURLINFO_TOTAL_TIME_T = i("CURLINFO_TOTAL_TIME_T", OFF_T + 50, Long.class);
    public static final EasyInfo<Long> CURLINFO_NAMELOOKUP_TIME_T = i("CURLINFO_NAMELOOKUP_TIME_T", OFF_T + 51, Long.class);
    public static final EasyInfo<Long> CURLINFO_CONNECT_TIME_T = i("CURLINFO_CONNECT_TIME_T", OFF_T + 52, Long.class);
    public static final EasyInfo<Long> CURLINFO_PRETRANSFER_TIME_T =
            i("CURLINFO_PRETRANSFER_TIME_T", OFF_T + 53, Long.class);
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
    /** Where a 3xx response's {@code Location} points (resolved against the URL), or null. */
    public static final EasyInfo<String> CURLINFO_REDIRECT_URL = i("CURLINFO_REDIRECT_URL", STRING + 31, String.class);
    /** The method of the last request sent. */
    public static final EasyInfo<String> CURLINFO_EFFECTIVE_METHOD =
            i("CURLINFO_EFFECTIVE_METHOD", STRING + 58, String.class);
    /** Microseconds from the start until the TLS handshake was done; 0 without TLS. */
    public static final EasyInfo<Long> CURLINFO_APPCONNECT_TIME_T =
            i("CURLINFO_APPCONNECT_TIME_T", OFF_T + 56, Long.class);
    /** The peer verification result, OpenSSL's X509_V_* numbers (0 = ok; docs/TLS.md lists them). */
    public static final EasyInfo<Long> CURLINFO_SSL_VERIFYRESULT = i("CURLINFO_SSL_VERIFYRESULT", LONG + 13, Long.class);
}
