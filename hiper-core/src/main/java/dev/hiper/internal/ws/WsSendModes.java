package dev.hiper.internal.ws;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterCaller;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How {@link WsSession#send} sends in its two other modes: {@code CURLWS_RAW_MODE} (the
 * application's bytes as they are, no framing) and a permessage-deflate message (each call's data
 * compressed into one whole frame). Stateless: everything lives in the session.
 */
final class WsSendModes {
    private WsSendModes() {
    }

    /**
     * A data frame (or a part of a CURLWS_OFFSET frame) of a compressed message: the whole of
     * {@code data} is compressed and goes into the send buffer as one frame (RSV1 on the message's
     * first), taken at once; CURLE_AGAIN only when earlier bytes still wait for the socket.
     */
    static CurlCode compressed(WsSession s, ByteBuffer data, long fragsize, int flags, boolean inTransfer,
            FilterCaller caller) throws WsException, IOException {
        s.deflater.check(data, fragsize, flags, s.encoder);
        if (!inTransfer && !s.flush(caller)) {
            return CurlCode.CURLE_AGAIN;
        }
        ByteBuffer frame = s.deflater.frame(data, fragsize, flags, s.encoder);
        s.buf.room(frame.remaining(), true);
        s.buf.out.put(frame).flip();
        s.flush(caller);
        return CurlCode.CURLE_OK;
    }

    /**
     * Raw mode: in a transfer everything goes into the send buffer; otherwise what earlier calls
     * left goes first, then as much of {@code data} as the socket takes (CURLE_AGAIN: none).
     */
    static CurlCode raw(WsSession s, ByteBuffer data, boolean inTransfer, FilterCaller caller) throws IOException {
        if (inTransfer) {
            s.buf.room(data.remaining(), true);
            s.buf.out.put(data).flip();
            s.flush(caller);
            return CurlCode.CURLE_OK;
        }
        if (!s.flush(caller)) {
            return CurlCode.CURLE_AGAIN;
        }
        int before = data.remaining();
        while (data.hasRemaining() && s.filter.write(caller, data) > 0) {
            // as far as the socket takes it
        }
        return data.remaining() == before && before > 0 ? CurlCode.CURLE_AGAIN : CurlCode.CURLE_OK;
    }
}
