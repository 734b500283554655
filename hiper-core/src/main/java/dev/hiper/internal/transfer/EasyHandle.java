package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlDebugFunction;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlHeaderFunction;
import dev.hiper.curl.CurlReadFunction;
import dev.hiper.curl.CurlSeekFunction;
import dev.hiper.curl.CurlWriteFunction;
import dev.hiper.curl.CurlXferInfoFunction;
import dev.hiper.curl.EasyInfo;
import dev.hiper.curl.EasyOption;
import dev.hiper.internal.http.HttpAuth;
import dev.hiper.internal.cookie.CookieEngine;
import dev.hiper.internal.share.ShareData;
import dev.hiper.internal.decode.DecoderChain;
import dev.hiper.internal.http.RedirectPolicy;
import dev.hiper.internal.conn.tls.TlsOptions;
import dev.hiper.internal.multi.MultiEngine;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The state behind one {@link CurlEasy}: its options, the information about its last
 * transfer, and the multi it is added to.
 *
 * <p>Options are plain fields read by the transfer; {@link #setopt} validates through one table
 * of setters, so an option missing from the table is {@code CURLE_UNKNOWN_OPTION}.
 */
public final class EasyHandle {
    public final CurlEasy api;

    // ---- options ----
    public String url;
    public Object privateData;
    public CurlWriteFunction writeFunction;
    public Object writeData;
    public CurlHeaderFunction headerFunction;
    public Object headerData;
    public CurlReadFunction readFunction;
    public Object readData;
    public List<String> httpHeaders;
    public String customRequest;
    public boolean noBody;
    public boolean post;
    public byte[] postFields;
    public long postFieldSize = -1;
    public boolean upload;
    public long inFileSize = -1;
    public String userAgent;
    public long connectTimeoutMs;
    public long timeoutMs;
    public boolean forbidReuse;
    public boolean freshConnect;
    /** CURLOPT_PIPEWAIT: wait for a connection that may multiplex rather than open another. */
    public boolean pipeWait;
    public boolean tcpNoDelay = true;
    public List<String> resolve;
    public boolean verbose;
    public boolean noProgress = true;
    public boolean failOnError;
    public long httpVersion;
    public String username;
    public String password;
    /** CURLOPT_NETRC (CURL_NETRC_IGNORED, _OPTIONAL, _REQUIRED) and CURLOPT_NETRC_FILE (null: the default). */
    public long netrc;
    /** Per request, not an option: what the .netrc file gives the request's host, or null. */
    public dev.hiper.internal.http.Netrc.Credentials netrcCredentials;
    public long httpAuth = CURLAUTH_BASIC;
    /** CURLOPT_FOLLOWLOCATION: 0, or one of the CURLFOLLOW_* modes. */
    public long followLocation;
    public long maxRedirs = 30;
    /** CURLOPT_REDIR_PROTOCOLS_STR, parsed: the schemes a redirect may lead to. */
    public Set<String> redirProtocols = RedirectPolicy.DEFAULT_PROTOCOLS;
    /** The TLS options (CURLOPT_SSL_*, CAINFO, SSLCERT, ...). */
    public TlsOptions tls = TlsOptions.DEFAULTS;
    /** {@code CURLOPT_MAX_RECV_SPEED_LARGE}, {@code MAX_SEND_SPEED_LARGE}, {@code LOW_SPEED_LIMIT}, {@code LOW_SPEED_TIME}. */
    SpeedControl.Limits speed = SpeedControl.Limits.NONE;
    /** CURLOPT_ACCEPT_ENCODING ("" already made the list of every coding); null: no decoding. */
    public String acceptEncoding;
    /** CURLOPT_HTTP_CONTENT_DECODING (default on). */
    public boolean contentDecoding = true;
    /** CURLOPT_HTTP_TRANSFER_DECODING, CURLOPT_PATH_AS_IS, CURLOPT_HAPROXYPROTOCOL and its client address. */
    public WireOptions wire = new WireOptions();
    /** CURLOPT_COOKIE. */
    public String cookie;
    /** The cookie engine: its options (files, jar, session) and the cookies, which a reset keeps. */
    public final CookieEngine cookies = new CookieEngine();
    /** {@code CURLOPT_SHARE}: the data this handle shares with others, or null. */
    public ShareData share;
    /** The proxy options (CURLOPT_PROXY and its companions). */
    public ProxyOptions proxy = ProxyOptions.DEFAULTS;
    /** The options most handles never set, shared defaults until one is set. */
    public SeldomOptions seldom = SeldomOptions.DEFAULTS;
    public long connectOnly;
    public long wsOptions;
    /** The WebSocket of the running transfer, or the one a CONNECT_ONLY transfer left open. */
    public final WsCalls.Held ws = new WsCalls.Held();

    // ---- information about the last transfer ----
    public final TransferInfo info = new TransferInfo();
    public String errorBuffer = "";

    // ---- where it is ----
    /** The multi it is added to, or null. */
    public MultiEngine multi;
    /** Its current transfer while added. */
    public Transfer transfer;
    /** What its last transfer leaves to the next (parser, parsed URL, request head); made on first use. */
    TransferReuse reuse;

    /** The proxy's authentication state in the running transfer (forwarded requests and CONNECT share it). */
    public dev.hiper.internal.http.HttpAuth proxyAuthState() {
        return reuse.proxyAuth;
    }

    /** The handle's own {@link #seldom} options, to change: made from the shared defaults on the first change. */
    public SeldomOptions own() {
        return seldom = seldom.writable();
    }

    public EasyHandle(CurlEasy api) {
        this.api = api;
    }

    /** Copies every option (not the information, not the multi) into {@code to}. */
    public void copyOptionsTo(EasyHandle to) {
        to.url = url;
        to.privateData = privateData;
        to.writeFunction = writeFunction;
        to.writeData = writeData;
        to.headerFunction = headerFunction;
        to.headerData = headerData;
        to.readFunction = readFunction;
        to.readData = readData;
        to.httpHeaders = httpHeaders;
        to.customRequest = customRequest;
        to.noBody = noBody;
        to.post = post;
        to.postFields = postFields;
        to.postFieldSize = postFieldSize;
        to.upload = upload;
        to.inFileSize = inFileSize;
        to.userAgent = userAgent;
        to.connectTimeoutMs = connectTimeoutMs;
        to.timeoutMs = timeoutMs;
        to.forbidReuse = forbidReuse;
        to.freshConnect = freshConnect;
        to.pipeWait = pipeWait;
        to.tcpNoDelay = tcpNoDelay;
        to.resolve = resolve;
        to.verbose = verbose;
        to.noProgress = noProgress;
        to.failOnError = failOnError;
        to.httpVersion = httpVersion;
        to.username = username;
        to.password = password;
        to.netrc = netrc;
        to.httpAuth = httpAuth;
        to.followLocation = followLocation;
        to.maxRedirs = maxRedirs;
        to.redirProtocols = redirProtocols;
        to.tls = tls.forAnotherHandle();
        to.speed = speed.forAnotherHandle();
        to.acceptEncoding = acceptEncoding;
        to.contentDecoding = contentDecoding;
        to.wire = wire.copy();
        to.cookie = cookie;
        cookies.copyOptionsTo(to.cookies);
        to.proxy = proxy.forAnotherHandle();
        to.seldom = seldom.forAnotherHandle();
        to.connectOnly = connectOnly;
        to.wsOptions = wsOptions;
    }

    /** Sets every option back to its default ({@code curl_easy_reset}). */
    public void resetOptions() {
        new EasyHandle(api).copyOptionsTo(this);
        info.clear();
        errorBuffer = "";
    }

    public CurlCode setopt(EasyOption<?> option, Object value) {
        Setter s = SETTERS.get(option);
        ProxyOptions.Setter ps = s == null ? ProxyOptions.SETTERS.get(option) : null;
        TlsOptions.Setter ts = s == null && ps == null ? TlsOptions.SETTERS.get(option) : null;
        WireOptions.Setter ws = s == null && ps == null && ts == null ? WireOptions.SETTERS.get(option) : null;
        if (s == null && ps == null && ts == null && ws == null) {
            return CurlCode.CURLE_UNKNOWN_OPTION;
        }
        if (value != null && !option.type().isInstance(value)) {
            return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
        }
        if (ws != null) {
            return ws.set(wire, value);
        }
        if (ts != null) {
            tls = tls.writable();
            return ts.set(tls, value);
        }
        return s != null ? s.set(this, value) : ps.set(proxy = proxy.writable(), value);
    }

    public Object getinfo(EasyInfo<?> key) {
        Function<EasyHandle, Object> g = InfoGetters.MAP.get(key);
        if (g == null) {
            g = ProxyOptions.GETTERS.get(key);
        }
        return g == null ? null : g.apply(this);
    }

    public static boolean supports(EasyInfo<?> key) {
        return InfoGetters.MAP.containsKey(key) || ProxyOptions.GETTERS.containsKey(key);
    }

    // ---- the tables ----

    @FunctionalInterface
    private interface Setter {
        CurlCode set(EasyHandle h, Object v);
    }

    private static final Map<EasyOption<?>, Setter> SETTERS = new IdentityHashMap<>();

    private static boolean on(Object v) {
        return v != null && (Long) v != 0;
    }

    private static long num(Object v, long dflt) {
        return v == null ? dflt : (Long) v;
    }

    private static CurlCode nonNegative(Object v) {
        return v != null && (Long) v < 0 ? CurlCode.CURLE_BAD_FUNCTION_ARGUMENT : CurlCode.CURLE_OK;
    }

    /** Sets a speed option (negative values refused, as libcurl does). */
    private static CurlCode speed(Object v, Runnable set) {
        CurlCode c = nonNegative(v);
        if (c == CurlCode.CURLE_OK) {
            set.run();
        }
        return c;
    }

    private static void put(EasyOption<?> o, Setter s) {
        SETTERS.put(o, s);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object v) {
        return v == null ? null : List.copyOf((List<String>) v);
    }

    static {
        put(CURLOPT_URL, (h, v) -> { h.url = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_PRIVATE, (h, v) -> { h.privateData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_WRITEFUNCTION, (h, v) -> { h.writeFunction = (CurlWriteFunction) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_WRITEDATA, (h, v) -> { h.writeData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_HEADERFUNCTION, (h, v) -> { h.headerFunction = (CurlHeaderFunction) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_HEADERDATA, (h, v) -> { h.headerData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_READFUNCTION, (h, v) -> { h.readFunction = (CurlReadFunction) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_READDATA, (h, v) -> { h.readData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SEEKFUNCTION, (h, v) -> { h.own().seekFunction = (CurlSeekFunction) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_SEEKDATA, (h, v) -> { h.own().seekData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_HTTPHEADER, (h, v) -> { h.httpHeaders = list(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_CUSTOMREQUEST, (h, v) -> { h.customRequest = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_NOBODY, (h, v) -> {
            h.noBody = on(v);
            if (h.noBody) {
                h.upload = false;
            }
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_HTTPGET, (h, v) -> {
            if (on(v)) {
                h.noBody = false;
                h.upload = false;
                h.post = false;
            }
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_POST, (h, v) -> {
            h.post = on(v);
            if (h.post) {
                h.upload = false;
                h.noBody = false;
            }
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_POSTFIELDS, (h, v) -> {
            h.postFields = (byte[]) v;
            h.post = true;
            h.upload = false;
            h.noBody = false;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_COPYPOSTFIELDS, (h, v) -> {
            byte[] bytes = v == null ? null : ((String) v).getBytes(StandardCharsets.UTF_8);
            if (bytes != null && h.postFieldSize >= 0 && h.postFieldSize < bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, (int) h.postFieldSize);
            }
            h.postFields = bytes;
            h.post = true;
            h.upload = false;
            h.noBody = false;
            return CurlCode.CURLE_OK;
        });
        Setter postSize = (h, v) -> {
            if (v != null && (Long) v < -1) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.postFieldSize = num(v, -1);
            return CurlCode.CURLE_OK;
        };
        put(CURLOPT_POSTFIELDSIZE_LARGE, postSize);
        put(CURLOPT_POSTFIELDSIZE, postSize);
        put(CURLOPT_UPLOAD, (h, v) -> {
            h.upload = on(v);
            if (h.upload) {
                h.noBody = false;
                h.post = false;
            }
            return CurlCode.CURLE_OK;
        });
        Setter inSize = (h, v) -> {
            if (v != null && (Long) v < -1) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.inFileSize = num(v, -1);
            return CurlCode.CURLE_OK;
        };
        put(CURLOPT_INFILESIZE_LARGE, inSize);
        put(CURLOPT_INFILESIZE, inSize);
        put(CURLOPT_USERAGENT, (h, v) -> { h.userAgent = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_CONNECTTIMEOUT_MS, (h, v) -> {
            CurlCode c = nonNegative(v);
            if (c == CurlCode.CURLE_OK) {
                h.connectTimeoutMs = num(v, 0);
            }
            return c;
        });
        put(CURLOPT_CONNECTTIMEOUT, (h, v) -> {
            CurlCode c = nonNegative(v);
            if (c == CurlCode.CURLE_OK) {
                h.connectTimeoutMs = Math.multiplyExact(num(v, 0), 1000L);
            }
            return c;
        });
        put(CURLOPT_TIMEOUT_MS, (h, v) -> {
            CurlCode c = nonNegative(v);
            if (c == CurlCode.CURLE_OK) {
                h.timeoutMs = num(v, 0);
            }
            return c;
        });
        put(CURLOPT_TIMEOUT, (h, v) -> {
            CurlCode c = nonNegative(v);
            if (c == CurlCode.CURLE_OK) {
                h.timeoutMs = Math.multiplyExact(num(v, 0), 1000L);
            }
            return c;
        });
        put(CURLOPT_EXPECT_100_TIMEOUT_MS, (h, v) -> {
            CurlCode c = nonNegative(v);
            if (c == CurlCode.CURLE_OK) {
                h.own().expect100TimeoutMs = num(v, 1000);
            }
            return c;
        });
        put(CURLOPT_FORBID_REUSE, (h, v) -> { h.forbidReuse = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_FRESH_CONNECT, (h, v) -> { h.freshConnect = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_PIPEWAIT, (h, v) -> { h.pipeWait = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_TCP_NODELAY, (h, v) -> { h.tcpNoDelay = v == null || on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_RESOLVE, (h, v) -> { h.resolve = list(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_IPRESOLVE, (h, v) -> {
            long r = num(v, 0);
            if (r < 0 || r > 2) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.own().ipResolve = r;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_VERBOSE, (h, v) -> { h.verbose = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_DEBUGFUNCTION, (h, v) -> { h.own().debugFunction = (CurlDebugFunction) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_DEBUGDATA, (h, v) -> { h.own().debugData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_XFERINFOFUNCTION, (h, v) -> {
            h.own().xferInfoFunction = (CurlXferInfoFunction) v;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_XFERINFODATA, (h, v) -> { h.own().xferInfoData = v; return CurlCode.CURLE_OK; });
        put(CURLOPT_NOPROGRESS, (h, v) -> { h.noProgress = v == null || on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_REFERER, (h, v) -> { h.own().referer = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_RANGE, (h, v) -> { h.own().range = (String) v; return CurlCode.CURLE_OK; });
        Setter resume = (h, v) -> { h.own().resumeFrom = num(v, 0); return CurlCode.CURLE_OK; };
        put(CURLOPT_RESUME_FROM_LARGE, resume);
        put(CURLOPT_RESUME_FROM, resume);
        put(CURLOPT_FAILONERROR, (h, v) -> { h.failOnError = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_HTTP_VERSION, (h, v) -> {
            long ver = num(v, 0);
            if (ver < CURL_HTTP_VERSION_NONE || ver > CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE) {
                return CurlCode.CURLE_UNSUPPORTED_PROTOCOL;
            }
            h.httpVersion = ver;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_TIMECONDITION, (h, v) -> {
            long c = num(v, 0);
            if (c < CURL_TIMECOND_NONE || c > CURL_TIMECOND_LASTMOD) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.own().timeCondition = c;
            return CurlCode.CURLE_OK;
        });
        Setter timeValue = (h, v) -> { h.own().timeValue = num(v, 0); return CurlCode.CURLE_OK; };
        put(CURLOPT_TIMEVALUE, timeValue);
        put(CURLOPT_TIMEVALUE_LARGE, timeValue);
        put(CURLOPT_HTTP09_ALLOWED, (h, v) -> { h.own().http09Allowed = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_REQUEST_TARGET, (h, v) -> { h.own().requestTarget = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_IGNORE_CONTENT_LENGTH, (h, v) -> { h.own().ignoreContentLength = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_USERPWD, (h, v) -> {
            String up = (String) v;
            if (up == null) {
                h.username = null;
                h.password = null;
            } else {
                int colon = up.indexOf(':');
                h.username = colon < 0 ? up : up.substring(0, colon);
                h.password = colon < 0 ? "" : up.substring(colon + 1);
            }
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_USERNAME, (h, v) -> { h.username = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_PASSWORD, (h, v) -> { h.password = (String) v; return CurlCode.CURLE_OK; });
        Setter maxFile = (h, v) -> {
            CurlCode c = nonNegative(v);
            if (c == CurlCode.CURLE_OK) {
                h.own().maxFileSize = num(v, 0);
            }
            return c;
        };
        put(CURLOPT_MAXFILESIZE_LARGE, maxFile);
        put(CURLOPT_MAX_RECV_SPEED_LARGE, (h, v) -> speed(v, () -> (h.speed = h.speed.writable()).maxRecv = num(v, 0)));
        put(CURLOPT_MAX_SEND_SPEED_LARGE, (h, v) -> speed(v, () -> (h.speed = h.speed.writable()).maxSend = num(v, 0)));
        put(CURLOPT_LOW_SPEED_LIMIT, (h, v) -> speed(v, () -> (h.speed = h.speed.writable()).lowSpeedLimit = num(v, 0)));
        put(CURLOPT_LOW_SPEED_TIME, (h, v) -> speed(v, () -> (h.speed = h.speed.writable()).lowSpeedTime = num(v, 0)));
        put(CURLOPT_MAXFILESIZE, maxFile);
        put(CURLOPT_CONNECT_TO, (h, v) -> { h.own().connectTo = list(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_INTERFACE, (h, v) -> { h.own().interfaceName = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_UNIX_SOCKET_PATH, (h, v) -> { h.own().unixSocketPath = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_ABSTRACT_UNIX_SOCKET, (h, v) -> v == null ? CurlCode.CURLE_OK : CurlCode.CURLE_NOT_BUILT_IN);
        put(CURLOPT_NETRC, (h, v) -> {
            long mode = v == null ? CURL_NETRC_IGNORED : (Long) v;
            if (mode < CURL_NETRC_IGNORED || mode > CURL_NETRC_REQUIRED) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.netrc = mode;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_NETRC_FILE, (h, v) -> { h.own().netrcFile = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_HTTPAUTH, (h, v) -> {
            // as a libcurl built without NTLM and Negotiate: their bits are switched off
            long usable = HttpAuth.usable(num(v, CURLAUTH_BASIC));
            if (usable < 0) {
                h.errorBuffer = "CURLOPT_HTTPAUTH: NTLM and Negotiate are not built in";
                return CurlCode.CURLE_NOT_BUILT_IN;
            }
            h.httpAuth = usable;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_XOAUTH2_BEARER, (h, v) -> { h.own().bearer = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_AWS_SIGV4, (h, v) -> {
            h.own().awsSigV4 = (String) v;
            if (v != null) {
                h.httpAuth = CURLAUTH_AWS_SIGV4; // as libcurl: it replaces the schemes asked for
            }
            return CurlCode.CURLE_OK;
        });
        redirectSetters();
        put(CURLOPT_ACCEPT_ENCODING, (h, v) -> {
            h.acceptEncoding = "".equals(v) ? DecoderChain.acceptable() : (String) v;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_HTTP_CONTENT_DECODING, (h, v) -> { h.contentDecoding = v == null || on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_TRANSFER_ENCODING, (h, v) -> { h.own().transferEncoding = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_COOKIE, (h, v) -> { h.cookie = (String) v; return CurlCode.CURLE_OK; });
        put(CURLOPT_COOKIEFILE, (h, v) -> { h.cookies.addFile((String) v); return CurlCode.CURLE_OK; });
        put(CURLOPT_COOKIEJAR, (h, v) -> { h.cookies.setJar((String) v); return CurlCode.CURLE_OK; });
        put(CURLOPT_COOKIESESSION, (h, v) -> { h.cookies.setSession(on(v)); return CurlCode.CURLE_OK; });
        put(CURLOPT_COOKIELIST, (h, v) -> h.cookies.command((String) v, System.currentTimeMillis() / 1000));
        put(CURLOPT_CONNECT_ONLY, WsCalls::connectOnly);
        put(CURLOPT_WS_OPTIONS, (h, v) -> { h.wsOptions = num(v, 0); return CurlCode.CURLE_OK; });
        put(CURLOPT_MIME_OPTIONS, (h, v) -> { h.own().mimeOptions = num(v, 0); return CurlCode.CURLE_OK; });

    }

    /** The redirect options (libcurl's ranges: a mode 0..3, a limit of -1 or more, three POST bits). */
    private static void redirectSetters() {
        put(CURLOPT_FOLLOWLOCATION, (h, v) -> {
            long mode = num(v, 0);
            if (mode < 0 || mode > CURLFOLLOW_FIRSTONLY) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.followLocation = mode;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_MAXREDIRS, (h, v) -> {
            long n = num(v, 30);
            if (n < -1) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.maxRedirs = n;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_POSTREDIR, (h, v) -> {
            long bits = num(v, 0);
            if (bits < 0) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.own().postRedir = bits & CURL_REDIR_POST_ALL;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_REDIR_PROTOCOLS_STR, (h, v) -> {
            if (v == null) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            Set<String> set = RedirectPolicy.parseProtocols((String) v);
            if (set == null) {
                return CurlCode.CURLE_UNSUPPORTED_PROTOCOL;
            }
            if (set.isEmpty()) {
                return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
            }
            h.redirProtocols = set;
            return CurlCode.CURLE_OK;
        });
        put(CURLOPT_UNRESTRICTED_AUTH, (h, v) -> { h.own().unrestrictedAuth = on(v); return CurlCode.CURLE_OK; });
        put(CURLOPT_AUTOREFERER, (h, v) -> { h.own().autoReferer = on(v); return CurlCode.CURLE_OK; });
    }
}
