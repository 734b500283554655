package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.transfer.EasyHandle;
import java.nio.ByteBuffer;

/** The transfer an exchange works for: its options, its state, the calls into the application. */
public interface ExchangeHost {
    EasyHandle easy();

    /** The User-Agent sent when the application set none. */
    String defaultUserAgent();

    /** Whether the transfer still performs (not failed, not ended, not sent back to PENDING). */
    boolean performing();

    /** Whether it performs and receiving is not paused. */
    boolean receiving();

    /** Whether more body may be taken now: false once ahead of {@code CURLOPT_MAX_RECV_SPEED_LARGE}. */
    boolean recvWithinLimit();

    /** Sends what the connection takes now (the body after 100 Continue). False when the transfer failed. */
    boolean sendNow();

    /**
     * Hands the current header or trailer line of {@code r} to the header callback and the
     * trace (made into a buffer only when one of them takes it). Returns whether to go on.
     */
    boolean header(ResponseView r, boolean trailer);

    /** Hands {@code n} body bytes to the write callback and the trace. Returns whether to go on. */
    boolean writeBody(ByteBuffer view, int n);

    /** Asks the application for body bytes: count, 0 at the end, -1 when paused or failed. */
    int readBody(ByteBuffer dst);

    /** Starts or stops the wait for 100 Continue ({@code CURLOPT_EXPECT_100_TIMEOUT_MS}). */
    void expect100Timer(boolean on);

    /** The first response byte arrived. */
    void firstByte();

    /** The WebSocket upgrade a ws:// or wss:// request makes: its key, the decision on its 101. */
    WsUpgrade webSocket();

    /** The request goes again on a fresh connection (the connection is closed). */
    void startOver();

    void fail(CurlCode code, String message);

    void trace(String text);

    void runSoon();

    /**
     * Puts a multipart body back at its start before a request, running any callback part's seek
     * function as an application callback; false when it could not (the transfer then failed with
     * {@code CURLE_SEND_FAIL_REWIND}).
     */
    boolean rewindMime(dev.hiper.internal.mime.MimeTree mime);
}
