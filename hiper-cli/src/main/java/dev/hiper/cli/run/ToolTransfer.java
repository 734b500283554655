package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;

import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.Operation;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlHeaderFunction;
import dev.hiper.curl.CurlWriteFunction;
import dev.hiper.curl.CurlReadFunction;
import dev.hiper.curl.CurlSeekFunction;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One transfer of the tool (curl's per_transfer): the URL and files it was planned with, its easy
 * handle and the callbacks that write the body, the headers ({@code -D}, {@code -i},
 * {@code --etag-save}, {@code -J}), read the upload and draw progress.
 *
 * <p>Lifecycle: 1. planned by {@link TransferFactory} (names resolved, files opened);
 * 2. {@link #configure} sets the easy handle's options; 3. the multi runs it; 4.
 * {@link Runner} finishes it (error line, retry, file close, write-out).
 */
final class ToolTransfer implements Progress.Counted {
    final Operation op;
    final Streams streams;
    final ToolEnv env;
    final int urlNum;
    final long xferId;
    String url;
    String uploadFile;
    final OutFile outs;
    OutputStream heads;
    boolean headsOpened;
    OutputStream etagSave;
    boolean etagOpened;
    boolean honorCd;
    boolean skip;
    CurlEasy easy;
    InputStream upload;
    long uploadSize = -1;
    final HeaderStore headers = new HeaderStore();
    int numHeaders;
    private boolean lastHeaderEmpty;
    int numRetries;
    long retryRemaining;
    long retrySleepMs;
    long retryStart;
    long deliveredBefore;
    /** The resume offset of -C (-C -: the output file's size). */
    long resumeFrom;
    /** --etag-compare's If-None-Match line, read when planned. */
    String etagHeader;
    /** An error text of the tool's own, set before the engine's when a callback failed. */
    String toolError;
    Progress.Meter meter;
    Progress.Bar bar;
    private long dlTotal;
    private long dlNow;
    private long ulTotal;
    private long ulNow;
    /** Whether the multi is running it now. */
    boolean added;
    /** When a delayed retry may start (System.nanoTime), or 0. */
    long startAt;

    ToolTransfer(Operation op, Streams streams, int urlNum, long xferId, OutFile outs) {
        this.op = op;
        this.streams = streams;
        this.env = streams.env;
        this.urlNum = urlNum;
        this.xferId = xferId;
        this.outs = outs;
    }

    // ---- progress ----

    @Override
    public long dlNow() {
        return dlNow;
    }

    @Override
    public long ulNow() {
        return ulNow;
    }

    @Override
    public long dlTotal() {
        return dlTotal;
    }

    @Override
    public long ulTotal() {
        return ulTotal;
    }

    private int onProgress(long dltotal, long dlnow, long ultotal, long ulnow) {
        dlTotal = dltotal;
        dlNow = dlnow;
        ulTotal = ultotal;
        ulNow = ulnow;
        if (meter != null) {
            meter.update(dltotal, dlnow, ultotal, ulnow, false);
        }
        if (bar != null) {
            bar.update(dltotal, dlnow, ultotal, ulnow);
        }
        return env.cancelled().getAsBoolean() ? 1 : 0;
    }

    // ---- what write-out asks ----

    String effectiveUrl() {
        String u = easy.getinfo(CURLINFO_EFFECTIVE_URL);
        return u == null ? url : ToolEnv.toBytes(u);
    }

    /** curl's note when -X names the method the other options already give. */
    void methodNote() {
        if (op.customRequest == null) {
            return;
        }
        String inferred = op.noBody ? "HEAD" : uploadFile != null ? "PUT"
                : op.postFields != null || op.form != null ? "POST" : "GET";
        if (op.customRequest.equalsIgnoreCase(inferred)) {
            streams.note("Unnecessary use of -X or --request, " + inferred + " is already inferred.");
        }
    }

    String effectiveMethod() {
        String sent = easy.getinfo(CURLINFO_EFFECTIVE_METHOD);
        if (sent != null) {
            return sent; // after redirects, the last request's
        }
        if (op.customRequest != null) {
            return op.customRequest;
        }
        if (op.noBody) {
            return "HEAD";
        }
        if (uploadFile != null) {
            return "PUT";
        }
        if (op.postFields != null && !op.useGet || op.form != null) {
            return "POST";
        }
        return "GET";
    }

    String referer() {
        return easy.getinfo(CURLINFO_REFERER);
    }

    Long connectionId() {
        Long n = easy.getinfo(CURLINFO_NUM_CONNECTS);
        return n == null ? 0L : 0L;
    }

    /** The text of the error line for a result: the tool's, the engine's, or the generic. */
    String errorText(CurlCode result) {
        if (toolError != null) {
            return toolError;
        }
        String e = easy == null ? "" : easy.errorBuffer();
        return e == null || e.isEmpty() ? result.strerror() : ToolEnv.toBytes(e);
    }

    // ---- callbacks ----

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private int onWrite(ByteBuffer data) {
        int n = data.remaining();
        honorCd = false;
        if (!openOutput()) {
            return CURL_WRITEFUNC_ERROR;
        }
        try {
            flushPendingHeaders();
            byte[] b = bytes(data);
            outs.write(b, 0, b.length);
            if (!outs.isFile()) {
                outs.stream.flush();
            }
        } catch (IOException e) {
            return CURL_WRITEFUNC_ERROR;
        }
        return n;
    }

    private int onHeader(ByteBuffer line) {
        byte[] b = bytes(line);
        int n = b.length;
        String s = new String(b, StandardCharsets.ISO_8859_1);
        try {
            if (heads != null) {
                heads.write(b);
                heads.flush();
            }
            if (etagSave != null && n > 5 && s.regionMatches(true, 0, "etag:", 0, 5) && s.endsWith("\n")) {
                String v = s.substring(5);
                int a = 0;
                while (a < v.length() && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) {
                    a++;
                }
                int z = v.length();
                while (z > a && Character.isWhitespace(v.charAt(z - 1))) {
                    z--;
                }
                if (z > a) {
                    etagSave.write((v.substring(a, z) + "\n").getBytes(StandardCharsets.ISO_8859_1));
                    etagSave.flush();
                }
            }
        } catch (IOException e) {
            return CURL_WRITEFUNC_ERROR;
        }
        headers.line(s);
        if (honorCd && n > 9 && s.regionMatches(true, 0, "Location:", 0, 9) && !outs.opened) {
            Long code = easy.getinfo(CURLINFO_RESPONSE_CODE);
            String fname = code != null && code / 100 == 3 ? ContentDisposition.fromLocation(s.substring(9)) : null;
            if (fname != null && !fname.isEmpty()) {
                // a name until a Content-Disposition gives one (curl 8's tool)
                outs.filename = op.outputDir != null && !op.outputDir.isEmpty() ? op.outputDir + "/" + fname : fname;
                outs.cdFilename = true;
            }
        }
        if (honorCd && n > 20 && s.regionMatches(true, 0, "Content-disposition:", 0, 20)) {
            String fname = ContentDisposition.filename(s.substring(20));
            if (fname != null) {
                if (outs.opened) {
                    return CURL_WRITEFUNC_ERROR;
                }
                outs.filename = op.outputDir != null && !op.outputDir.isEmpty() ? op.outputDir + "/" + fname : fname;
                outs.cdFilename = true;
                honorCd = false;
                String w = outs.create(env, op.clobber);
                if (w != null) {
                    streams.warn(w);
                    return CURL_WRITEFUNC_ERROR;
                }
            }
        }
        if (op.writeOut != null) {
            if (s.indexOf(':') >= 0) {
                if (lastHeaderEmpty) {
                    numHeaders = 0;
                }
                lastHeaderEmpty = false;
                numHeaders++;
            } else if (n > 0 && (b[0] == '\r' || b[0] == '\n')) {
                lastHeaderEmpty = true;
            }
        }
        if (op.showHeaders) {
            if (honorCd) {
                // -J: the output's name may still come in a later header
                pendingHeaders.add(b);
                return n;
            }
            try {
                if (!openOutput()) {
                    return CURL_WRITEFUNC_ERROR;
                }
                flushPendingHeaders();
                outs.writeRaw(b, 0, n);
            } catch (IOException e) {
                return CURL_WRITEFUNC_ERROR;
            }
        }
        return n;
    }

    private final List<byte[]> pendingHeaders = new ArrayList<>();

    /** Headers held back while -J waited for a file name: written once the output is known. */
    void flushPendingHeaders() throws IOException {
        if (pendingHeaders.isEmpty()) {
            return;
        }
        if (!openOutput()) {
            pendingHeaders.clear();
            return;
        }
        for (byte[] h : pendingHeaders) {
            outs.writeRaw(h, 0, h.length);
        }
        pendingHeaders.clear();
    }

    /** Creates the output file if not yet done; false (after a warning) when it cannot be. */
    boolean openOutput() {
        if (!outs.opened && outs.isFile()) {
            String w = outs.create(env, op.clobber);
            if (w != null) {
                streams.warn(w);
                return false;
            }
        }
        return true;
    }

    /** curl's tool_seek_cb: a file upload goes back to {@code offset}; standard input cannot. */
    private int onSeek(long offset) {
        if (!(upload instanceof FileInputStream f)) {
            return CURL_SEEKFUNC_CANTSEEK;
        }
        try {
            f.getChannel().position(offset);
            return CURL_SEEKFUNC_OK;
        } catch (IOException e) {
            return CURL_SEEKFUNC_FAIL;
        }
    }

    private int onRead(ByteBuffer dst) {
        if (upload == null) {
            return 0;
        }
        try {
            int want = dst.remaining();
            byte[] tmp = new byte[Math.min(want, 64 * 1024)];
            int got = upload.read(tmp);
            if (got <= 0) {
                return 0;
            }
            if (op.crlf) {
                return crlfCopy(tmp, got, dst);
            }
            dst.put(tmp, 0, got);
            return got;
        } catch (IOException e) {
            return CURL_READFUNC_ABORT;
        }
    }

    private int crlfCopy(byte[] tmp, int got, ByteBuffer dst) {
        int start = dst.position();
        for (int i = 0; i < got && dst.hasRemaining(); i++) {
            if (tmp[i] == '\n') {
                if (dst.remaining() < 2) {
                    break;
                }
                dst.put((byte) '\r');
            }
            dst.put(tmp[i]);
        }
        return dst.position() - start;
    }

    // ---- the easy handle ----

    /** curl's config2setopts: the easy handle's options from the operation. */
    CurlCode configure(TraceWriter trace, boolean progressMeter, boolean progressBar, int columns) {
        easy = CurlEasy.init();
        List<CurlCode> errors = new ArrayList<>();
        Setter set = new Setter(easy, errors);
        set.str(CURLOPT_URL, ToolEnv.fromBytes(url));
        set.obj(CURLOPT_WRITEFUNCTION, (CurlWriteFunction) (data, ud) -> onWrite(data));
        set.obj(CURLOPT_HEADERFUNCTION, (CurlHeaderFunction) (data, ud) -> onHeader(data));
        List<String> headerList = new ArrayList<>(op.headers);
        if (op.json) {
            if (!mentions(headerList, "Content-Type")) {
                headerList.add("Content-Type: application/json");
            }
            if (!mentions(headerList, "Accept")) {
                headerList.add("Accept: application/json");
            }
        }
        if (etagHeader != null) {
            headerList.add(etagHeader);
        }
        if (op.userAgent != null && op.userAgent.isEmpty()) {
            headerList.add("User-Agent:");
            set.str(CURLOPT_USERAGENT, ""); // nor in a CONNECT, as curl's empty user agent
        } else if (op.userAgent != null) {
            set.str(CURLOPT_USERAGENT, op.userAgent);
        }
        if (!headerList.isEmpty()) {
            easy.setopt(CURLOPT_HTTPHEADER, headerList);
        }
        if (op.customRequest != null) {
            set.str(CURLOPT_CUSTOMREQUEST, op.customRequest);
        }
        if (op.noBody) {
            set.num(CURLOPT_NOBODY, 1);
        }
        if (uploadFile != null) {
            set.num(CURLOPT_UPLOAD, 1);
            set.obj(CURLOPT_READFUNCTION, (CurlReadFunction) (dst, ud) -> onRead(dst));
            set.obj(CURLOPT_SEEKFUNCTION, (CurlSeekFunction) (ud, offset, origin) -> onSeek(offset));
            if (uploadSize >= 0) {
                set.num(CURLOPT_INFILESIZE_LARGE, uploadSize);
            }
        } else if (op.postFields != null && !op.useGet) {
            byte[] body = op.postFields.getBytes(StandardCharsets.ISO_8859_1);
            easy.setopt(CURLOPT_POSTFIELDSIZE_LARGE, (long) body.length);
            easy.setopt(CURLOPT_POSTFIELDS, body);
        } else if (op.form != null) {
            dev.hiper.curl.CurlMime mime = dev.hiper.curl.CurlMime.init(easy);
            CurlCode c = FormMime.build(easy, op.form, mime, env);
            if (c != CurlCode.CURLE_OK) {
                return c;
            }
            set.obj(CURLOPT_MIMEPOST, mime);
            if (op.formEscape) {
                set.num(CURLOPT_MIME_OPTIONS, CURLMIMEOPT_FORMESCAPE);
            }
        }
        if (op.timeoutMs > 0) {
            set.num(CURLOPT_TIMEOUT_MS, op.timeoutMs);
        }
        if (op.connectTimeoutMs > 0) {
            set.num(CURLOPT_CONNECTTIMEOUT_MS, op.connectTimeoutMs);
        }
        if (op.expect100TimeoutMs >= 0) {
            set.num(CURLOPT_EXPECT_100_TIMEOUT_MS, op.expect100TimeoutMs);
        }
        if (!op.resolve.isEmpty()) {
            easy.setopt(CURLOPT_RESOLVE, op.resolve);
        }
        if (op.ipVersion != 0) {
            set.num(CURLOPT_IPRESOLVE, op.ipVersion);
        }
        set.num(CURLOPT_TCP_NODELAY, op.tcpNodelay ? 1 : 0);
        if (trace != null) {
            set.num(CURLOPT_VERBOSE, 1);
            set.obj(CURLOPT_DEBUGFUNCTION, (dev.hiper.curl.CurlDebugFunction) (e, type, data, ud) -> {
                trace.trace(type, data);
                return 0;
            });
        }
        set.obj(CURLOPT_XFERINFOFUNCTION, (dev.hiper.curl.CurlXferInfoFunction) (c, dt, dn, ut, un) ->
                onProgress(dt, dn, ut, un));
        set.num(CURLOPT_NOPROGRESS, 0);
        ExtraOptions.apply(this, set);
        if (progressBar) {
            bar = new Progress.Bar(streams.stderr, columns, op.useResume ? op.resumeFrom : 0);
        } else if (progressMeter) {
            meter = new Progress.Meter(streams.stderr, op.useResume ? op.resumeFrom : 0);
        }
        for (CurlCode c : errors) {
            if (c != CurlCode.CURLE_OK) {
                return c;
            }
        }
        return CurlCode.CURLE_OK;
    }

    static boolean mentions(List<String> headers, String name) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            int semi = h.indexOf(';');
            int end = colon < 0 ? semi : semi < 0 ? colon : Math.min(colon, semi);
            if (end > 0 && h.substring(0, end).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Sets options, remembering failures. */
    static final class Setter {
        final CurlEasy easy;
        final List<CurlCode> errors;

        Setter(CurlEasy easy, List<CurlCode> errors) {
            this.easy = easy;
            this.errors = errors;
        }

        void str(dev.hiper.curl.EasyOption<String> o, String v) {
            errors.add(easy.setopt(o, v));
        }

        void num(dev.hiper.curl.EasyOption<Long> o, long v) {
            errors.add(easy.setopt(o, v));
        }

        <T> void obj(dev.hiper.curl.EasyOption<T> o, Object v) {
            @SuppressWarnings("unchecked")
            T t = (T) v;
            errors.add(easy.setopt(o, t));
        }
    }
}
