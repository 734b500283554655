package dev.hiper.internal.http2;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.internal.conn.FilterCaller;
import dev.hiper.internal.conn.FilterException;
import dev.hiper.internal.http.ExchangeCodec;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One HTTP/2 stream seen as a connection: after the 2xx to a WebSocket's extended CONNECT
 * (RFC 8441 section 5) the stream's DATA carry the WebSocket's bytes both ways, so the WebSocket
 * codec reads and writes this filter as it would a connection of its own, while the other
 * streams of the session go on.
 *
 * <p>Reading hands over the DATA queued on the stream, pumping the session (for every stream)
 * when none is queued; the bytes count as taken, so the stream's window is credited back as
 * the WebSocket consumes them. The server's END_STREAM is the end of input, answered with this
 * end's END_STREAM (the orderly close, as a TCP FIN is); a reset or the connection's failure is
 * an error with the stream's code. Writing queues DATA within the stream's and the connection's
 * send windows, and takes nothing while they are shut or much is already queued (a
 * WINDOW_UPDATE wakes the transfer). Closing resets the stream unless both sides ended it.
 *
 * <p>The pump reads into the engine's read buffer, which is also the buffer a run's reads hand
 * in: safe because the pump is over (its DATA copied onto the stream) before this filter copies
 * into {@code dst}. Such a {@code dst} must come in empty.
 */
public final class Http2Tunnel implements ConnectionFilter {
    /** The most of one write queued as DATA at once. */
    private static final int MAX_PIECE = 16 * 1024;
    /** Bytes of frames queued above which writes take nothing until some went out. */
    private static final int MAX_QUEUED = 64 * 1024;
    /** Pumps one application read makes at most while the filters hold input and none is this stream's. */
    private static final int MAX_PUMPS = 16;

    private final Http2Session session;
    private final Http2Stream stream;
    private final ByteBuffer pumpBuffer;
    private boolean closed;
    /** The application reads and writes the stream from its own loop (CONNECT_ONLY): no readiness comes from the engine. */
    private boolean appDriven;
    /** The session's count of reads that found nothing, when this stream last read it or passed (application-driven). */
    private long seenDrains = -1;

    Http2Tunnel(Http2Session session, Http2Stream stream, ByteBuffer pumpBuffer) {
        this.session = session;
        this.stream = stream;
        this.pumpBuffer = pumpBuffer;
        dropHead();
    }

    /** What of the response head is still queued (the end of the head, which paused the codec) goes. */
    private void dropHead() {
        while (!stream.items.isEmpty() && stream.items.peekFirst().event != ExchangeCodec.Event.BODY
                && stream.items.peekFirst().event != ExchangeCodec.Event.DONE) {
            stream.items.pollFirst();
        }
    }

    /**
     * The application takes the stream (CONNECT_ONLY): its calls read and write it, and no
     * transfer is woken for it. No socket readiness reaches the session on its behalf, so a read
     * with nothing queued lets the session read the socket again; but not the first one after
     * another stream's read found the socket empty (the application, told to read every stream of
     * the socket when it is readable, would otherwise pay a failed read for each): that one finds
     * nothing, and the stream's next read reads. An application that waits on the socket before
     * reading again loses nothing: what came since is still in the socket, and wakes it.
     */
    public void handOver() {
        appDriven = true;
        stream.detached = true;
    }

    /** Whether {@link #close} let go of the stream. */
    public boolean closed() {
        return closed;
    }

    /** The stream's id, for the trace. */
    public int streamId() {
        return stream.id;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(FilterCaller.NONE, dst);
    }

    @Override
    public int read(FilterCaller caller, ByteBuffer dst) throws IOException {
        if (closed) {
            return -1;
        }
        if (stream.items.isEmpty() && open() && appDriven && session.drained && session.drains != seenDrains
                && !session.inputBuffered()) {
            // another stream's read found the socket empty since this one last looked: pass once (the
            // application, which reads every stream of the socket, waits for it next), read the next time
            seenDrains = session.drains;
        } else if (stream.items.isEmpty() && open()) {
            int pos = dst.position();
            int limit = dst.limit();
            int pumps = 0;
            do {
                if (appDriven) {
                    session.readable();
                }
                session.pump(caller, pumpBuffer, stream);
                // the application waits for the socket next: input the filters already hold would never wake it
            } while (appDriven && stream.items.isEmpty() && open() && session.inputBuffered() && ++pumps < MAX_PUMPS);
            if (dst == pumpBuffer) {
                dst.limit(limit).position(pos);
            }
            seenDrains = session.drains;
        }
        dropHead(); // trailers, which end the stream: only their END_STREAM counts
        Http2Stream.Item item = stream.items.peekFirst();
        if (item == null) {
            if (stream.error != null) {
                throw new FilterException(stream.error, stream.errorMessage);
            }
            return stream.cutOff ? -1 : 0;
        }
        if (item.event == ExchangeCodec.Event.DONE) {
            stream.items.pollFirst();
            endStream(caller);
            return -1;
        }
        ByteBuffer body = item.body;
        int n = Math.min(body.remaining(), dst.remaining());
        ByteBuffer piece = body.slice();
        piece.limit(n);
        dst.put(piece);
        body.position(body.position() + n);
        if (!body.hasRemaining()) {
            stream.items.pollFirst();
        }
        session.consumed(stream, n);
        session.flush(caller); // the WINDOW_UPDATE the bytes earned
        return n;
    }

    /** Whether the stream may still bring bytes. */
    private boolean open() {
        return !stream.remoteClosed && !stream.reset && stream.error == null && !stream.cutOff;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(FilterCaller.NONE, src);
    }

    @Override
    public int write(FilterCaller caller, ByteBuffer src) throws IOException {
        if (stream.error != null) {
            throw new FilterException(stream.error, stream.errorMessage);
        }
        if (stream.reset || stream.localClosed) {
            throw new FilterException(CurlCode.CURLE_SEND_ERROR, "HTTP/2 stream " + stream.id + " is closed for sending");
        }
        if (appDriven && session.sendable(stream) <= 0) {
            session.readable(); // a WINDOW_UPDATE may wait in the socket: nobody else reads it now
            session.pump(caller, pumpBuffer, stream);
        }
        int n = (int) Math.min(Math.min(src.remaining(), MAX_PIECE), session.sendable(stream));
        if (n <= 0 || session.pendingOutput() > MAX_QUEUED) {
            session.flush(caller);
            return 0;
        }
        ByteBuffer piece = src.slice();
        piece.limit(n);
        session.data(stream, piece, false);
        src.position(src.position() + n);
        session.flush(caller);
        return n;
    }

    /** Whether a write would take bytes now (the windows are open, not much is queued). */
    public boolean canSend() {
        return !stream.localClosed && !stream.reset && session.sendable(stream) > 0
                && session.pendingOutput() <= MAX_QUEUED;
    }

    /** Whether frames of the session wait to be written. */
    public boolean hasOutput() {
        return session.hasOutput();
    }

    @Override
    public boolean hasBufferedInput() {
        return !stream.items.isEmpty();
    }

    /** Frames of the session that wait for the socket need it writable, whatever the stream wants. */
    @Override
    public int socketInterest(int wanted) {
        return session.hasOutput() ? wanted | dev.hiper.curl.Curl.CURL_POLL_OUT : wanted;
    }

    @Override
    public boolean isSecure() {
        return false; // asked of the connection, not of a stream
    }

    /** This end's END_STREAM, unless it went or the stream was reset. */
    public void endStream(FilterCaller caller) throws IOException {
        if (!stream.localClosed && !stream.reset && stream.error == null) {
            session.data(stream, ByteBuffer.allocate(0), true);
            session.flush(caller);
        }
    }

    @Override
    public void close() {
        close(FilterCaller.NONE);
    }

    /** Lets go of the stream: reset (CANCEL) unless both sides ended it; what it held is credited back. */
    public void close(FilterCaller caller) {
        if (!closed) {
            closed = true;
            session.close(stream, caller);
        }
    }
}
