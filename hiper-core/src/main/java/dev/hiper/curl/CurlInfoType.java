package dev.hiper.curl;

/** The kinds of trace data given to a {@link CurlDebugFunction} ({@code curl_infotype}). */
public enum CurlInfoType {
    CURLINFO_TEXT,
    CURLINFO_HEADER_IN,
    CURLINFO_HEADER_OUT,
    CURLINFO_DATA_IN,
    CURLINFO_DATA_OUT,
    CURLINFO_SSL_DATA_IN,
    CURLINFO_SSL_DATA_OUT
}
