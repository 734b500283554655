package dev.hiper.internal.transfer;

import dev.hiper.curl.CurlCode;

/**
 * What a transfer says when {@code CURLOPT_TIMEOUT_MS} or {@code CURLOPT_CONNECTTIMEOUT_MS} runs
 * out: code 28 with libcurl's message for the phase it was in.
 *
 * <table>
 *   <caption>the messages by phase</caption>
 *   <tr><th>phase</th><th>message</th></tr>
 *   <tr><td>RESOLVING</td><td>Resolving timed out after N milliseconds</td></tr>
 *   <tr><td>CONNECTING</td><td>Connection timed out after N milliseconds</td></tr>
 *   <tr><td>PROTOCONNECT</td><td>SSL connection timeout after N milliseconds</td></tr>
 *   <tr><td>later (whole-transfer limit only)</td><td>Operation timed out after N milliseconds with
 *       B [out of L] bytes received</td></tr>
 * </table>
 * The connect limit ends a transfer only before it is connected. The other deadlines (the
 * 100-continue wait, the progress tick, the speed checks) are dispatched here too ({@link #act}).
 */
final class Deadlines {
    private Deadlines() {
    }

    /**
     * Acts on {@code t}'s deadline {@code id}, expired at {@code now}, {@code ms} milliseconds after
     * the transfer started; {@code speed} is its speed control (null without one). Returns whether
     * to run the state machine afterwards.
     */
    static boolean act(Transfer t, ExpireId id, long now, long ms, SpeedControl speed) {
        switch (id) {
            case TOTAL:
            case CONNECT:
                expired(t, id, ms);
                return true;
            case EXPECT_100:
                if (t.codec().waiting100()) {
                    t.trace("Done waiting for 100-continue");
                    t.codec().stopWaiting100();
                }
                return true;
            case PROGRESS:
                t.progress(true);
                return true;
            case TOOFAST:
            case SPEEDCHECK:
                speed.expired(id, now);
                return true;
            default:
                return true;
        }
    }

    /** {@code id} (TOTAL or CONNECT) expired {@code ms} milliseconds after the transfer started. */
    static void expired(Transfer t, ExpireId id, long ms) {
        TransferState state = t.state();
        if (state == TransferState.PROTOCONNECT) {
            t.fail(CurlCode.CURLE_OPERATION_TIMEDOUT, "SSL connection timeout after " + ms + " milliseconds");
        } else if (state == TransferState.RESOLVING || state == TransferState.CONNECTING) {
            t.fail(CurlCode.CURLE_OPERATION_TIMEDOUT, (state == TransferState.RESOLVING ? "Resolving" : "Connection")
                    + " timed out after " + ms + " milliseconds");
        } else if (id == ExpireId.TOTAL) {
            long cl = t.codec().response().contentLength();
            t.fail(CurlCode.CURLE_OPERATION_TIMEDOUT, "Operation timed out after " + ms + " milliseconds with "
                    + t.codec().response().bodyBytes() + (cl >= 0 ? " out of " + cl : "") + " bytes received");
        }
    }
}
