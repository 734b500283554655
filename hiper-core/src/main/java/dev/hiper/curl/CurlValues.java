package dev.hiper.curl;

import java.util.List;

/**
 * The root of {@link Curl}'s constant classes: the factories of option and information keys, and
 * libcurl's value constants ({@code CURL_HTTP_VERSION_*}, {@code CURLAUTH_*} and the like),
 * inherited by {@link Curl}. {@code Curl} gathers libcurl's names in one class for
 * {@code import static dev.hiper.curl.Curl.*}; they are declared in a chain of classes
 * ({@code CurlValues}, {@code CurlInfos}, {@code CurlHttpOptions}, then {@code Curl} itself) so
 * that no file grows past a reader's reach.
 */
abstract class CurlValues {
    /** The type of a {@code curl_slist} value. */
    @SuppressWarnings("unchecked")
    static final Class<List<String>> STRING_LIST = (Class<List<String>>) (Class<?>) List.class;
    /** libcurl's {@code CURLINFO_STRING}: the type bits of a string information key. */
    static final int STRING = 0x100000;
    /** libcurl's {@code CURLINFO_LONG}. */
    static final int LONG = 0x200000;
    /** libcurl's {@code CURLINFO_OFF_T}. */
    static final int OFF_T = 0x600000;

    static <T> MultiOption<T> m(String name, int code, Class<T> type) {
        return new MultiOption<>(name, code, type);
    }

    static <T> EasyOption<T> e(String name, int code, Class<T> type) {
        return new EasyOption<>(name, code, type);
    }

    static <T> EasyInfo<T> i(String name, int code, Class<T> type) {
        return new EasyInfo<>(name, code, type);
    }

    CurlValues() {
    }

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
     * {@code CURLAUTH_DIGEST}: Digest (RFC 7616: MD5, SHA-256, SHA-512-256, their -sess variants,
     * qop auth, userhash); alone, the first request goes without credentials to get the nonce.
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
     * {@code CURLAUTH_DIGEST_IE}: Digest as old Internet Explorer did it: the URI in the answer
     * leaves out the query.
     */
    public static final long CURLAUTH_DIGEST_IE = 1 << 4;
    /** {@code CURLAUTH_BEARER}: an OAuth 2.0 bearer token, from {@code CURLOPT_XOAUTH2_BEARER}. */
    public static final long CURLAUTH_BEARER = 1 << 6;
    /**
     * {@code CURLAUTH_AWS_SIGV4}: AWS V4 signatures, with {@code CURLOPT_AWS_SIGV4}'s parameter
     * ("aws:amz" when it is not set).
     */
    public static final long CURLAUTH_AWS_SIGV4 = 1 << 7;
    /**
     * {@code CURLAUTH_ONLY}: libcurl's modifier bit: OR-ed with one scheme, the request asks first
     * (no credentials) and answers only a challenge of that scheme.
     */
    public static final long CURLAUTH_ONLY = 1L << 31;
    /**
     * {@code CURLAUTH_ANY}: every scheme; hiper asks first and picks the strongest the 401's
     * challenges offer of its own: Bearer, then Digest, then Basic (NTLM and Negotiate never).
     */
    public static final long CURLAUTH_ANY = ~CURLAUTH_DIGEST_IE & 0xFFFFFFFFL;
    /** {@code CURLAUTH_ANYSAFE}: every scheme but Basic; of hiper's, that leaves Bearer and Digest. */
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
}
