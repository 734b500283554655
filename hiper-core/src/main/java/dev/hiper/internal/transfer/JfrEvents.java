package dev.hiper.internal.transfer;

import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_0;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_1_1;
import static dev.hiper.curl.Curl.CURL_HTTP_VERSION_2_0;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.Connection;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * Java Flight Recorder events of the engine: {@code dev.hiper.Transfer} when a transfer ends,
 * {@code dev.hiper.Connection} when a new connection is ready for its first request. Both are off
 * unless a recording enables them by name (JFR's own default and profile settings do not); when off, a transfer
 * pays one {@link EventType#isEnabled()} check at its end and at each new connection, and nothing
 * else. Without the {@code jdk.jfr} module in the run time (a trimmed image, or a module path that
 * does not resolve it) there are none, and the event classes are never loaded.
 *
 * <p>The event types are registered only once the JVM's flight recorder is up (a recording
 * started from the command line, by {@code jcmd} or through the API): registering them parses
 * their annotations, about 0.13 s of a short command's start, which a JVM that never records
 * does not pay. Until then no recording can enable them; the first transfer after one started
 * registers them.
 */
final class JfrEvents {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private JfrEvents() {
    }

    /** Whether the flight recorder is up: without it no recording runs. */
    private static final class Recorder {
        static boolean up() {
            return FlightRecorder.isInitialized();
        }
    }

    /** The event types, loaded only where {@code jdk.jfr} is, once the recorder is up. */
    private static final class Types {
        static final EventType TRANSFER = EventType.getEventType(TransferEvent.class);
        static final EventType CONNECTION = EventType.getEventType(ConnectionEvent.class);
    }

    /** The transfer {@code t} ended with {@code result}. */
    static void transferEnded(Transfer t, CurlCode result, boolean reused) {
        if (!PRESENT || !Recorder.up() || !Types.TRANSFER.isEnabled()) {
            return;
        }
        TransferInfo info = t.easy.info;
        TransferEvent e = new TransferEvent();
        if (t.url() != null) {
            e.host = t.url().host();
            e.port = t.url().port();
            e.scheme = t.url().scheme();
        }
        e.method = info.effectiveMethod;
        e.status = info.responseCode;
        e.result = result.name();
        e.httpVersion = version(info.httpVersion);
        e.reused = reused;
        e.redirects = (int) info.redirectCount;
        e.received = info.sizeDownload;
        e.sent = info.sizeUpload;
        e.namelookup = info.namelookupUs;
        e.connect = info.connectUs;
        e.appconnect = info.appconnectUs;
        e.pretransfer = info.pretransferUs;
        e.starttransfer = info.starttransferUs;
        e.total = info.totalUs;
        e.commit();
    }

    /** {@code t} made the new connection {@code c} and is about to send its first request on it. */
    static void connectionReady(Transfer t, Connection c) {
        if (!PRESENT || !Recorder.up() || !Types.CONNECTION.isEnabled()) {
            return;
        }
        TransferInfo info = t.easy.info;
        ConnectionEvent e = new ConnectionEvent();
        e.id = c.id;
        e.host = c.host;
        e.port = c.port;
        e.remoteAddress = c.remote == null ? null : c.remoteIp();
        e.localPort = c.local == null ? 0 : c.local.getPort();
        e.tls = c.filter.isSecure();
        e.alpn = c.filter.alpn();
        e.namelookup = info.namelookupUs;
        e.connect = info.connectUs;
        e.appconnect = info.appconnectUs;
        e.commit();
    }

    private static String version(long v) {
        if (v == CURL_HTTP_VERSION_2_0) {
            return "HTTP/2";
        }
        if (v == CURL_HTTP_VERSION_1_1) {
            return "HTTP/1.1";
        }
        return v == CURL_HTTP_VERSION_1_0 ? "HTTP/1.0" : null;
    }
}
