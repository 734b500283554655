package dev.hiper.internal.transfer;

/**
 * The states of one transfer, in the order a transfer moves through them (libcurl's
 * {@code CURLMSTATE_*}). Only {@link Transfer#state(TransferState)} changes a transfer's state.
 */
public enum TransferState {
    /** Added; nothing done yet. */
    INIT,
    /** Waiting for a connection: a cached one, or room under the connection limits. */
    PENDING,
    /** Waiting for the host name's addresses. */
    RESOLVING,
    /** TCP connects in flight (happy eyeballs). */
    CONNECTING,
    /** Connected; the connection's own set-up (the TLS handshake) in progress. */
    PROTOCONNECT,
    /** Connected; the request is about to be sent. */
    DO,
    /** Sending the request body and receiving the response. */
    PERFORMING,
    /** Ahead of {@code CURLOPT_MAX_RECV_SPEED_LARGE} or {@code MAX_SEND_SPEED_LARGE}: waiting, on a timer, to be back under it. */
    RATELIMITING,
    /** Finished; the connection is being kept or closed and the message queued. */
    DONE,
    /** The DONE message is queued; nothing more happens until the handle is removed. */
    COMPLETED
}
