package dev.hiper.curl;

/** The kinds of trace data given to a {@link CurlDebugFunction} ({@code curl_infotype}). */
public enum CurlInfoType {
    /** Informational text: what {@code curl -v} shows after {@code "* "}. */
    CURLINFO_TEXT,
    /** Header data received from the server. */
    CURLINFO_HEADER_IN,
    /** Header data sent to the server. */
    CURLINFO_HEADER_OUT,
    /** Body data received from the server. */
    CURLINFO_DATA_IN,
    /** Body data sent to the server; hiper does not trace it yet. */
    CURLINFO_DATA_OUT,
    /** TLS protocol data received from the server; hiper does not trace it yet. */
    CURLINFO_SSL_DATA_IN,
    /** TLS protocol data sent to the server; hiper does not trace it yet. */
    CURLINFO_SSL_DATA_OUT
}
