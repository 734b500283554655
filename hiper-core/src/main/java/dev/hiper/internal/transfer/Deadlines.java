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
 * The connect limit ends a transfer only before it is connected.
 */
final class Deadlines {
    private Deadlines() {
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
