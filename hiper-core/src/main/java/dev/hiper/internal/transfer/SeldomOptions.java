package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURL_IPRESOLVE_WHATEVER;

import dev.hiper.curl.CurlDebugFunction;
import dev.hiper.curl.CurlSeekFunction;
import dev.hiper.curl.CurlXferInfoFunction;
import java.util.List;

/**
 * The options of an easy handle that most handles never set: the seek, debug and progress
 * callbacks, the Referer and range, resuming, time conditions, the request target, connect-to
 * and interface, the Unix socket, the netrc file, bearer tokens and AWS signatures, redirect and
 * authentication details, transfer encoding and MIME posts.
 *
 * <p>A handle that sets none of them holds the one shared instance of their defaults
 * ({@link #DEFAULTS}), which is never changed; its first setting of one makes it an instance of
 * its own ({@link EasyHandle#own}). Readers read {@code easy.seldom.x} either way. So a handle
 * that sets only the everyday options (an idle WebSocket session among thousands) carries none
 * of these fields.
 */
public final class SeldomOptions {
    /** The defaults, shared by every handle that set none of these options; never changed. */
    static final SeldomOptions DEFAULTS = new SeldomOptions();

    public CurlSeekFunction seekFunction;
    public Object seekData;
    public long expect100TimeoutMs = 1000;
    public long ipResolve = CURL_IPRESOLVE_WHATEVER;
    public CurlDebugFunction debugFunction;
    public Object debugData;
    public CurlXferInfoFunction xferInfoFunction;
    public Object xferInfoData;
    public String referer;
    public String range;
    public long resumeFrom;
    public long timeCondition;
    public long timeValue;
    public boolean http09Allowed;
    public String requestTarget;
    public boolean ignoreContentLength;
    public long maxFileSize;
    public List<String> connectTo;
    public String interfaceName;
    /** CURLOPT_UNIX_SOCKET_PATH, or null for TCP. */
    public String unixSocketPath;
    public String netrcFile;
    public String bearer;
    /** {@code CURLOPT_AWS_SIGV4}. */
    public String awsSigV4;
    public long postRedir;
    public boolean unrestrictedAuth;
    public boolean autoReferer;
    /** CURLOPT_TRANSFER_ENCODING: ask for and undo compressed transfer codings. */
    public boolean transferEncoding;
    /** CURLOPT_MIMEPOST (sent while {@link EasyHandle#post} is on and no POSTFIELDS are set), CURLOPT_MIME_OPTIONS. */
    public dev.hiper.internal.mime.MimeTree mimePost;
    public long mimeOptions;

    /** This instance when it is a handle's own, else (the shared defaults) a new copy to change. */
    SeldomOptions writable() {
        return this == DEFAULTS ? copy() : this;
    }

    /** An instance with the same settings for another handle (duphandle, reset): the defaults themselves, else a copy. */
    SeldomOptions forAnotherHandle() {
        return this == DEFAULTS ? this : copy();
    }

    private SeldomOptions copy() {
        SeldomOptions c = new SeldomOptions();
        c.seekFunction = seekFunction;
        c.seekData = seekData;
        c.expect100TimeoutMs = expect100TimeoutMs;
        c.ipResolve = ipResolve;
        c.debugFunction = debugFunction;
        c.debugData = debugData;
        c.xferInfoFunction = xferInfoFunction;
        c.xferInfoData = xferInfoData;
        c.referer = referer;
        c.range = range;
        c.resumeFrom = resumeFrom;
        c.timeCondition = timeCondition;
        c.timeValue = timeValue;
        c.http09Allowed = http09Allowed;
        c.requestTarget = requestTarget;
        c.ignoreContentLength = ignoreContentLength;
        c.maxFileSize = maxFileSize;
        c.connectTo = connectTo;
        c.interfaceName = interfaceName;
        c.unixSocketPath = unixSocketPath;
        c.netrcFile = netrcFile;
        c.bearer = bearer;
        c.awsSigV4 = awsSigV4;
        c.postRedir = postRedir;
        c.unrestrictedAuth = unrestrictedAuth;
        c.autoReferer = autoReferer;
        c.transferEncoding = transferEncoding;
        c.mimePost = mimePost == null ? null : mimePost.copy();
        c.mimeOptions = mimeOptions;
        return c;
    }
}
