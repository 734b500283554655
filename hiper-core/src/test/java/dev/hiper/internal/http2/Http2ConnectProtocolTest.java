package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.FrameRecorder.concat;
import static dev.hiper.internal.http2.FrameRecorder.frame;
import static dev.hiper.internal.http2.Http2Frames.TYPE_SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.io.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 section 3) read from bytes and kept per connection. */
class Http2ConnectProtocolTest {
    private final FrameRecorder rec = new FrameRecorder();

    private Http2FrameReader reader() {
        return new Http2FrameReader(Http2Limits.DEFAULTS, rec, new ManualClock(), false);
    }

    private static byte[] settings(int... idValue) {
        byte[] p = new byte[idValue.length / 2 * 6];
        for (int i = 0; i < idValue.length; i += 2) {
            int o = i / 2 * 6;
            p[o] = (byte) (idValue[i] >> 8);
            p[o + 1] = (byte) idValue[i];
            p[o + 2] = (byte) (idValue[i + 1] >>> 24);
            p[o + 3] = (byte) (idValue[i + 1] >>> 16);
            p[o + 4] = (byte) (idValue[i + 1] >>> 8);
            p[o + 5] = (byte) idValue[i + 1];
        }
        return frame(TYPE_SETTINGS, 0, 0, p);
    }

    /** Feeds {@code bytes} to a reader whose SETTINGS go through a connect-protocol record. */
    private Http2ConnectProtocol fed(byte[] bytes, List<Http2Exception> errors) throws Http2Exception {
        Http2ConnectProtocol cp = new Http2ConnectProtocol();
        FrameRecorder tracking = new FrameRecorder() {
            @Override
            public void onSettings(Http2Settings s) {
                super.onSettings(s);
                Http2Exception e = cp.settings(s);
                if (e != null) {
                    errors.add(e);
                }
            }
        };
        new Http2FrameReader(Http2Limits.DEFAULTS, tracking, new ManualClock(), false).feed(bytes, 0, bytes.length);
        return cp;
    }

    @Test
    void theSettingIsKeptWhereUnknownOnesAreDropped() throws Http2Exception {
        byte[] bytes = settings(0x7f, 1, 8, 1, 3, 50);
        reader().feed(bytes, 0, bytes.length);
        assertEquals(List.of("SETTINGS Http2Settings[8=1, 3=50]"), rec.events);
        Http2Settings s = new Http2Settings().set(8, 0);
        assertTrue(s.has(Http2Settings.ENABLE_CONNECT_PROTOCOL));
        assertEquals(0, s.get(8, -1));
        assertFalse(Http2Settings.isKnown(7));
    }

    @Test
    void aValueAboveOneIsAConnectionError() {
        for (int v : new int[] {2, 0x7fffffff, -1}) {
            byte[] bytes = settings(8, v);
            Http2Exception e = assertThrows(Http2Exception.class, () -> reader().feed(bytes, 0, bytes.length));
            assertTrue(e.isConnectionError());
            assertEquals(Http2ErrorCode.PROTOCOL_ERROR, e.error());
            assertEquals(CurlCode.CURLE_HTTP2, e.curlCode());
            assertTrue(e.getMessage().contains("SETTINGS_ENABLE_CONNECT_PROTOCOL"), e.getMessage());
        }
    }

    @Test
    void oneThenZeroIsAConnectionErrorButZeroThenOneIsNot() throws Http2Exception {
        List<Http2Exception> errors = new ArrayList<>();
        Http2ConnectProtocol cp = fed(concat(settings(8, 1), settings(8, 0)), errors);
        assertEquals(1, errors.size());
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, errors.get(0).error());
        errors.clear();
        cp = fed(concat(settings(8, 0), settings(8, 1), settings(8, 1), settings(4, 100)), errors);
        assertTrue(errors.isEmpty());
        assertTrue(cp.seen());
        assertTrue(cp.allowed());
    }

    @Test
    void settingsWithoutItLeaveItOffAndWakeTheWaitersOnce() throws Http2Exception {
        Http2ConnectProtocol cp = new Http2ConnectProtocol();
        int[] woken = new int[3];
        Waiter a = new Waiter(() -> woken[0]++);
        Waiter b = new Waiter(() -> woken[1]++);
        Waiter c = new Waiter(() -> woken[2]++);
        cp.await(a);
        cp.await(a);
        cp.await(b);
        cp.await(c);
        cp.stopWaiting(c);
        assertFalse(cp.seen());
        assertNull(cp.settings(new Http2Settings().set(Http2Settings.MAX_CONCURRENT_STREAMS, 10)));
        assertTrue(cp.seen());
        assertFalse(cp.allowed());
        assertNull(cp.settings(new Http2Settings()));
        assertEquals(1, woken[0]);
        assertEquals(1, woken[1]);
        assertEquals(0, woken[2]);
        assertNull(cp.settings(new Http2Settings().set(8, 1)));
        assertTrue(cp.allowed());
    }

    /** A listener that only counts its wakes. */
    /** A stream's transfer that only hears it is to run again (shared by the session tests). */
    /** A stream's listener that counts how often the session wakes it. */
    static final class Waiter extends dev.hiper.testkit.QuietListener {
        Waiter(Runnable onWake) {
            super(onWake);
        }
    }
}
