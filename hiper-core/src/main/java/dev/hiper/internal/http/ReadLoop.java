package dev.hiper.internal.http;

import dev.hiper.internal.conn.ConnectionFilter;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a codec that reads its connection by itself (HTTP/1.1, and WebSocket after the 101) takes
 * bytes in: at most {@link #READS_PER_RUN} reads a run into the engine's shared read buffer, each
 * handed to the codec's {@link Step}; the bytes a step leaves (a paused application, bytes read
 * past the response, an upgrade's first frames) are copied aside and handed first next time, so
 * the shared buffer is free for the next transfer. {@link #bodyView} gives the read-only view of
 * whichever buffer a body piece lies in.
 */
public final class ReadLoop {
    /** Reads in one run before the others get a turn (more may wait in the socket: the run comes back at once). */
    public static final int READS_PER_RUN = 8;

    /** What the codec does with the bytes. */
    public interface Step {
        /** Handles what it can of {@code buf}; returns whether to read on. */
        boolean process(ByteBuffer buf, ExchangeCodec.Listener l) throws IOException, HttpParseException;

        /** Whether the codec wants no more bytes (its response is over). */
        boolean finished();

        /** A read brought bytes (before they are processed). */
        default void bytesRead(ExchangeCodec.Listener l) {
        }
    }

    private final Step step;
    private ByteBuffer readBuffer;
    private ByteBuffer readView;
    private ByteBuffer stash;
    private ByteBuffer stashView;

    public ReadLoop(Step step) {
        this.step = step;
    }

    /** The engine's shared read buffer and a read-only view of it. */
    public void attach(ByteBuffer readBuffer, ByteBuffer readView) {
        this.readBuffer = readBuffer;
        this.readView = readView;
    }

    /**
     * Reads from {@code filter} and processes until the step stops, the socket has nothing now (a
     * read found nothing, or took less than it had room for), or {@link #READS_PER_RUN} reads were
     * made. Returns true when the input ended.
     */
    public boolean run(ConnectionFilter filter, ExchangeCodec.Listener l) throws IOException, HttpParseException {
        boolean emptied = false;
        for (int reads = 0;;) {
            ByteBuffer buf;
            if (stash != null && stash.hasRemaining()) {
                buf = stash;
            } else {
                clear();
                if (step.finished()) {
                    return false;
                }
                if (reads == READS_PER_RUN) {
                    // more may wait in the socket: come back at once, after the others had a turn
                    l.runSoon();
                    return false;
                }
                buf = readBuffer;
                buf.clear();
                int n = filter.read(l, buf);
                reads++;
                if (n == 0) {
                    return false;
                }
                if (n < 0) {
                    return true;
                }
                buf.flip();
                step.bytesRead(l);
                // the read took all the socket had: another would find nothing until it is readable again
                emptied = filter.inputDrained();
            }
            boolean goOn = step.process(buf, l);
            if (buf.hasRemaining() && buf != stash && l.running()) {
                keep(ByteBuffer.allocate(buf.remaining()).put(buf).flip());
            }
            if (!goOn || emptied && !hasBuffered()) {
                return false;
            }
        }
    }

    /** Bytes to hand first on the next run (already the codec's own copy); null for none. */
    public void keep(ByteBuffer bytes) {
        stash = bytes;
        stashView = bytes == null ? null : bytes.asReadOnlyBuffer();
    }

    /** Whether bytes are kept aside. */
    public boolean hasBuffered() {
        return stash != null && stash.hasRemaining();
    }

    /** The bytes kept aside, handed over once (after a 101, the new protocol's first bytes); null when none. */
    public ByteBuffer take() {
        ByteBuffer b = hasBuffered() ? stash : null;
        clear();
        return b;
    }

    /** Forgets the bytes kept aside. */
    public void clear() {
        stash = null;
        stashView = null;
    }

    /** A read-only view of the {@code n} bytes at {@code in}'s position, {@code in} being a buffer of this loop. */
    public ByteBuffer bodyView(ByteBuffer in, int n) {
        int pos = in.position();
        ByteBuffer view = in == stash ? stashView : readView;
        view.clear();
        view.position(pos);
        view.limit(pos + n);
        return view;
    }
}
