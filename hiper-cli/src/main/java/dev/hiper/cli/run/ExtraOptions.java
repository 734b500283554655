package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;

import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The options that map to engine options beyond the basic set (referer, range, resume, fail,
 * HTTP version, time condition, credentials, ...), kept apart so that
 * {@link ToolTransfer#configure} stays readable; and what the tool derives from the response
 * itself ({@code -R}'s file time, a condition that left the document out).
 */
final class ExtraOptions {
    private ExtraOptions() {
    }

    static void apply(ToolTransfer t, ToolTransfer.Setter set) {
        Operation op = t.op;
        if (op.referer != null) {
            set.str(CURLOPT_REFERER, op.referer);
        }
        if (op.range != null) {
            set.str(CURLOPT_RANGE, op.range);
        }
        if (op.useResume) {
            long from = op.resumeFromCurrent ? (t.uploadFile != null ? -1 : t.resumeFrom) : op.resumeFrom;
            if (from != 0) {
                set.num(CURLOPT_RESUME_FROM_LARGE, from);
            }
        }
        if (op.failOnError) {
            set.num(CURLOPT_FAILONERROR, 1);
        }
        if (op.httpVersion != 0) {
            set.num(CURLOPT_HTTP_VERSION, op.httpVersion);
        }
        if (op.timeCond != Operation.TimeCond.NONE) {
            set.num(CURLOPT_TIMECONDITION, op.timeCond.ordinal());
            set.num(CURLOPT_TIMEVALUE_LARGE, op.condTime);
        }
        if (op.http09Allowed) {
            set.num(CURLOPT_HTTP09_ALLOWED, 1);
        }
        if (op.requestTarget != null) {
            set.str(CURLOPT_REQUEST_TARGET, op.requestTarget);
        }
        if (op.ignoreContentLength) {
            set.num(CURLOPT_IGNORE_CONTENT_LENGTH, 1);
        }
        if (op.compressed) {
            set.str(CURLOPT_ACCEPT_ENCODING, "");
        }
        if (op.raw) {
            set.num(CURLOPT_HTTP_CONTENT_DECODING, 0);
            set.num(CURLOPT_HTTP_TRANSFER_DECODING, 0);
        }
        if (op.protoDefault != null) {
            set.str(CURLOPT_DEFAULT_PROTOCOL, op.protoDefault);
        }
        if (op.pathAsIs) {
            set.num(CURLOPT_PATH_AS_IS, 1);
        }
        if (op.haproxyProtocol) {
            set.num(CURLOPT_HAPROXYPROTOCOL, 1);
        }
        if (op.haproxyClientIp != null) {
            set.str(CURLOPT_HAPROXY_CLIENT_IP, op.haproxyClientIp);
        }
        if (op.trEncoding) {
            set.num(CURLOPT_TRANSFER_ENCODING, 1);
        }
        if (!op.cookies.isEmpty()) {
            set.str(CURLOPT_COOKIE, String.join("; ", op.cookies));
        }
        for (String file : op.cookieFiles) {
            // "-" is the standard input, "" turns the engine on with no file
            set.str(CURLOPT_COOKIEFILE, file.isEmpty() || file.equals("-") ? file : file(t, file));
        }
        if (op.cookieJar != null) {
            set.str(CURLOPT_COOKIEJAR, op.cookieJar.equals("-") ? "-" : file(t, op.cookieJar));
        }
        if (op.cookieSession) {
            set.num(CURLOPT_COOKIESESSION, 1);
        }
        if (op.maxFilesize > 0) {
            set.num(CURLOPT_MAXFILESIZE_LARGE, op.maxFilesize);
        }
        if (op.limitRate > 0) {
            set.num(CURLOPT_MAX_RECV_SPEED_LARGE, op.limitRate);
            set.num(CURLOPT_MAX_SEND_SPEED_LARGE, op.limitRate);
        }
        if (op.speedLimit > 0 || op.speedTime > 0) {
            // as curl: a limit alone is judged over 30 s, a time alone against 1 byte a second
            set.num(CURLOPT_LOW_SPEED_LIMIT, op.speedLimit > 0 ? op.speedLimit : 1);
            set.num(CURLOPT_LOW_SPEED_TIME, op.speedTime > 0 ? op.speedTime : 30);
        }
        ProxyOptions.apply(op.proxy, t.env, t.url, set);
        if (!op.connectTo.isEmpty()) {
            t.easy.setopt(CURLOPT_CONNECT_TO, op.connectTo);
        }
        if (op.unixSocket != null) {
            set.str(CURLOPT_UNIX_SOCKET_PATH, op.unixSocket);
        }
        if (op.iface != null) {
            set.str(CURLOPT_INTERFACE, op.iface);
        }
        redirects(op, set);
        credentials(t, set);
        tls(t, set);
    }

    /** -L, --follow, --max-redirs, --location-trusted, --post30x, --referer ";auto", as curl's config2setopts. */
    private static void redirects(Operation op, ToolTransfer.Setter set) {
        set.num(CURLOPT_FOLLOWLOCATION, op.followLocation);
        set.num(CURLOPT_UNRESTRICTED_AUTH, op.unrestrictedAuth ? 1 : 0);
        set.num(CURLOPT_AUTOREFERER, op.autoReferer ? 1 : 0);
        if (op.postRedir != 0) {
            set.num(CURLOPT_POSTREDIR, op.postRedir);
        }
        set.num(CURLOPT_MAXREDIRS, op.maxRedirs);
        if (op.protoRedir != null) {
            set.str(CURLOPT_REDIR_PROTOCOLS_STR, op.protoRedir);
        }
    }

    /** -u, or the netrc entry for the URL's host (--netrc, --netrc-optional, --netrc-file). */
    /** The TLS options given (curl sets them only then): -k, --cacert, --cert, --tlsv1.x, ... */
    static void tls(ToolTransfer t, ToolTransfer.Setter set) {
        Operation op = t.op;
        if (op.insecure) {
            set.num(CURLOPT_SSL_VERIFYPEER, 0);
            set.num(CURLOPT_SSL_VERIFYHOST, 0);
        }
        if (op.cacert != null) {
            set.str(CURLOPT_CAINFO, file(t, op.cacert));
        }
        if (op.capath != null) {
            set.str(CURLOPT_CAPATH, file(t, op.capath));
        }
        if (op.cert != null) {
            set.str(CURLOPT_SSLCERT, op.cert.regionMatches(true, 0, "pkcs11:", 0, 7) ? op.cert : file(t, op.cert));
        }
        if (op.certType != null) {
            set.str(CURLOPT_SSLCERTTYPE, op.certType);
        }
        if (op.key != null) {
            set.str(CURLOPT_SSLKEY, file(t, op.key));
        }
        if (op.keyType != null) {
            set.str(CURLOPT_SSLKEYTYPE, op.keyType);
        }
        if (op.keyPasswd != null) {
            set.str(CURLOPT_KEYPASSWD, op.keyPasswd);
        }
        if (op.pinnedPubKey != null) {
            set.str(CURLOPT_PINNEDPUBLICKEY, op.pinnedPubKey.startsWith("sha256//") ? op.pinnedPubKey
                    : file(t, op.pinnedPubKey));
        }
        if (op.ciphers != null) {
            set.str(CURLOPT_SSL_CIPHER_LIST, op.ciphers);
        }
        if (op.tls13Ciphers != null) {
            set.str(CURLOPT_TLS13_CIPHERS, op.tls13Ciphers);
        }
        if (op.sslVersion != 0 || op.sslVersionMax != 0) {
            set.num(CURLOPT_SSLVERSION, op.sslVersion | op.sslVersionMax);
        }
        if (op.noAlpn) {
            set.num(CURLOPT_SSL_ENABLE_ALPN, 0);
        }
    }

    /** A file named on the command line, for the engine: resolved against the run's directory. */
    private static String file(ToolTransfer t, String name) {
        return t.env.path(name).toString();
    }

    private static void credentials(ToolTransfer t, ToolTransfer.Setter set) {
        Operation op = t.op;
        if (op.awsSigV4 != null) {
            set.str(CURLOPT_AWS_SIGV4, op.awsSigV4); // before CURLOPT_HTTPAUTH, as curl's tool
        }
        if (op.authType != 0) {
            set.num(CURLOPT_HTTPAUTH, op.authType);
        }
        if (op.bearer != null) {
            set.str(CURLOPT_XOAUTH2_BEARER, op.bearer);
        }
        if (op.userpwd != null) {
            set.str(CURLOPT_USERPWD, op.userpwd);
            return;
        }
        // curl's: --netrc-optional is optional, --netrc and --netrc-file required; the engine reads
        // the file for each request's host (redirects too) unless -u gave credentials
        long mode = op.netrcOptional ? CURL_NETRC_OPTIONAL : op.netrc || op.netrcFile != null ? CURL_NETRC_REQUIRED
                : CURL_NETRC_IGNORED;
        if (mode == CURL_NETRC_IGNORED) {
            return;
        }
        set.num(CURLOPT_NETRC, mode);
        Path file = op.netrcFile != null ? t.env.path(op.netrcFile) : netrcDefault(t.env);
        if (file != null) {
            set.str(CURLOPT_NETRC_FILE, file.toString());
        }
    }

    /** Where curl looks without --netrc-file: $NETRC, else .netrc in $HOME (of the run's environment). */
    private static Path netrcDefault(ToolEnv env) {
        String named = env.getenv("NETRC");
        if (named != null) {
            return env.path(named);
        }
        String home = env.getenv("HOME");
        return home == null ? null : env.cwd().resolve(home).resolve(".netrc");
    }

    /** Whether the server left the document out (a 304: not modified, or an unmet condition). */
    static boolean conditionUnmet(ToolTransfer t) {
        if (t.easy == null) {
            return false;
        }
        Long unmet = t.easy.getinfo(CURLINFO_CONDITION_UNMET);
        return (unmet != null && unmet != 0) || Runner.responseCode(t) == 304;
    }

    /** -R: the output file gets the document's Last-Modified time. */
    static void setFileTime(ToolTransfer t) {
        String lm = t.headers.first("Last-Modified");
        if (lm == null) {
            return;
        }
        long secs = getdate(lm);
        if (secs == -1) {
            return;
        }
        try {
            Files.setLastModifiedTime(t.env.path(t.outs.filename), FileTime.fromMillis(secs * 1000));
        } catch (IOException e) {
            t.streams.warn("Failed to set filetime " + secs + " on outfile: " + OutFile.reason(e));
        }
    }
}
