package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLOPT_DEFAULT_PROTOCOL;
import static dev.hiper.curl.Curl.CURLOPT_HAPROXYPROTOCOL;
import static dev.hiper.curl.Curl.CURLOPT_HAPROXY_CLIENT_IP;
import static dev.hiper.curl.Curl.CURLOPT_HTTP_TRANSFER_DECODING;
import static dev.hiper.curl.Curl.CURLOPT_PATH_AS_IS;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.EasyOption;
import dev.hiper.internal.url.CurlUrl;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The easy options that change bytes on the wire as they are: a chunked body handed on with its
 * framing ({@code CURLOPT_HTTP_TRANSFER_DECODING}), the path sent without removing dot segments
 * ({@code CURLOPT_PATH_AS_IS}), and the HAProxy PROXY line a new connection starts with
 * ({@code CURLOPT_HAPROXYPROTOCOL}, {@code CURLOPT_HAPROXY_CLIENT_IP}); and the scheme a URL
 * without one is given ({@code CURLOPT_DEFAULT_PROTOCOL}). libcurl's defaults.
 */
public final class WireOptions {
    /** Sets one of these options; the value is of the option's type (or null: libcurl's default). */
    interface Setter {
        CurlCode set(WireOptions w, Object v);
    }

    static final Map<EasyOption<?>, Setter> SETTERS = new IdentityHashMap<>();

    static {
        SETTERS.put(CURLOPT_HTTP_TRANSFER_DECODING, (w, v) -> {
            w.transferDecoding = v == null || (Long) v != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_PATH_AS_IS, (w, v) -> {
            w.pathAsIs = v != null && (Long) v != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_DEFAULT_PROTOCOL, (w, v) -> {
            w.defaultProtocol = (String) v;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_HAPROXYPROTOCOL, (w, v) -> {
            w.haproxy = v != null && (Long) v != 0;
            return CurlCode.CURLE_OK;
        });
        SETTERS.put(CURLOPT_HAPROXY_CLIENT_IP, (w, v) -> {
            w.haproxyClientIp = (String) v;
            w.haproxy = v != null; // as libcurl: naming the client turns the protocol on
            return CurlCode.CURLE_OK;
        });
    }

    /** CURLOPT_HTTP_TRANSFER_DECODING (default on). */
    public boolean transferDecoding = true;
    /** CURLOPT_PATH_AS_IS. */
    public boolean pathAsIs;
    /** CURLOPT_DEFAULT_PROTOCOL, or null (the scheme is guessed from the host name). */
    public String defaultProtocol;
    /** CURLOPT_HAPROXYPROTOCOL. */
    public boolean haproxy;
    /** CURLOPT_HAPROXY_CLIENT_IP, or null. */
    public String haproxyClientIp;

    WireOptions copy() {
        WireOptions w = new WireOptions();
        w.transferDecoding = transferDecoding;
        w.pathAsIs = pathAsIs;
        w.haproxy = haproxy;
        w.haproxyClientIp = haproxyClientIp;
        w.defaultProtocol = defaultProtocol;
        return w;
    }

    /** The URL to parse: with {@code CURLOPT_DEFAULT_PROTOCOL}'s scheme in front when it has none, as libcurl. */
    public String withDefaultProtocol(String url) {
        return defaultProtocol != null && !CurlUrl.hasScheme(url) ? defaultProtocol + "://" + url : url;
    }
}
