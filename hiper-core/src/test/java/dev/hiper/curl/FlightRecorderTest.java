package dev.hiper.curl;

import static dev.hiper.curl.Curl.*;
import static dev.hiper.curl.Http1TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.testkit.JettyServer;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's Flight Recorder events: {@code dev.hiper.Transfer} per ended transfer and
 * {@code dev.hiper.Connection} per new connection, with the facts libcurl's {@code CURLINFO_*}
 * values give; none unless a recording asks for them by name.
 */
@Timeout(60)
class FlightRecorderTest {
    private static JettyServer jetty;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        jetty = JettyServer.start();
    }

    @AfterAll
    static void stop() {
        jetty.close();
    }

    private void twoTransfersOnOneHandle() {
        Sink sink = new Sink();
        try (CurlEasy e = easy(jetty.url("/bytes?n=5000"), sink)) {
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
            assertEquals(CurlCode.CURLE_OK, e.setopt(CURLOPT_URL, jetty.url("/status/404")));
            assertEquals(CurlCode.CURLE_OK, e.perform(), e.errorBuffer());
        }
    }

    private List<RecordedEvent> hiperEvents(Recording r) throws Exception {
        Path file = dir.resolve("events.jfr");
        r.dump(file);
        return RecordingFile.readAllEvents(file).stream()
                .filter(ev -> ev.getEventType().getName().startsWith("dev.hiper.")).toList();
    }

    @Test
    void eachTransferAndEachNewConnectionIsAnEvent() throws Exception {
        try (Recording r = new Recording()) {
            r.enable("dev.hiper.Transfer");
            r.enable("dev.hiper.Connection");
            r.start();
            twoTransfersOnOneHandle();
            r.stop();
            List<RecordedEvent> events = hiperEvents(r);
            List<RecordedEvent> transfers = events.stream()
                    .filter(ev -> ev.getEventType().getName().equals("dev.hiper.Transfer")).toList();
            List<RecordedEvent> connections = events.stream()
                    .filter(ev -> ev.getEventType().getName().equals("dev.hiper.Connection")).toList();
            assertEquals(2, transfers.size(), events.toString());
            assertEquals(1, connections.size(), "the second transfer reused the connection: " + events);

            RecordedEvent first = transfers.get(0);
            assertEquals("127.0.0.1", first.getString("host"));
            assertEquals(jetty.port(), first.getInt("port"));
            assertEquals("GET", first.getString("method"));
            assertEquals(200, first.getInt("status"));
            assertEquals("CURLE_OK", first.getString("result"));
            assertEquals("HTTP/1.1", first.getString("httpVersion"));
            assertEquals(5000, first.getLong("received"));
            assertFalse(first.getBoolean("reused"));
            long total = first.getDuration("total").toNanos() / 1000;
            long firstByte = first.getDuration("starttransfer").toNanos() / 1000;
            assertTrue(firstByte > 0 && firstByte <= total, "first byte " + firstByte + " within total " + total);

            RecordedEvent second = transfers.get(1);
            assertEquals(404, second.getInt("status"));
            assertTrue(second.getBoolean("reused"));

            RecordedEvent conn = connections.get(0);
            assertEquals("127.0.0.1", conn.getString("host"));
            assertEquals("127.0.0.1", conn.getString("remoteAddress"));
            assertFalse(conn.getBoolean("tls"));
            assertTrue(conn.getInt("localPort") > 0);
        }
    }

    @Test
    void aRecordingWithJfrsOwnSettingsHasNone() throws Exception {
        try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
            r.start();
            twoTransfersOnOneHandle();
            r.stop();
            assertEquals(List.of(), hiperEvents(r));
        }
    }
}
