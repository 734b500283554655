package dev.hiper.internal.transfer;

import dev.hiper.internal.conn.Connection;

/** What {@code curl_easy_getinfo} reports about a handle's last transfer. */
public final class TransferInfo {
    public String effectiveUrl;
    public int responseCode;
    public long sizeUpload;
    public long sizeDownload;
    public long headerSize;
    public long requestSize;
    public long contentLength = -1;
    public String contentType;
    public long numConnects;
    public String primaryIp;
    public long primaryPort;
    public String localIp;
    public long localPort;
    public long httpVersion;
    public String scheme;
    public long totalUs;
    public long namelookupUs;
    public long connectUs;
    public long pretransferUs;
    public long starttransferUs;
    public boolean conditionUnmet;
    public String effectiveMethod;
    /** The Referer of the last request (CURLINFO_REFERER). */
    public String referer;
    public String redirectUrl;
    public long httpAuthAvail;
    public long appconnectUs;
    public long sslVerifyResult;
    /** CURLINFO_TLS_SSL_PTR. */
    public javax.net.ssl.SSLSession sslSession;
    public long redirectCount;
    public long redirectUs;
    /** CURLINFO_HTTP_CONNECTCODE and CURLINFO_PROXY_ERROR. */
    public long connectCode;
    public long proxyError;
    public long proxySslVerifyResult;
    /** CURLINFO_PROXYAUTH_AVAIL: the schemes the proxy's last 407 offered. */
    public long proxyAuthAvail;
    /** The bytes of the CONNECT replies' heads: part of CURLINFO_HEADER_SIZE. */
    public long connectHeaderBytes;
    /** CURLINFO_HTTPAUTH_USED and CURLINFO_PROXYAUTH_USED: the schemes the last request answered with. */
    public long httpAuthUsed;
    public long proxyAuthUsed;

    /** CURLINFO_EFFECTIVE_URL: {@code url}, or the handle's {@code given} string where it is the same text. */
    void effectiveUrl(String url, String given) {
        effectiveUrl = url.equals(given) ? given : url;
    }

    /**
     * The addresses of the connection a transfer took; for one from the cache, the connect phases
     * (and the TLS handshake's) are done at {@code nowUs}.
     */
    void connection(Connection c, boolean fromCache, long nowUs) {
        if (c.remote != null) {
            primaryIp = c.remoteIp();
            primaryPort = c.remote.getPort();
        } else if (c.unixPath != null) {
            primaryIp = c.unixPath; // libcurl gives the peer's path, port 0, and an unnamed local side
            primaryPort = 0;
            localIp = "";
            localPort = 0;
        }
        if (c.local != null) {
            localIp = c.localIp();
            localPort = c.local.getPort();
        }
        if (fromCache) {
            namelookupUs = nowUs;
            connectUs = nowUs;
            if (c.filter.isSecure()) {
                appconnectUs = nowUs;
                sslVerifyResult = c.filter.sslVerifyResult();
                sslSession = c.filter.sslSession();
            }
        }
    }

    public void clear() {
        effectiveUrl = null;
        responseCode = 0;
        sizeUpload = 0;
        sizeDownload = 0;
        headerSize = 0;
        requestSize = 0;
        contentLength = -1;
        contentType = null;
        numConnects = 0;
        primaryIp = null;
        primaryPort = 0;
        localIp = null;
        localPort = 0;
        httpVersion = 0;
        scheme = null;
        totalUs = 0;
        namelookupUs = 0;
        connectUs = 0;
        pretransferUs = 0;
        starttransferUs = 0;
        conditionUnmet = false;
        effectiveMethod = null;
        referer = null;
        redirectUrl = null;
        httpAuthAvail = 0;
        appconnectUs = 0;
        sslVerifyResult = 0;
        sslSession = null;
        redirectCount = 0;
        redirectUs = 0;
        connectCode = 0;
        proxyError = 0;
        proxySslVerifyResult = 0;
        proxyAuthAvail = 0;
        connectHeaderBytes = 0;
        httpAuthUsed = 0;
        proxyAuthUsed = 0;
    }

    /** Average bytes per second over the whole transfer, as libcurl computes it. */
    long speed(long bytes) {
        return totalUs <= 0 ? 0 : (long) (bytes * 1_000_000.0 / totalUs);
    }
}
