package dev.hiper.cli.args;

import java.util.ArrayList;
import java.util.List;

/**
 * One group of URLs and the options that apply to them: the whole command line, or one part of
 * it between {@code --next}s. Immutable; every text is a byte string (one char per byte), as
 * given.
 */
public final class Operation {
    /** curl's HttpReq: the request kind the options asked for. */
    public enum RequestKind {
        UNSPEC(""), GET("GET (-G, --get)"), HEAD("HEAD (-I, --head)"), MIMEPOST("multipart formpost (-F, --form)"),
        SIMPLEPOST("POST (-d, --data)"), PUT("PUT (-T, --upload-file)");

        private final String label;

        RequestKind(String label) {
            this.label = label;
        }

        /** curl's warning when a command line asks for this kind after {@code chosen}. */
        public String conflictWith(RequestKind chosen) {
            return "You can only select one HTTP request method! You asked for both " + label + " and "
                    + chosen.label + ".";
        }
    }

    /** {@code -z}: the condition on the document's time. */
    public enum TimeCond { NONE, IF_MODIFIED_SINCE, IF_UNMODIFIED_SINCE, LAST_MODIFIED }

    /** What to do with an existing output file. */
    public enum Clobber { DEFAULT, ALWAYS, NEVER }

    public final List<UrlNode> urls;
    /** {@code -X}, or null. */
    public final String customRequest;
    /** {@code -H} lines, in order. */
    public final List<String> headers;
    /** {@code -A}: null for the default, "" for none. */
    public final String userAgent;
    /** {@code -e}, or null. */
    public final String referer;
    public final boolean autoReferer;
    /** {@code -d} and friends, joined; null when none. */
    public final String postFields;
    /** Whether {@code --json} was used. */
    public final boolean json;
    /** {@code -F} and {@code --form-string}: the multipart's root (a group), or null; {@code --form-escape}. */
    public final FormPart form;
    public final boolean formEscape;
    public final RequestKind requestKind;
    /** {@code -G}. */
    public final boolean useGet;
    /** {@code -I}. */
    public final boolean noBody;
    /** {@code -r}, or null. */
    public final String range;
    /** {@code -C} was given. */
    public final boolean useResume;
    public final long resumeFrom;
    /** {@code -C -}. */
    public final boolean resumeFromCurrent;
    public final TimeCond timeCond;
    /** Seconds since the epoch, for {@link #timeCond}. */
    public final long condTime;
    /** One of the {@code CURL_HTTP_VERSION_*} values. */
    public final long httpVersion;
    public final boolean http09Allowed;
    public final String requestTarget;
    /** {@code --expect100-timeout} in ms, or -1. */
    public final long expect100TimeoutMs;
    public final boolean noKeepalive;
    /** {@code --max-filesize}, 0 for none. */
    public final long maxFilesize;
    /** {@code --limit-rate} in bytes a second, both ways; 0 for none. */
    public final long limitRate;
    /** {@code -Y}/{@code --speed-limit} and {@code -y}/{@code --speed-time}, 0 when not given. */
    public final long speedLimit;
    public final long speedTime;
    public final boolean ignoreContentLength;
    public final boolean raw;
    /** {@code --compressed}: ask for every coding hiper decodes, and decode it. */
    public final boolean compressed;
    /** {@code --tr-encoding}: ask for a compressed transfer coding, and decode it. */
    public final boolean trEncoding;
    /** {@code -b name=value}: joined with "; " into CURLOPT_COOKIE. */
    public final List<String> cookies;
    /** {@code -b FILE}: each a CURLOPT_COOKIEFILE. */
    public final List<String> cookieFiles;
    /** {@code -c FILE}: CURLOPT_COOKIEJAR. */
    public final String cookieJar;
    /** {@code -j}: CURLOPT_COOKIESESSION. */
    public final boolean cookieSession;
    public final boolean pathAsIs;
    /** --haproxy-protocol, --haproxy-clientip. */
    public final boolean haproxyProtocol;
    public final String haproxyClientIp;
    public final boolean crlf;
    public final List<String> resolve;
    public final List<String> connectTo;
    /** The proxy options ({@code -x}, {@code --socks5}, {@code -U}, ...). */
    public final ProxyConfig proxy;
    public final String iface;
    /** {@code --unix-socket}: the Unix domain socket to connect to, or null. */
    public final String unixSocket;
    /** {@code CURL_IPRESOLVE_*}. */
    public final long ipVersion;
    public final long connectTimeoutMs;
    public final long timeoutMs;
    /** {@code -u}, or null. */
    public final String userpwd;
    /** The {@code CURLAUTH_*} schemes asked for ({@code --basic}, {@code --anyauth}, {@code --oauth2-bearer}); 0: the default. */
    public final long authType;
    /** {@code --oauth2-bearer}. */
    public final String bearer;
    /** {@code --aws-sigv4}. */
    public final String awsSigV4;
    public final boolean netrc;
    public final boolean netrcOptional;
    public final String netrcFile;
    public final boolean failOnError;
    public final boolean failWithBody;
    public final long retry;
    public final long retryDelayMs;
    public final long retryMaxTimeMs;
    public final boolean retryAllErrors;
    public final boolean retryConnRefused;
    public final String etagSave;
    public final String etagCompare;
    /** {@code -J}. */
    public final boolean contentDisposition;
    public final boolean remoteTime;
    public final boolean removeOnError;
    public final boolean skipExisting;
    public final Clobber clobber;
    /** {@code -i}. */
    public final boolean showHeaders;
    /** {@code -D}, or null. */
    public final String headerFile;
    /** {@code -w}, or null. */
    public final String writeOut;
    public final String outputDir;
    public final boolean createDirs;
    public final boolean globoff;
    /** {@code --url-query} parts joined with {@code &}, or null. */
    public final String query;
    public final String protoDefault;
    public final boolean tcpNodelay;
    /** 0: do not follow; 1 {@code -L}; 2 {@code --follow}. */
    public final int followLocation;
    public final long maxRedirs;
    /** {@code --location-trusted}: credentials go to every host a redirect leads to. */
    public final boolean unrestrictedAuth;
    /** {@code --post301}, {@code --post302}, {@code --post303} as {@code CURL_REDIR_POST_*} bits. */
    public final long postRedir;
    /** {@code --proto-redir}: the schemes a redirect may lead to, comma-separated, or null. */
    public final String protoRedir;
    /** Whether --proto leaves HTTP allowed. */
    public final boolean protoHttp;
    /** Whether --proto leaves HTTPS allowed. */
    public final boolean protoHttps;
    /** TLS (docs/TLS.md): {@code -k}, {@code --cacert}, {@code --capath}, {@code --cert}, ... */
    public final boolean insecure;
    public final String cacert;
    public final String capath;
    public final String cert;
    public final String certType;
    public final String key;
    public final String keyType;
    public final String keyPasswd;
    public final String pinnedPubKey;
    public final String ciphers;
    public final String tls13Ciphers;
    /** {@code --tlsv1.x}: a {@code CURL_SSLVERSION_*} minimum; {@code --tls-max}: a {@code CURL_SSLVERSION_MAX_*}. */
    public final long sslVersion;
    public final long sslVersionMax;
    public final boolean noAlpn;

    Operation(Builder b) {
        List<UrlNode> nodes = new ArrayList<>();
        for (UrlNode.Builder n : b.urls) {
            nodes.add(n.build());
        }
        urls = List.copyOf(nodes);
        customRequest = b.customRequest;
        headers = List.copyOf(b.headers);
        userAgent = b.userAgent;
        referer = b.referer;
        autoReferer = b.autoReferer;
        postFields = b.postFields;
        json = b.json;
        form = b.formRoot;
        formEscape = b.formEscape;
        requestKind = b.requestKind;
        useGet = b.useGet;
        noBody = b.noBody;
        range = b.range;
        useResume = b.useResume;
        resumeFrom = b.resumeFrom;
        resumeFromCurrent = b.resumeFromCurrent;
        timeCond = b.timeCond;
        condTime = b.condTime;
        httpVersion = b.httpVersion;
        http09Allowed = b.http09Allowed;
        requestTarget = b.requestTarget;
        expect100TimeoutMs = b.expect100TimeoutMs;
        noKeepalive = b.noKeepalive;
        maxFilesize = b.maxFilesize;
        limitRate = b.limitRate;
        speedLimit = b.speedLimit;
        speedTime = b.speedTime;
        ignoreContentLength = b.ignoreContentLength;
        raw = b.raw;
        compressed = b.compressed;
        trEncoding = b.trEncoding;
        cookies = List.copyOf(b.cookies);
        cookieFiles = List.copyOf(b.cookieFiles);
        cookieJar = b.cookieJar;
        cookieSession = b.cookieSession;
        pathAsIs = b.pathAsIs;
        haproxyProtocol = b.haproxyProtocol;
        haproxyClientIp = b.haproxyClientIp;
        crlf = b.crlf;
        resolve = List.copyOf(b.resolve);
        connectTo = List.copyOf(b.connectTo);
        proxy = b.proxy.copy();
        iface = b.iface;
        unixSocket = b.unixSocket;
        ipVersion = b.ipVersion;
        connectTimeoutMs = b.connectTimeoutMs;
        timeoutMs = b.timeoutMs;
        userpwd = b.userpwd;
        authType = b.authType;
        bearer = b.bearer;
        awsSigV4 = b.awsSigV4;
        netrc = b.netrc;
        netrcOptional = b.netrcOptional;
        netrcFile = b.netrcFile;
        failOnError = b.failOnError;
        failWithBody = b.failWithBody;
        retry = b.retry;
        retryDelayMs = b.retryDelayMs;
        retryMaxTimeMs = b.retryMaxTimeMs;
        retryAllErrors = b.retryAllErrors;
        retryConnRefused = b.retryConnRefused;
        etagSave = b.etagSave;
        etagCompare = b.etagCompare;
        contentDisposition = b.contentDisposition;
        remoteTime = b.remoteTime;
        removeOnError = b.removeOnError;
        skipExisting = b.skipExisting;
        clobber = b.clobber;
        showHeaders = b.showHeaders;
        headerFile = b.headerFile;
        writeOut = b.writeOut;
        outputDir = b.outputDir;
        createDirs = b.createDirs;
        globoff = b.globoff;
        query = b.query;
        protoDefault = b.protoDefault;
        tcpNodelay = b.tcpNodelay;
        followLocation = b.followLocation;
        maxRedirs = b.maxRedirs;
        unrestrictedAuth = b.unrestrictedAuth;
        postRedir = b.postRedir;
        protoRedir = b.protoRedir;
        protoHttp = b.protoHttp;
        protoHttps = b.protoHttps;
        insecure = b.insecure;
        cacert = b.cacert;
        capath = b.capath;
        cert = b.cert;
        certType = b.certType;
        key = b.key;
        keyType = b.keyType;
        keyPasswd = b.keyPasswd;
        pinnedPubKey = b.pinnedPubKey;
        ciphers = b.ciphers;
        tls13Ciphers = b.tls13Ciphers;
        sslVersion = b.sslVersion;
        sslVersionMax = b.sslVersionMax;
        noAlpn = b.noAlpn;
    }

    /** The mutable twin the parser fills. */
    static final class Builder {
        final List<UrlNode.Builder> urls = new ArrayList<>();
        String customRequest;
        final List<String> headers = new ArrayList<>();
        String userAgent;
        String referer;
        boolean autoReferer;
        String postFields;
        boolean json;
        FormPart formRoot;
        FormPart formCurrent;
        boolean formEscape;
        RequestKind requestKind = RequestKind.UNSPEC;
        boolean useGet;
        boolean noBody;
        String range;
        boolean useResume;
        long resumeFrom;
        boolean resumeFromCurrent;
        TimeCond timeCond = TimeCond.NONE;
        long condTime;
        long httpVersion;
        boolean http09Allowed;
        String requestTarget;
        long expect100TimeoutMs = -1;
        boolean noKeepalive;
        long maxFilesize;
        long limitRate;
        long speedLimit;
        long speedTime;
        boolean ignoreContentLength;
        boolean raw;
        boolean compressed;
        boolean trEncoding;
        final List<String> cookies = new ArrayList<>();
        final List<String> cookieFiles = new ArrayList<>();
        String cookieJar;
        boolean cookieSession;
        boolean pathAsIs;
        boolean haproxyProtocol;
        String haproxyClientIp;
        boolean crlf;
        final List<String> resolve = new ArrayList<>();
        final List<String> connectTo = new ArrayList<>();
        final ProxyConfig proxy = new ProxyConfig();
        String iface;
        String unixSocket;
        long ipVersion;
        long connectTimeoutMs;
        long timeoutMs;
        String userpwd;
        long authType;
        String bearer;
        String awsSigV4;
        boolean netrc;
        boolean netrcOptional;
        String netrcFile;
        boolean failOnError;
        boolean failWithBody;
        long retry;
        long retryDelayMs;
        long retryMaxTimeMs;
        boolean retryAllErrors;
        boolean retryConnRefused;
        String etagSave;
        String etagCompare;
        boolean contentDisposition;
        boolean remoteTime;
        boolean removeOnError;
        boolean skipExisting;
        Clobber clobber = Clobber.DEFAULT;
        boolean showHeaders;
        String headerFile;
        String writeOut;
        String outputDir;
        boolean createDirs;
        boolean globoff;
        String query;
        String protoDefault;
        boolean tcpNodelay = true;
        int followLocation;
        long maxRedirs = 50;
        boolean unrestrictedAuth;
        long postRedir;
        String protoRedir;
        boolean protoHttp = true;
        boolean protoHttps = true;
        boolean insecure;
        String cacert;
        String capath;
        String cert;
        String certType;
        String key;
        String keyType;
        String keyPasswd;
        String pinnedPubKey;
        String ciphers;
        String tls13Ciphers;
        long sslVersion;
        long sslVersionMax;
        boolean noAlpn;
        boolean remoteNameAll;
        // where the next -o, --url and -T land (curl's url_out, url_get, url_ul)
        int outCursor;
        int urlCursor;
        int uploadCursor;
        int numUrls;

        Operation build() {
            return new Operation(this);
        }

        boolean hasUrl() {
            for (UrlNode.Builder n : urls) {
                if (n.url != null) {
                    return true;
                }
            }
            return false;
        }

        UrlNode.Builder newNode() {
            UrlNode.Builder n = new UrlNode.Builder();
            if (remoteNameAll) {
                n.useRemote = true;
            }
            urls.add(n);
            return n;
        }
    }
}
