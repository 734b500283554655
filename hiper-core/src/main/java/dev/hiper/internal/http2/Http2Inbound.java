package dev.hiper.internal.http2;

import dev.hiper.curl.CurlCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What each frame from the peer does to an {@link Http2Session} and its streams: the session's
 * listener on its {@link Http2FrameReader}. DATA and HEADERS are checked against the windows and
 * the streams' states and queued on their {@link Http2Stream}; SETTINGS, PING, GOAWAY and
 * WINDOW_UPDATE change the session. Each stream a frame concerns is woken; a connection error is
 * left in the session's {@code pendingError}, which its pump throws after the frame.
 *
 * <p>Lifecycle: made with its session, lives as long as it; it keeps no state of its own.
 */
final class Http2Inbound implements Http2FrameListener {
    private final Http2Session session;

    Http2Inbound(Http2Session session) {
        this.session = session;
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream, int flowControlledLength) {
        session.connRecvWindow -= flowControlledLength;
        if (session.connRecvWindow < 0) {
            session.pendingError = Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
                    "DATA beyond the connection's window");
            return;
        }
        Http2Stream s = session.streams.get(streamId);
        int padding = flowControlledLength - data.remaining();
        if (s == null || s.reset || s.remoteClosed) {
            session.consumed(null, flowControlledLength); // a stream this end gave up: credit it back at once
            if (s == null && streamId >= session.nextStreamId) {
                session.pendingError = Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
                        "DATA on idle stream " + streamId);
            }
            return;
        }
        s.recvWindow -= flowControlledLength;
        if (s.recvWindow < 0) {
            resetStream(s, Http2ErrorCode.FLOW_CONTROL_ERROR, "HTTP/2 stream " + s.id + " sent beyond its window");
            session.consumed(null, flowControlledLength);
            return;
        }
        if (!s.finalHead) {
            resetStream(s, Http2ErrorCode.PROTOCOL_ERROR, "HTTP/2 stream " + s.id + " sent DATA before a response");
            session.consumed(null, flowControlledLength);
            return;
        }
        session.consumed(null, padding);
        s.data(data, endStream);
        session.wake(s);
    }

    @Override
    public void onHeaders(int streamId, List<HeaderField> fields, boolean endStream) {
        Http2Stream s = session.streams.get(streamId);
        if (s == null || s.reset || s.remoteClosed) {
            if (s == null && streamId >= session.nextStreamId) {
                session.pendingError = Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
                        "HEADERS on idle stream " + streamId);
            }
            return; // the header block was decoded, so the compression context stays in step
        }
        try {
            s.headerBlock(fields, endStream);
        } catch (Http2Exception e) {
            onStreamError(e);
            return;
        }
        session.wake(s);
    }

    @Override
    public void onRstStream(int streamId, long errorCode) {
        Http2Stream s = session.streams.get(streamId);
        if (s == null) {
            if (streamId >= session.nextStreamId) {
                session.pendingError = Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
                        "RST_STREAM on idle stream " + streamId);
            }
            return;
        }
        if (s.reset) {
            return;
        }
        s.reset = true;
        if (!s.remoteClosed) {
            s.refused = errorCode == Http2ErrorCode.REFUSED_STREAM.code();
            s.fail(CurlCode.CURLE_HTTP2_STREAM, "HTTP/2 stream " + streamId + " was not closed cleanly: "
                    + Http2ErrorCode.describe(errorCode) + " (err " + errorCode + ")");
            session.wake(s);
        }
    }

    @Override
    public void onSettings(Http2Settings settings) {
        session.connectionFrames++;
        session.pendingError = session.connectProtocol.settings(settings);
        if (session.pendingError != null) {
            return;
        }
        if (settings.has(Http2Settings.INITIAL_WINDOW_SIZE)) {
            long next = settings.get(Http2Settings.INITIAL_WINDOW_SIZE, session.DEFAULT_WINDOW);
            long delta = next - session.peerInitialWindow;
            session.peerInitialWindow = next;
            for (Http2Stream s : session.streams.values()) {
                s.sendWindow += delta;
                if (s.sendWindow > session.MAX_WINDOW) {
                    session.pendingError = Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
                            "SETTINGS_INITIAL_WINDOW_SIZE overflows a stream's window");
                    return;
                }
                if (delta > 0) {
                    session.wake(s);
                }
            }
        }
        if (settings.has(Http2Settings.MAX_FRAME_SIZE)) {
            session.writer.setPeerMaxFrameSize((int) settings.get(Http2Settings.MAX_FRAME_SIZE, 0));
        }
        if (settings.has(Http2Settings.HEADER_TABLE_SIZE)) {
            session.encoder.setPeerTableSizeLimit(settings.get(Http2Settings.HEADER_TABLE_SIZE, 0));
        }
        if (settings.has(Http2Settings.MAX_CONCURRENT_STREAMS)) {
            long max = settings.get(Http2Settings.MAX_CONCURRENT_STREAMS, 100);
            session.conn.maxExchanges = (int) Math.max(1, Math.min(max, session.localMaxStreams));
        }
        session.writer.settingsAck();
    }

    @Override
    public void onSettingsAck() {
        session.reader.localSettingsAcknowledged(session.ours);
    }

    @Override
    public void onPing(long payload, boolean ack) {
        if (!ack) {
            session.writer.ping(payload, true);
        }
    }

    @Override
    public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
        session.connectionFrames++;
        session.goAway = true;
        session.unshare();
        if (errorCode == 0 && lastStreamId > 0 && session.nextStreamId - 2 > lastStreamId) {
            // a graceful GOAWAY that refused session.streams sent after a number the server allows
            session.cache.learnStreamBudget(session.conn.key, (lastStreamId + 1) / 2);
        }
        for (Http2Stream s : session.streams.values()) {
            if (s.id > lastStreamId && !s.remoteClosed) {
                s.fail(CurlCode.CURLE_HTTP2, "HTTP/2 stream " + s.id + " was refused by GOAWAY: "
                        + Http2ErrorCode.describe(errorCode) + " (err " + errorCode + ")");
                s.reset = true; // the server never processed it; nothing to reset
                s.refused = true;
                s.refusedByGoAway = true;
                session.wake(s);
            }
        }
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        if (streamId == 0) {
            session.connSendWindow += increment;
            if (session.connSendWindow > session.MAX_WINDOW) {
                session.pendingError = Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
                        "the connection's send window overflows");
                return;
            }
            for (Http2Stream s : session.streams.values()) {
                if (!s.localClosed) {
                    session.wake(s);
                }
            }
            return;
        }
        Http2Stream s = session.streams.get(streamId);
        if (s == null || s.reset) {
            return;
        }
        s.sendWindow += increment;
        if (s.sendWindow > session.MAX_WINDOW) {
            resetStream(s, Http2ErrorCode.FLOW_CONTROL_ERROR, "HTTP/2 stream " + s.id + "'s send window overflows");
            return;
        }
        if (!s.localClosed) {
            session.wake(s);
        }
    }

    @Override
    public void onStreamError(Http2Exception error) {
        Http2Stream s = session.streams.get(error.streamId());
        if (s == null) {
            session.writer.rstStream(error.streamId(), error.error());
            return;
        }
        if (!s.reset) {
            session.writer.rstStream(s.id, error.error());
            s.reset = true;
        }
        s.fail(error.curlCode(), "HTTP/2 stream " + s.id + ": " + error.getMessage());
        session.wake(s);
    }

    private void resetStream(Http2Stream s, Http2ErrorCode code, String message) {
        session.writer.rstStream(s.id, code);
        s.reset = true;
        s.fail(CurlCode.CURLE_HTTP2_STREAM, message);
        session.wake(s);
    }
}
