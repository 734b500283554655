package dev.hiper.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hiper.internal.conn.ConnectionFilter;
import dev.hiper.testkit.ChunkFilter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * How many reads a run of the {@link ReadLoop} makes: it reads until a read finds nothing, or
 * until one comes back with less than its room when the filter can tell that the socket is then
 * empty ({@link ConnectionFilter#inputDrained}); what a step leaves is handed to it first.
 */
class ReadLoopTest {
    /** Takes at most {@code take} bytes a call, keeps them, never finishes. */
    static final class Sink implements ReadLoop.Step {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        int take = Integer.MAX_VALUE;

        @Override
        public boolean process(ByteBuffer buf, ExchangeCodec.Listener l) {
            int n = Math.min(take, buf.remaining());
            byte[] b = new byte[n];
            buf.get(b);
            got.writeBytes(b);
            return true;
        }

        @Override
        public boolean finished() {
            return false;
        }
    }

    /** A transfer that is running and hears nothing. */
    private static final ExchangeCodec.Listener LISTENER = new dev.hiper.testkit.QuietListener(() -> { });

    private static ReadLoop loop(Sink sink) {
        ReadLoop r = new ReadLoop(sink);
        ByteBuffer b = ByteBuffer.allocate(64);
        r.attach(b, b.asReadOnlyBuffer());
        return r;
    }

    @Test
    void aShortReadEndsTheRunWhenTheFilterCanTell() throws Exception {
        ChunkFilter f = new ChunkFilter();
        f.tells = true;
        Sink sink = new Sink();
        ReadLoop r = loop(sink);
        f.chunks.add("hello".getBytes());
        f.chunks.add("later".getBytes());
        assertFalse(r.run(f, LISTENER));
        assertEquals(1, f.reads, "the read took less than its room: the socket had no more");
        assertEquals("hello", sink.got.toString());

        f.tells = false;
        assertFalse(r.run(f, LISTENER));
        assertEquals(3, f.reads, "a filter that cannot tell is read until a read finds nothing");
        assertEquals("hellolater", sink.got.toString());
    }

    @Test
    void bytesAStepLeftAreHandedBeforeTheRunEnds() throws Exception {
        ChunkFilter f = new ChunkFilter();
        f.tells = true;
        Sink sink = new Sink();
        sink.take = 2;
        ReadLoop r = loop(sink);
        f.chunks.add("abcdef".getBytes());
        assertFalse(r.run(f, LISTENER));
        assertEquals("abcdef", sink.got.toString(), "what the step left is handed again in the same run");
        assertEquals(1, f.reads);
    }
}
