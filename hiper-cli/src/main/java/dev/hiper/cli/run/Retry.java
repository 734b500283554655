package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;

import dev.hiper.curl.CurlCode;
import java.io.IOException;

/**
 * curl's --retry decision (retrycheck): time-outs and name look-up failures always, refused
 * connections with {@code --retry-connrefused}, the transient HTTP codes (408, 429, 500, 502,
 * 503, 504) of a finished transfer, anything with {@code --retry-all-errors}. The wait doubles
 * from one second unless {@code --retry-delay} fixed it; a {@code Retry-After} can lengthen it.
 */
final class Retry {
    private static final long SLEEP_MAX_MS = 10 * 60 * 1000;

    private Retry() {
    }

    /** Milliseconds to wait before the next attempt, or -1 for no retry. */
    static long check(ToolTransfer per, CurlCode result, Streams s) {
        String why = null;
        if (result == CurlCode.CURLE_OPERATION_TIMEDOUT || result == CurlCode.CURLE_COULDNT_RESOLVE_HOST
                || result == CurlCode.CURLE_COULDNT_RESOLVE_PROXY || result == CurlCode.CURLE_FTP_ACCEPT_TIMEOUT) {
            why = ": timeout";
        } else if (per.op.retryConnRefused && result == CurlCode.CURLE_COULDNT_CONNECT) {
            String e = per.easy == null ? "" : per.easy.errorBuffer();
            if (e != null && e.contains("refused")) {
                why = ": connection refused";
            }
        } else if (result == CurlCode.CURLE_OK || ((per.op.failOnError || per.op.failWithBody)
                && result == CurlCode.CURLE_HTTP_RETURNED_ERROR)) {
            long code = Runner.responseCode(per);
            switch ((int) code) {
                case 408, 429, 500, 502, 503, 504 -> why = ": HTTP error";
                default -> { }
            }
        }
        if (why == null && result != CurlCode.CURLE_OK && per.op.retryAllErrors) {
            why = "(retrying all errors)";
        }
        if (why == null) {
            return -1;
        }
        long sleep = per.retrySleepMs;
        if (why.equals(": HTTP error")) {
            long after = retryAfter(per);
            if (after > 0) {
                sleep = Math.max(sleep, after * 1000);
                if (per.op.retryMaxTimeMs > 0) {
                    long spent = (System.nanoTime() - per.retryStart) / 1_000_000;
                    if (spent + sleep > per.op.retryMaxTimeMs) {
                        s.warn("The Retry-After: time would make this command line exceed the maximum allowed time "
                                + "for retries.");
                        return -1;
                    }
                }
            }
        }
        s.warn("Problem " + why + ". Will retry in " + (sleep / 1000) + " second" + (sleep / 1000 == 1 ? "" : "s")
                + ". " + per.retryRemaining + " retr" + (per.retryRemaining > 1 ? "ies" : "y") + " left.");
        per.retryRemaining--;
        if (per.op.retryDelayMs == 0) {
            per.retrySleepMs = Math.min(per.retrySleepMs * 2, SLEEP_MAX_MS);
        }
        if (per.op.resumeFromCurrent && per.outs.isFile() && per.outs.opened) {
            // -C -: keep what arrived and resume after it
            try {
                per.outs.stream.flush();
            } catch (IOException e) {
                s.error("Failed to flush file");
                return -1;
            }
            per.resumeFrom = per.outs.init + per.outs.bytes;
            per.outs.init = per.resumeFrom;
            per.outs.bytes = 0;
        } else if (per.outs.bytes > 0 && per.outs.isFile() && per.outs.opened) {
            try {
                per.outs.stream.flush();
                per.outs.truncateToStart();
            } catch (IOException e) {
                s.error("Failed to truncate file");
                return -1;
            }
        }
        per.numRetries++;
        per.deliveredBefore = 0;
        return sleep;
    }

    /** The Retry-After header in seconds (a number or an HTTP date), or 0. */
    static long retryAfter(ToolTransfer per) {
        String v = per.headers.first("Retry-After");
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            long t = dev.hiper.curl.Curl.getdate(v);
            if (t < 0) {
                return 0;
            }
            return Math.max(0, t - System.currentTimeMillis() / 1000);
        }
    }

    /** Keeps {@code CURLINFO_RESPONSE_CODE} at hand for callers. */
    static long code(ToolTransfer per) {
        Long c = per.easy == null ? null : per.easy.getinfo(CURLINFO_RESPONSE_CODE);
        return c == null ? 0 : c;
    }
}
