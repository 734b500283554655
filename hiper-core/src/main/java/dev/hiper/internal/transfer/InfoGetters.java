package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.EasyInfo;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How each {@code CURLINFO_*} key is read from an easy handle ({@code curl_easy_getinfo}); the
 * proxy keys are in {@code ProxyOptions}. A key that is in neither is one this build does not
 * know, and {@code getinfo} answers {@code CURLE_UNKNOWN_OPTION} for it.
 */
final class InfoGetters {
    static final Map<EasyInfo<?>, Function<EasyHandle, Object>> MAP = new IdentityHashMap<>();
    /** Every status code as a Long made once: reading the response code allocates nothing. */
    private static final Long[] CODES = new Long[1000];

    private InfoGetters() {
    }

    private static Long code(int c) {
        return c >= 0 && c < CODES.length ? CODES[c] : Long.valueOf(c);
    }

    static {
        MAP.put(CURLINFO_COOKIELIST, h -> h.cookies.list(System.currentTimeMillis() / 1000));
        MAP.put(CURLINFO_EFFECTIVE_URL, h -> h.info.effectiveUrl != null ? h.info.effectiveUrl : h.url);
        for (int i = 0; i < CODES.length; i++) {
            CODES[i] = (long) i;
        }
        MAP.put(CURLINFO_RESPONSE_CODE, h -> code(h.info.responseCode));
        MAP.put(CURLINFO_SIZE_UPLOAD_T, h -> h.info.sizeUpload);
        MAP.put(CURLINFO_SIZE_DOWNLOAD_T, h -> h.info.sizeDownload);
        MAP.put(CURLINFO_SPEED_DOWNLOAD_T, h -> h.info.speed(h.info.sizeDownload));
        MAP.put(CURLINFO_SPEED_UPLOAD_T, h -> h.info.speed(h.info.sizeUpload));
        MAP.put(CURLINFO_HEADER_SIZE, h -> h.info.headerSize);
        MAP.put(CURLINFO_REQUEST_SIZE, h -> h.info.requestSize);
        MAP.put(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, h -> h.info.contentLength);
        MAP.put(CURLINFO_CONTENT_TYPE, h -> h.info.contentType);
        MAP.put(CURLINFO_PRIVATE, h -> h.privateData);
        MAP.put(CURLINFO_NUM_CONNECTS, h -> h.info.numConnects);
        MAP.put(CURLINFO_PRIMARY_IP, h -> h.info.primaryIp);
        MAP.put(CURLINFO_PRIMARY_PORT, h -> h.info.primaryPort);
        MAP.put(CURLINFO_LOCAL_IP, h -> h.info.localIp);
        MAP.put(CURLINFO_LOCAL_PORT, h -> h.info.localPort);
        MAP.put(CURLINFO_HTTP_VERSION, h -> h.info.httpVersion);
        MAP.put(CURLINFO_SCHEME, h -> h.info.scheme);
        MAP.put(CURLINFO_TOTAL_TIME_T, h -> h.info.totalUs);
        MAP.put(CURLINFO_NAMELOOKUP_TIME_T, h -> h.info.namelookupUs);
        MAP.put(CURLINFO_CONNECT_TIME_T, h -> h.info.connectUs);
        MAP.put(CURLINFO_PRETRANSFER_TIME_T, h -> h.info.pretransferUs);
        MAP.put(CURLINFO_STARTTRANSFER_TIME_T, h -> h.info.starttransferUs);
        MAP.put(CURLINFO_CONDITION_UNMET, h -> h.info.conditionUnmet ? 1L : 0L);
        MAP.put(CURLINFO_EFFECTIVE_METHOD, h -> h.info.effectiveMethod);
        MAP.put(CURLINFO_REFERER, h -> h.info.referer);
        MAP.put(CURLINFO_REDIRECT_URL, h -> h.info.redirectUrl);
        MAP.put(CURLINFO_HTTPAUTH_AVAIL, h -> h.info.httpAuthAvail);
        MAP.put(CURLINFO_HTTPAUTH_USED, h -> h.info.httpAuthUsed);
        MAP.put(CURLINFO_PROXYAUTH_USED, h -> h.info.proxyAuthUsed);
        MAP.put(CURLINFO_APPCONNECT_TIME_T, h -> h.info.appconnectUs);
        MAP.put(CURLINFO_SSL_VERIFYRESULT, h -> h.info.sslVerifyResult);
        MAP.put(CURLINFO_TLS_SSL_PTR, h -> h.info.sslSession);
        MAP.put(CURLINFO_ACTIVESOCKET, WsCalls::activeSocket);
        MAP.put(CURLINFO_REDIRECT_COUNT, h -> h.info.redirectCount);
        MAP.put(CURLINFO_REDIRECT_TIME_T, h -> h.info.redirectUs);
    }
}
