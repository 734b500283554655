package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURLPAUSE_SEND;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.mime.MimeTree;
import dev.hiper.internal.multi.MultiEngine;
import java.nio.ByteBuffer;

/**
 * The request body of a {@code CURLOPT_MIMEPOST} transfer: read from its {@link MimeTree} (whose
 * callback parts call the application, so inside the callback guard), rewound when the request
 * goes again; the same answers as the read callback's ({@link ApplicationCalls#read}).
 */
final class MimeCalls {
    private MimeCalls() {
    }

    /** Body bytes into {@code dst}: a count, 0 at the end, -1 when paused or failed. */
    static int read(Transfer t, MultiEngine engine, MimeTree mime, ByteBuffer dst) {
        int r;
        engine.enterCallback();
        try {
            r = mime.read(dst.duplicate());
        } catch (RuntimeException | Error e) {
            t.fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "mime read callback threw " + e, e);
            return -1;
        } finally {
            engine.exitCallback();
        }
        switch (r) {
            case MimeTree.ABORT:
                t.fail(CurlCode.CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback");
                return -1;
            case MimeTree.PAUSE:
                t.pausedBy(CURLPAUSE_SEND);
                t.trace("Read callback asked for PAUSE (sending)");
                return -1;
            case MimeTree.READ_ERROR:
                t.fail(CurlCode.CURLE_READ_ERROR, "Failed to read mime data: " + mime.errorText());
                return -1;
            default:
                return r;
        }
    }

    /** The body back at its start for a request sent again; false (the transfer failed) when it cannot be. */
    static boolean rewind(Transfer t, MultiEngine engine, MimeTree mime) {
        if (!rewindGuarded(t, engine, mime, "necessary data rewind was not possible")) {
            return false;
        }
        t.trace("Rewound the upload for the retry");
        return true;
    }

    /**
     * Puts the multipart back at its start as an application callback runs (a callback part's
     * seek function is the application's): with the guard on, and an exception from it failing
     * the transfer with {@code CURLE_SEND_FAIL_REWIND}, as does a rewind that is not possible
     * ({@code failure} is then the message).
     */
    static boolean rewindGuarded(Transfer t, MultiEngine engine, MimeTree mime, String failure) {
        boolean ok;
        engine.enterCallback();
        try {
            ok = mime.rewind();
        } catch (RuntimeException | Error e) {
            engine.exitCallback();
            t.fail(CurlCode.CURLE_SEND_FAIL_REWIND, "seek callback threw " + e, e);
            return false;
        }
        engine.exitCallback();
        if (!ok) {
            t.fail(CurlCode.CURLE_SEND_FAIL_REWIND, failure);
        }
        return ok;
    }
}
