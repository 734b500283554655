package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLPAUSE_RECV;
import static dev.hiper.curl.Curl.CURLPAUSE_SEND;
import static dev.hiper.curl.Curl.CURL_READFUNC_ABORT;
import static dev.hiper.curl.Curl.CURL_READFUNC_PAUSE;
import static dev.hiper.curl.Curl.CURL_SEEKFUNC_OK;
import static dev.hiper.curl.Curl.CURL_WRITEFUNC_PAUSE;
import static dev.hiper.curl.Curl.SEEK_SET;

import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlInfoType;
import dev.hiper.internal.http.BodyDelivery;
import dev.hiper.internal.http.ResponseView;
import dev.hiper.internal.multi.MultiEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A transfer's calls into the application: the read, write, header, seek and progress callbacks
 * (or the streams that stand in for them) and the data lines of the debug callback. The
 * {@link Transfer} makes them at known points only, between the codec's events and never inside
 * a parser; each runs inside the engine's callback guard (so a call back into the multi answers
 * {@code CURLM_RECURSIVE_API_CALL}, contract rule 21), and a callback that throws counts as one
 * that returned its error value, the exception named in the error buffer.
 *
 * <p>One per easy handle, kept across its transfers; {@link #begin} binds it to the transfer
 * that runs.
 */
final class ApplicationCalls {
    private Transfer t;
    private MultiEngine engine;
    private EasyHandle easy;
    private long lastProgressDl;
    private long lastProgressUl;

    /** A transfer starts: its progress is reported from scratch. */
    void begin(Transfer transfer) {
        t = transfer;
        engine = transfer.engine;
        easy = transfer.easy;
        lastProgressDl = -1;
        lastProgressUl = -1;
    }

    /** Asks the application for body bytes: count, or -1 when paused or failed. */
    int read(ByteBuffer dst) {
        int want = dst.remaining();
        int r;
        dev.hiper.internal.mime.MimeTree mime = dev.hiper.internal.mime.MimePost.body(easy);
        if (mime != null) {
            return MimeCalls.read(t, engine, mime, dst);
        }
        if (easy.readFunction != null) {
            engine.enterCallback();
            try {
                r = easy.readFunction.read(dst, easy.readData);
            } catch (RuntimeException | Error e) {
                t.fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "read callback threw " + e, e);
                return -1;
            } finally {
                engine.exitCallback();
            }
        } else if (easy.readData instanceof InputStream) {
            try {
                int got = ((InputStream) easy.readData).read(dst.array(), dst.arrayOffset() + dst.position(), want);
                r = got < 0 ? 0 : got;
            } catch (IOException e) {
                t.fail(CurlCode.CURLE_READ_ERROR, "Failed to read the upload data: " + e.getMessage(), e);
                return -1;
            }
        } else {
            r = 0;
        }
        if (r == CURL_READFUNC_ABORT) {
            t.fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback");
            return -1;
        }
        if (r == CURL_READFUNC_PAUSE) {
            t.pausedBy(CURLPAUSE_SEND);
            t.trace("Read callback asked for PAUSE (sending)");
            return -1;
        }
        if (r < 0 || r > want) {
            t.fail(CurlCode.CURLE_READ_ERROR, "read function returned funny value");
            return -1;
        }
        return r;
    }

    /** Hands body bytes to the write callback. Returns whether to go on. */
    boolean write(ByteBuffer view, int n) {
        traceData(view, n);
        int r;
        engine.enterCallback();
        try {
            r = writeOut(view);
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            t.fail(CurlCode.CURLE_WRITE_ERROR, "Failure writing output to destination: write callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (r == CURL_WRITEFUNC_PAUSE) {
            t.pausedBy(CURLPAUSE_RECV);
            t.trace("Write callback asked for PAUSE");
            return false;
        }
        if (r != n) {
            t.fail(CurlCode.CURLE_WRITE_ERROR, "Failure writing output to destination, passed " + n + " returned " + r);
            return false;
        }
        return true;
    }

    private int writeOut(ByteBuffer data) {
        if (easy.writeFunction != null) {
            return easy.writeFunction.write(data, easy.writeData);
        }
        OutputStream out = easy.writeData instanceof OutputStream ? (OutputStream) easy.writeData : System.out;
        int n = data.remaining();
        try {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), n);
            } else {
                byte[] b = new byte[n];
                data.duplicate().get(b);
                out.write(b);
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }

    /** Hands the current line to the header callback; a trailer line ends in CRLF, as libcurl passes it. */
    boolean header(ResponseView response, boolean trailer) {
        boolean toApp = easy.headerFunction != null || easy.headerData instanceof OutputStream;
        if (!toApp && !easy.verbose) {
            return true;
        }
        ByteBuffer line = trailer ? BodyDelivery.trailerLine(response.line()) : response.line();
        traceHeaderIn(line);
        if (!toApp) {
            return true;
        }
        return toHeaderCallback(line) && t.state() == TransferState.PERFORMING;
    }

    /**
     * A line of a proxy's CONNECT reply: traced as a header, and given to the header callback
     * unless {@code CURLOPT_SUPPRESS_CONNECT_HEADERS} (as libcurl does). False when the transfer failed.
     */
    boolean connectHeader(ByteBuffer line) {
        traceHeaderIn(line);
        boolean toApp = easy.headerFunction != null || easy.headerData instanceof OutputStream;
        return !toApp || easy.proxy.suppressConnectHeaders || toHeaderCallback(line);
    }

    /** The header callback's call (or the write to HEADERDATA); false when the transfer failed. */
    private boolean toHeaderCallback(ByteBuffer line) {
        int n = line.remaining();
        int r;
        engine.enterCallback();
        try {
            if (easy.headerFunction != null) {
                // no copy: each caller's line is a buffer set up for this one call
                r = easy.headerFunction.header(line, easy.headerData);
            } else {
                byte[] b = new byte[n];
                line.duplicate().get(b);
                ((OutputStream) easy.headerData).write(b);
                r = n;
            }
        } catch (RuntimeException | Error | IOException e) {
            engine.exitCallback();
            t.fail(CurlCode.CURLE_WRITE_ERROR, "Failed writing header: header callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (r == CURL_WRITEFUNC_PAUSE) {
            if (t.state() != TransferState.PERFORMING) {
                return true; // a proxy handshake does not pause; the transfer's own headers do
            }
            t.pausedBy(CURLPAUSE_RECV);
            return false;
        }
        if (r != n) {
            t.fail(CurlCode.CURLE_WRITE_ERROR, "Failed writing header");
            return false;
        }
        return true;
    }

    /**
     * Puts the read callback's source back at the start, so a retried request sends the same
     * body again: through {@code CURLOPT_SEEKFUNCTION}, as libcurl does. Without one, or when it
     * does not answer {@code CURL_SEEKFUNC_OK}, the transfer fails with
     * {@code CURLE_SEND_FAIL_REWIND} rather than send a body that lost its beginning.
     */
    boolean rewind() {
        dev.hiper.internal.mime.MimeTree mime = dev.hiper.internal.mime.MimePost.body(easy);
        if (mime != null) {
            return MimeCalls.rewind(t, engine, mime);
        }
        if (easy.seldom.seekFunction == null) {
            t.fail(CurlCode.CURLE_SEND_FAIL_REWIND, "necessary data rewind was not possible");
            return false;
        }
        int r;
        engine.enterCallback();
        try {
            r = easy.seldom.seekFunction.seek(easy.seldom.seekData, 0, SEEK_SET);
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            t.fail(CurlCode.CURLE_SEND_FAIL_REWIND, "seek callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (r != CURL_SEEKFUNC_OK) {
            t.fail(CurlCode.CURLE_SEND_FAIL_REWIND, "seek callback returned error " + r);
            return false;
        }
        t.trace("Rewound the upload for the retry");
        return true;
    }

    /**
     * The progress callback ({@code CURLOPT_XFERINFOFUNCTION}), when the counts moved or
     * {@code force}; once a second while the transfer runs. Totals are 0 when not known.
     */
    void progress(boolean force, long contentLength, long uploadSize) {
        TransferState state = t.state();
        if (easy.noProgress || easy.seldom.xferInfoFunction == null || state == TransferState.COMPLETED && !force) {
            return;
        }
        long dl = easy.info.sizeDownload;
        long ul = easy.info.sizeUpload;
        if (!force && dl == lastProgressDl && ul == lastProgressUl) {
            return;
        }
        lastProgressDl = dl;
        lastProgressUl = ul;
        long dlTotal = Math.max(0, contentLength);
        long ulTotal = Math.max(0, uploadSize);
        int r;
        engine.enterCallback();
        try {
            r = easy.seldom.xferInfoFunction.xferinfo(easy.seldom.xferInfoData, dlTotal, dl, ulTotal, ul);
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            t.fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "Callback aborted: progress callback threw " + e, e);
            return;
        }
        engine.exitCallback();
        state = t.state();
        if (r != 0 && state != TransferState.COMPLETED && state != TransferState.DONE) {
            t.fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "Callback aborted");
            return;
        }
        if (state != TransferState.COMPLETED && state != TransferState.DONE) {
            t.expireIn(ExpireId.PROGRESS, 1000);
        }
    }

    // ---- the debug callback's data lines ----

    void traceOut(CurlInfoType type, byte[] b, int off, int len) {
        if (easy.verbose) {
            engine.tracer().data(easy, type, ByteBuffer.wrap(b, off, len));
        }
    }

    private void traceHeaderIn(ByteBuffer line) {
        if (easy.verbose) {
            engine.tracer().data(easy, CurlInfoType.CURLINFO_HEADER_IN, line.duplicate());
        }
    }

    private void traceData(ByteBuffer view, int n) {
        if (easy.verbose && easy.seldom.debugFunction != null) {
            engine.tracer().data(easy, CurlInfoType.CURLINFO_DATA_IN, view.duplicate());
        }
    }
}
