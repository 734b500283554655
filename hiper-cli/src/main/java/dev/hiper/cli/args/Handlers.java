package dev.hiper.cli.args;

import static dev.hiper.cli.args.OptionValues.*;
import static dev.hiper.curl.Curl.*;

import java.util.Set;

/**
 * What each option does to the configuration, as curl's opt_bool, opt_none and opt_filestring
 * do. An option whose feature hiper lacks answers {@link ParamError#LIBCURL_DOESNT_SUPPORT}, as
 * curl answers for a feature its libcurl was built without.
 */
final class Handlers {
    private Handlers() {
    }

    /** Options hiper knows but whose feature it lacks. */
    private static final Set<String> UNSUPPORTED_STRING = Set.of("abstract-unix-socket", "alt-svc",
            "create-file-mode", "delegation", "dns-interface", "dns-ipv4-addr",
            "dns-ipv6-addr", "dns-servers", "doh-url", "ftp-account",
            "ftp-alternative-to-user", "ftp-method", "ftp-port", "happy-eyeballs-timeout-ms",
            "hostpubmd5", "hostpubsha256", "ip-tos", "ipfs-gateway", "keepalive-cnt", "keepalive-time", "krb", "krb4",
            "libcurl", "local-port", "login-options", "mail-auth", "mail-from", "mail-rcpt",
            "pubkey", "quote", "rate", "sasl-authzid", "service-name", "socks5-gssapi-service",
            "telnet-option", "tftp-blksize", "upload-flags",
            "vlan-priority", "proxy-service-name");
    private static final Set<String> UNSUPPORTED_BOOL = Set.of("ntlm", "ntlm-wb", "negotiate",
            "compressed-ssh", "xattr", "tcp-fastopen", "mptcp", "socks5-basic",
            "socks5-gssapi", "socks5-gssapi-nec", "disallow-username-in-url", "proxy-http2", "proxy-negotiate", "proxy-ntlm");
    /** Switches of other protocols and of proxies: meaningless for HTTP, accepted as curl accepts them. */
    private static final Set<String> OTHER_PROTOCOL_BOOL = Set.of("append", "use-ascii", "list-only", "ftp-create-dirs",
            "ftp-pret", "ftp-skip-pasv-ip", "disable-eprt", "disable-epsv", "eprt", "epsv", "sasl-ir",
            "mail-rcpt-allowfails", "tftp-no-options",
            "sessionid", "npn", "buffer", "styled-output", "disable");

    // ---- options with a value ----

    static ParamError string(ArgParser p, OptionTable.Spec spec, String v) {
        Operation.Builder op = p.op();
        GlobalConfig.Builder g = p.global();
        String name = spec.name();
        if (ProxyConfig.STRINGS.contains(name)) {
            return op.proxy.string(name, v);
        }
        if (UNSUPPORTED_STRING.contains(name)) {
            return ParamError.LIBCURL_DOESNT_SUPPORT;
        }
        switch (name) {
            case "cookie":
                // curl's tool: a value with '=' is cookie content, anything else a file to read
                if (v.indexOf('=') >= 0) {
                    op.cookies.add(v);
                } else {
                    op.cookieFiles.add(v);
                }
                return ParamError.OK;
            case "cookie-jar":
                op.cookieJar = v;
                return ParamError.OK;
            case "aws-sigv4":
                op.authType |= CURLAUTH_AWS_SIGV4;
                op.awsSigV4 = v;
                return ParamError.OK;
            case "haproxy-clientip":
                op.haproxyClientIp = v;
                return ParamError.OK;
            case "oauth2-bearer":
                op.bearer = v;
                op.authType |= CURLAUTH_BEARER;
                return ParamError.OK;
            case "url":
                return Urls.url(p, v);
            case "output":
                return Urls.output(p, v);
            case "upload-file":
                return Urls.upload(p, v);
            case "header":
                return header(p, v);
            case "proxy-pass":
                return ParamError.OK;
            case "request":
                if (v.isEmpty()) {
                    return ParamError.BLANK_STRING;
                }
                op.customRequest = v;
                return ParamError.OK;
            case "user-agent":
                op.userAgent = v;
                return ParamError.OK;
            case "referer": {
                String r = v;
                if (r.endsWith(";auto")) {
                    op.autoReferer = true;
                    r = r.substring(0, r.length() - 5);
                } else {
                    op.autoReferer = false;
                }
                op.referer = r.isEmpty() ? null : r;
                return ParamError.OK;
            }
            case "data":
            case "data-ascii":
            case "data-binary":
            case "data-raw":
            case "data-urlencode":
            case "json":
                return Data.set(p, name, v);
            case "url-query":
                return Data.urlQuery(p, v);
            case "form":
            case "form-string":
                return !FormParser.parse(p, v, name.equals("form-string"))
                        || setRequest(p, Operation.RequestKind.MIMEPOST) ? ParamError.BAD_USE : ParamError.OK;
            case "dump-header":
                return blank(v) ? ParamError.BLANK_STRING : set(() -> op.headerFile = v);
            case "write-out":
                return writeOut(p, v);
            case "output-dir":
                return blank(v) ? ParamError.BLANK_STRING : set(() -> op.outputDir = v);
            case "continue-at":
                return continueAt(p, v);
            case "range":
                return range(p, v);
            case "time-cond":
                return timeCond(p, v);
            case "max-time":
                return secs(v, ms -> op.timeoutMs = ms);
            case "connect-timeout":
                return secs(v, ms -> op.connectTimeoutMs = ms);
            case "expect100-timeout":
                return secs(v, ms -> op.expect100TimeoutMs = ms);
            case "retry":
                return unum(v, n -> op.retry = n);
            case "retry-delay":
                return secs(v, ms -> op.retryDelayMs = ms);
            case "retry-max-time":
                return secs(v, ms -> op.retryMaxTimeMs = ms);
            case "max-filesize":
                return size(p, v, "max-filesize", n -> op.maxFilesize = n);
            case "limit-rate":
                return size(p, v, "rate", n -> op.limitRate = n);
            case "speed-limit":
                return unum(v, n -> op.speedLimit = n);
            case "speed-time":
                return unum(v, n -> op.speedTime = n);
            case "max-redirs": {
                Long n = number(v);
                if (n == null || n < -1) {
                    return ParamError.BAD_NUMERIC;
                }
                op.maxRedirs = n;
                return ParamError.OK;
            }
            case "resolve":
                op.resolve.add(v);
                return ParamError.OK;
            case "connect-to":
                op.connectTo.add(v);
                return ParamError.OK;
            case "unix-socket":
                return blank(v) ? ParamError.BLANK_STRING : set(() -> op.unixSocket = v);
            case "interface":
                return blank(v) ? ParamError.BLANK_STRING : set(() -> op.iface = v);
            case "netrc-file":
                return blank(v) ? ParamError.BLANK_STRING : set(() -> op.netrcFile = v);
            case "user":
                op.userpwd = v;
                return ParamError.OK;
            case "pass":
                op.keyPasswd = v;
                return ParamError.OK;
            case "cacert":
                op.cacert = v;
                return ParamError.OK;
            case "capath":
                op.capath = v;
                return ParamError.OK;
            case "cert":
                certAndPassword(op, v);
                return ParamError.OK;
            case "cert-type":
                op.certType = v;
                return ParamError.OK;
            case "key":
                op.key = v;
                return ParamError.OK;
            case "key-type":
                op.keyType = v;
                return ParamError.OK;
            case "pinnedpubkey":
                op.pinnedPubKey = v;
                return ParamError.OK;
            case "ciphers":
                op.ciphers = v;
                return ParamError.OK;
            case "tls13-ciphers":
                op.tls13Ciphers = v;
                return ParamError.OK;
            case "tls-max":
                switch (v) {
                    case "default" -> op.sslVersionMax = CURL_SSLVERSION_MAX_DEFAULT;
                    case "1.0" -> op.sslVersionMax = CURL_SSLVERSION_MAX_TLSv1_0;
                    case "1.1" -> op.sslVersionMax = CURL_SSLVERSION_MAX_TLSv1_1;
                    case "1.2" -> op.sslVersionMax = CURL_SSLVERSION_MAX_TLSv1_2;
                    case "1.3" -> op.sslVersionMax = CURL_SSLVERSION_MAX_TLSv1_3;
                    default -> {
                        return ParamError.BAD_USE;
                    }
                }
                return ParamError.OK;
            case "etag-save":
            case "etag-compare":
                if (op.numUrls > 1) {
                    p.errorf("The etag options only work on a single URL");
                    return ParamError.BAD_USE;
                }
                if (blank(v)) {
                    return ParamError.BLANK_STRING;
                }
                if (name.equals("etag-save")) {
                    op.etagSave = v;
                } else {
                    op.etagCompare = v;
                }
                return ParamError.OK;
            case "request-target":
                return blank(v) ? ParamError.BLANK_STRING : set(() -> op.requestTarget = v);
            case "variable":
                return p.variables().set(v);
            case "config": {
                ParamError e = p.parseConfigFile(v, false);
                if (e == ParamError.READ_ERROR) {
                    p.errorf("cannot read config from '" + v + "'");
                }
                return e;
            }
            case "stderr":
                g.stderrFile = v;
                return ParamError.OK;
            case "trace":
            case "trace-ascii": {
                if (blank(v)) {
                    return ParamError.BLANK_STRING;
                }
                GlobalConfig.Trace t = name.equals("trace") ? GlobalConfig.Trace.BINARY : GlobalConfig.Trace.ASCII;
                if (g.trace != GlobalConfig.Trace.NONE && g.trace != t) {
                    p.warnf("--" + name + " overrides an earlier trace/verbose option");
                }
                g.trace = t;
                g.traceFile = v;
                return ParamError.OK;
            }
            case "trace-config":
                return ParamError.OK;
            case "parallel-max":
                return unum(v, n -> g.parallelMax = n > GlobalConfig.PARALLEL_MAX ? GlobalConfig.PARALLEL_MAX
                        : n < 1 ? GlobalConfig.PARALLEL_DEFAULT : (int) n);
            case "parallel-max-host":
                return unum(v, n -> g.parallelHost = n > GlobalConfig.PARALLEL_HOST_MAX ? GlobalConfig.PARALLEL_HOST_MAX
                        : n < 1 ? 0 : (int) n);
            case "proto-default":
                if (!v.equals("http") && !v.equals("https")) {
                    p.warnf("unrecognized protocol '" + v + "'");
                    return ParamError.LIBCURL_UNSUPPORTED_PROTOCOL;
                }
                op.protoDefault = v;
                return ParamError.OK;
            case "proto":
                return proto(p, v);
            case "proto-redir":
                return protoRedir(p, v);
            case "egd-file":
            case "random-file":
                p.warnf("--" + name + " is deprecated and has no function anymore");
                return ParamError.OK;
            default:
                return ParamError.LIBCURL_DOESNT_SUPPORT;
        }
    }

    // ---- switches ----

    static ParamError bool(ArgParser p, OptionTable.Spec spec, boolean on) {
        Operation.Builder op = p.op();
        GlobalConfig.Builder g = p.global();
        String name = spec.name();
        if (UNSUPPORTED_BOOL.contains(name)) {
            return on ? ParamError.LIBCURL_DOESNT_SUPPORT : ParamError.OK;
        }
        if (OTHER_PROTOCOL_BOOL.contains(name)) {
            return ParamError.OK;
        }
        if (ProxyConfig.SWITCHES.contains(name)) {
            return op.proxy.bool(name, on);
        }
        switch (name) {
            case "silent" -> g.silent = on;
            case "insecure" -> op.insecure = on;
            case "alpn" -> op.noAlpn = !on;
            case "show-error" -> g.showError = on;
            case "verbose" -> {
                if (on) {
                    if (g.trace != GlobalConfig.Trace.NONE && g.trace != GlobalConfig.Trace.VERBOSE) {
                        p.warnf("-v, --verbose overrides an earlier trace option");
                    }
                    g.trace = GlobalConfig.Trace.VERBOSE;
                    g.traceFile = "%";
                } else if (g.trace == GlobalConfig.Trace.VERBOSE) {
                    g.trace = GlobalConfig.Trace.NONE;
                    g.traceFile = null;
                }
            }
            case "progress-bar" -> g.progressBar = on;
            case "progress-meter" -> g.noProgress = !on;
            case "parallel" -> g.parallel = on;
            case "parallel-immediate" -> g.parallelImmediate = on;
            case "fail-early" -> g.failEarly = on;
            case "trace-time" -> g.traceTime = on;
            case "trace-ids" -> g.traceIds = on;
            case "fail" -> {
                op.failOnError = on;
                if (op.failOnError && op.failWithBody) {
                    p.warnf("--fail deselects --fail-with-body here");
                    op.failWithBody = false;
                }
            }
            case "fail-with-body" -> {
                op.failWithBody = on;
                if (op.failOnError && op.failWithBody) {
                    p.warnf("--fail-with-body deselects --fail here");
                    op.failOnError = false;
                }
            }
            case "include", "show-headers" -> op.showHeaders = on;
            case "head" -> {
                op.noBody = on;
                op.showHeaders = on;
                if (setRequest(p, on ? Operation.RequestKind.HEAD : Operation.RequestKind.GET)) {
                    return ParamError.BAD_USE;
                }
            }
            case "get" -> op.useGet = on;
            case "globoff" -> op.globoff = on;
            case "remote-name" -> {
                return Urls.remoteName(p, on);
            }
            case "remote-name-all" -> op.remoteNameAll = on;
            case "remote-header-name" -> op.contentDisposition = on;
            case "remote-time" -> op.remoteTime = on;
            case "remove-on-error" -> {
                if (op.useResume && on) {
                    p.errorf("--continue-at is mutually exclusive with --remove-on-error");
                    return ParamError.BAD_USE;
                }
                op.removeOnError = on;
            }
            case "skip-existing" -> op.skipExisting = on;
            case "clobber" -> {
                if (op.useResume && !on) {
                    p.errorf("--continue-at is mutually exclusive with --no-clobber");
                    return ParamError.BAD_USE;
                }
                op.clobber = on ? Operation.Clobber.ALWAYS : Operation.Clobber.NEVER;
            }
            case "create-dirs" -> op.createDirs = on;
            case "netrc" -> op.netrc = on;
            case "netrc-optional" -> op.netrcOptional = on;
            case "http0.9" -> op.http09Allowed = on;
            case "ignore-content-length" -> op.ignoreContentLength = on;
            case "raw" -> op.raw = on;
            case "compressed" -> op.compressed = on;
            case "junk-session-cookies" -> op.cookieSession = on;
            case "tr-encoding" -> op.trEncoding = on;
            case "path-as-is" -> op.pathAsIs = on;
            case "haproxy-protocol" -> op.haproxyProtocol = on;
            case "crlf" -> op.crlf = on;
            case "keepalive" -> op.noKeepalive = !on;
            case "tcp-nodelay" -> op.tcpNodelay = on;
            case "retry-all-errors" -> op.retryAllErrors = on;
            case "retry-connrefused" -> op.retryConnRefused = on;
            case "out-null" -> {
                return Urls.output(p, null);
            }
            case "help" -> {
                return on ? ParamError.HELP_REQUESTED : ParamError.OK;
            }
            case "version" -> {
                return on ? ParamError.VERSION_INFO_REQUESTED : ParamError.OK;
            }
            case "manual" -> {
                return on ? ParamError.MANUAL_REQUESTED : ParamError.OK;
            }
            case "metalink", "false-start" -> p.warnf("--" + name + " is deprecated and has no function anymore");
            case "test-duphandle", "test-event" -> {
                return ParamError.OPTION_UNKNOWN;
            }
            case "anyauth" -> {
                if (on) {
                    op.authType = CURLAUTH_ANY;
                }
            }
            case "location-trusted", "location" -> {
                // curl's tool: --location-trusted is --location that also sends credentials on
                if (name.equals("location-trusted")) {
                    op.unrestrictedAuth = on;
                }
                if (op.followLocation == 2) {
                    p.warnf("--location overrides --follow");
                }
                op.followLocation = on ? 1 : 0;
            }
            case "follow" -> {
                if (op.followLocation == 1) {
                    p.warnf("--follow overrides --location");
                }
                op.followLocation = on ? 2 : 0;
            }
            case "post301" -> op.postRedir = on ? op.postRedir | CURL_REDIR_POST_301 : op.postRedir & ~CURL_REDIR_POST_301;
            case "post302" -> op.postRedir = on ? op.postRedir | CURL_REDIR_POST_302 : op.postRedir & ~CURL_REDIR_POST_302;
            case "form-escape" -> op.formEscape = on;
            case "post303" -> op.postRedir = on ? op.postRedir | CURL_REDIR_POST_303 : op.postRedir & ~CURL_REDIR_POST_303;
            case "basic" -> op.authType = on ? op.authType | CURLAUTH_BASIC : op.authType & ~CURLAUTH_BASIC;
            case "digest" -> op.authType = on ? op.authType | CURLAUTH_DIGEST : op.authType & ~CURLAUTH_DIGEST;
            default -> {
                return ParamError.LIBCURL_DOESNT_SUPPORT;
            }
        }
        return ParamError.OK;
    }

    /** curl's SetHTTPrequest: true (after a warning) when another kind was already chosen. */
    static boolean setRequest(ArgParser p, Operation.RequestKind kind) {
        Operation.Builder op = p.op();
        if (op.requestKind == Operation.RequestKind.UNSPEC || op.requestKind == kind) {
            op.requestKind = kind;
            return false;
        }
        p.warnf(kind.conflictWith(op.requestKind));
        return true;
    }

    // ---- options without a value ----

    static ParamError none(ArgParser p, OptionTable.Spec spec) {
        Operation.Builder op = p.op();
        switch (spec.name()) {
            case "http1.0" -> httpVersion(p, CURL_HTTP_VERSION_1_0);
            case "http1.1" -> httpVersion(p, CURL_HTTP_VERSION_1_1);
            case "http2" -> httpVersion(p, CURL_HTTP_VERSION_2_0);
            case "http2-prior-knowledge" -> httpVersion(p, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
            case "ipv4" -> op.ipVersion = CURL_IPRESOLVE_V4;
            case "ipv6" -> op.ipVersion = CURL_IPRESOLVE_V6;
            case "tlsv1" -> op.sslVersion = CURL_SSLVERSION_TLSv1;
            case "tlsv1.0" -> op.sslVersion = CURL_SSLVERSION_TLSv1_0;
            case "tlsv1.1" -> op.sslVersion = CURL_SSLVERSION_TLSv1_1;
            case "tlsv1.2" -> op.sslVersion = CURL_SSLVERSION_TLSv1_2;
            case "tlsv1.3" -> op.sslVersion = CURL_SSLVERSION_TLSv1_3;
            case "sslv2" -> p.warnf("Ignores instruction to use SSLv2");
            case "sslv3" -> p.warnf("Ignores instruction to use SSLv3");
            case "next" -> {
                return ParamError.NEXT_OPERATION;
            }
            case "ftp-pasv" -> {
                return ParamError.OK;
            }
            default -> {
                return ParamError.LIBCURL_DOESNT_SUPPORT;
            }
        }
        return ParamError.OK;
    }

    /** curl's sethttpver: the last of --http1.0, --http1.1, --http2, --http2-prior-knowledge wins, with a warning. */
    private static void httpVersion(ArgParser p, long version) {
        Operation.Builder op = p.op();
        if (op.httpVersion != 0 && op.httpVersion != version) {
            p.warnf("Overrides previous HTTP version option");
        }
        op.httpVersion = version;
    }
}
